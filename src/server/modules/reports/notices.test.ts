import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createWorker } from '../../bootstrap.js';
import { type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { samplePng } from '../../test/sample-files.js';
import { NOTIFY_HANDLERS_JOB, notifyHandlers } from './reports.jobs.js';
import { MAC_RECEIPT } from './reports.model.js';

/**
 * What a reporter does on the public pages reaches the bell of the owning unit's handlers (issue 10
 * §4): a new report, a message, a file and a re-check request. The public side writes one job row
 * in its own transaction; the worker tells exactly the people who handle reports in scope, once,
 * and tells them nothing about the reporter or what they wrote.
 */

const REPORTER = { name: '冯举报', phone: '13911112222' };
const CONTENT = '村委会主任冒领退耕还林补贴，涉及十二户农户的补贴款。';
const MESSAGE = '补充一下：冒领的补贴打进了他小舅子的存折。';
const REASON = '处理结果与事实不符，申请复查核实存折去向。';
/** The holders of report.manage whose scope covers a township-1 report: its secretary and staff, and the county intake office. */
const TOWNSHIP1_HANDLERS = ['intake', 'township1', 'tstaff1'];

describe.each(testDialects())('handlers hear of reporters on $name', ({ name }) => {
  let env: TestEnv;
  let village1: string;
  let village2: string;

  const villageUnder = async (township: string) =>
    (
      await env
        .ctx()
        .db.selectFrom('regions')
        .select('code')
        .where('parent_code', '=', township)
        .where('level', '=', 'village')
        .orderBy('code')
        .executeTakeFirstOrThrow()
    ).code;

  /** Runs every due job, as the worker of `serve` does. */
  async function drain(): Promise<number> {
    const worker = createWorker(env.platform, env.clock);
    let ran = 0;
    for (let n = await worker.runOnce(); n > 0; n = await worker.runOnce()) ran += n;
    // A job that failed is logged by the worker and retried later: here it fails the test.
    const failed = await env
      .ctx()
      .db.selectFrom('jobs')
      .select(['kind', 'last_error'])
      .where('last_error', 'is not', null)
      .execute();
    if (failed.length) throw new Error(`jobs failed: ${JSON.stringify(failed)}`);
    return ran;
  }

  /** The notifications about `reportId`, as (username, kind, title, body), by username. */
  async function noticesAbout(reportId: string) {
    const rows = await env
      .ctx()
      .db.selectFrom('notifications as n')
      .innerJoin('users as u', 'u.id', 'n.user_id')
      .select(['u.username', 'n.kind', 'n.title', 'n.body'])
      .where('n.resource_id', '=', reportId)
      .orderBy('u.username')
      .orderBy('n.kind')
      .execute();
    return rows;
  }

  async function submit(regionCode: string, named = true, kind: 'accusation' | 'petition' = 'accusation') {
    const res = await env.anon().post('/api/public/reports', {
      regionCode,
      kind,
      named,
      ...(named ? { reporter: REPORTER } : {}),
      subject: { name: '褚某', position: '村委会主任' },
      content: CONTENT,
    });
    expect(res.statusCode, res.body).toBe(201);
    const receipt = res.json<{ receipt: string }>().receipt;
    const row = await env
      .ctx()
      .db.selectFrom('reports')
      .select(['id', 'number'])
      .where('receipt_hash', '=', env.ctx().keyring.mac(MAC_RECEIPT, receipt))
      .executeTakeFirstOrThrow();
    return { receipt, id: row.id, number: row.number! };
  }

  /** Asserts that no notification text holds anything the reporter gave. */
  function expectNothingOfTheReporter(rows: { title: string; body: string }[]) {
    for (const r of rows) {
      for (const secret of [REPORTER.name, REPORTER.phone, CONTENT, MESSAGE, REASON, '冒领', '存折']) {
        expect(r.title).not.toContain(secret);
        expect(r.body).not.toContain(secret);
      }
    }
  }

  beforeAll(async () => {
    env = await startTestEnv(name);
    village1 = await villageUnder('411221100000');
    village2 = await villageUnder('411221200000');
  });
  beforeEach(async () => {
    await drain();
  });
  afterAll(async () => env?.close());

  it('tells the handlers in scope of a new public report, through a job written with it, once', async () => {
    const jobsBefore = await env
      .ctx()
      .db.selectFrom('jobs')
      .select('id')
      .where('kind', '=', NOTIFY_HANDLERS_JOB)
      .execute();
    const r = await submit(village1);
    // The submission wrote the job, not the notifications: nobody was looked up on its path.
    const jobs = await env
      .ctx()
      .db.selectFrom('jobs')
      .select(['id', 'payload', 'status'])
      .where('kind', '=', NOTIFY_HANDLERS_JOB)
      .execute();
    expect(jobs).toHaveLength(jobsBefore.length + 1);
    const job = jobs.find((j) => !jobsBefore.some((b) => b.id === j.id))!;
    expect(JSON.parse(job.payload)).toEqual({ reportId: r.id, notice: 'received', ref: r.id });
    expect(await noticesAbout(r.id)).toEqual([]);

    expect(await drain()).toBe(1);
    const told = await noticesAbout(r.id);
    expect(told.map((n) => n.username)).toEqual(TOWNSHIP1_HANDLERS);
    for (const n of told) {
      expect(n).toMatchObject({ kind: 'report_received', title: '收到扫码举报' });
      expect(n.body).toContain(r.number);
      expect(n.body).toContain('褚某');
    }
    expectNothingOfTheReporter(told);

    // A worker that died after the work but before marking the job done runs it again: no repeat.
    await env
      .ctx()
      .db.updateTable('jobs')
      .set({ status: 'pending', locked_by: null })
      .where('id', '=', job.id)
      .execute();
    expect(await drain()).toBe(1);
    expect(await noticesAbout(r.id)).toEqual(told);
    expect(await notifyHandlers(env.ctx().db, env.clock, JSON.parse(job.payload))).toBe(0);
  });

  it("tells township 2's handlers of their own reports, and nobody outside", async () => {
    const r = await submit(village2, false);
    await drain();
    expect((await noticesAbout(r.id)).map((n) => n.username)).toEqual(['intake', 'township2']);
  });

  it('writes no job for a submission that fails, even when it shares a commit with others', async () => {
    const count = async () =>
      Number(
        (
          await env
            .ctx()
            .db.selectFrom('jobs')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('kind', '=', NOTIFY_HANDLERS_JOB)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const body = (regionCode: string) => ({
      regionCode,
      named: false,
      subject: { name: '卫某' },
      content: '村会计挪用集体资金用于个人开支。',
    });
    const answers = await Promise.all([
      env.anon().post('/api/public/reports', body(village1)),
      env.anon().post('/api/public/reports', body('411221999999')),
      env.anon().post('/api/public/reports', body(village2)),
    ]);
    expect(answers.map((a) => a.statusCode)).toEqual([201, 400, 201]);
    expect(await count()).toBe(before + 2);
  });

  it("tells them of a reporter's message and file, and of a re-check request, without their words", async () => {
    // A petition: the re-check (复查) is the petitions' remedy (XF 第三十五条).
    const r = await submit(village1, true, 'petition');
    await drain();
    const msg = await env.anon().post('/api/public/receipt-messages', { receipt: r.receipt, body: MESSAGE });
    expect(msg.statusCode, msg.body).toBe(201);
    const png = samplePng(3);
    for (const file of ['存折.png', '照片.png']) {
      const up = await env
        .anon()
        .upload('/api/public/receipt-attachments', { receipt: r.receipt }, { name: file, bytes: png });
      expect(up.statusCode, up.body).toBe(201);
    }
    expect(await drain()).toBe(3);
    const told = await noticesAbout(r.id);
    const byKind = (kind: string) => told.filter((n) => n.kind === kind);
    expect(byKind('reporter_message').map((n) => n.username)).toEqual(TOWNSHIP1_HANDLERS);
    expect(byKind('reporter_message')[0]!.title).toBe('举报人补充留言');
    // One notice per file (each is its own record), to each handler.
    expect(byKind('reporter_files').map((n) => n.username)).toEqual(TOWNSHIP1_HANDLERS.flatMap((u) => [u, u]));
    expect(byKind('reporter_files')[0]!.title).toBe('举报人补充材料');
    expectNothingOfTheReporter(told);

    // Closed by the township, the report's re-check is the county's: the county is told to answer,
    // the township that the report is being re-checked; nobody twice, nobody outside.
    const t1 = await env.as('township1');
    let d = (await t1.get(`/api/reports/${r.id}`)).json();
    expect((await t1.post(`/api/reports/${r.id}/acceptance`, { version: d.version })).statusCode).toBe(200);
    d = (await t1.get(`/api/reports/${r.id}`)).json();
    const closed = await t1.post(`/api/reports/${r.id}/disposal`, {
      version: d.version,
      disposition: 'conclude',
      note: '经核实，反映问题不属实。',
    });
    expect(closed.statusCode, closed.body).toBe(200);
    const asked = await env.anon().post('/api/public/receipt-rechecks', { receipt: r.receipt, reason: REASON });
    expect(asked.statusCode, asked.body).toBe(201);
    const rechecks = (await noticesAbout(r.id)).filter((n) => n.kind === 'recheck_requested');
    expect(rechecks.map((n) => n.username)).toEqual(TOWNSHIP1_HANDLERS);
    expect(rechecks.find((n) => n.username === 'intake')!.title).toBe('收到复查申请');
    expect(rechecks.find((n) => n.username === 'township1')!.title).toBe('举报人申请复查');
    expectNothingOfTheReporter(await noticesAbout(r.id));
  });
});
