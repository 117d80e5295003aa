import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { up } from './migrations/2026120719b_rectification_takeover.js';
import { inTransaction } from '../shared/context.js';
import { newId } from '../shared/ids.js';
import { setCaseState } from '../modules/cases/index.js';
import { makeCase } from '../test/case-factories.js';
import { ctxAs, unitOf } from '../test/factories.js';
import { type TestEnv, startTestEnv, testDialects } from '../test/harness.js';

/**
 * Migration 2026120719b_rectification_takeover over records made before the ledger took them
 * over: a case's 以案促改 measures (open and done, to a unit of the organisation; one named only
 * in words stays out) and a quality review's problems in each state. The measures are made by the
 * real routes, then their items (opened by today's code) are taken out to stand for the old
 * database; the problems are written as rows.
 */
describe.each(testDialects())('migration 2026120719b_rectification_takeover on $name', ({ name }) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startTestEnv(name);
  });
  afterAll(async () => env?.close());
  const db = () => env.ctx().db;

  it('gives every old measure and problem its ledger item in the state its record is in, once', async () => {
    const made = await makeCase(env);
    const office1 = await env.as('office1');
    const kase = await db().selectFrom('cases').selectAll().where('id', '=', made.id).executeTakeFirstOrThrow();
    await inTransaction(await ctxAs(env, 'zone1'), (tx) => setCaseState(tx, made.id, kase.version, 'investigating'));
    await office1.put(`/api/cases/${made.id}/analysis`, {
      version: 0,
      causes: '审批流于形式',
      lessons: '监督缺位',
      weaknesses: '公开不及时',
    });
    const village = await unitOf(env, 'vcadre1');
    const recUrl = `/api/cases/${made.id}/recommendations`;
    const rec = async (measure: string, body: Record<string, unknown>) => {
      const res = await office1.post(recUrl, { measure, ownerName: '李主任', dueOn: '2027-01-31', ...body });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    const openMeasure = await rec('建立重大支出事前公示制度', { unitId: village });
    const doneMeasure = await rec('完善民主理财小组议事规则', { unitId: village });
    const wordsMeasure = await rec('规范合作社财务', { unitName: '某合作社' });
    expect(
      (await office1.put(`${recUrl}/${doneMeasure}`, { version: 1, status: 'done', doneNote: '已印发' })).statusCode,
    ).toBe(200);

    // Quality problems as the old code wrote them: organiser zone1's unit, handled by township1.
    const organiser = await db()
      .selectFrom('units')
      .selectAll()
      .where('id', '=', await unitOf(env, 'zone1'))
      .executeTakeFirstOrThrow();
    const handler = await db()
      .selectFrom('units')
      .selectAll()
      .where('id', '=', await unitOf(env, 'township1'))
      .executeTakeFirstOrThrow();
    const at = '2026-11-20T02:00:00.000Z';
    const reviewId = newId();
    const reviewCaseId = newId();
    await db()
      .insertInto('quality_reviews')
      .values({
        id: reviewId,
        title: '2026年第四季度案件质量评查',
        kind: 'periodic',
        period_label: '2026Q4',
        status: 'open',
        checklist: '[]',
        version: 1,
        created_by: null,
        created_at: at,
        updated_at: at,
        owner_unit_id: organiser.id,
        owner_unit_path: organiser.path,
        region_path: organiser.region_path,
        county_code: organiser.county_code,
      })
      .execute();
    await db()
      .insertInto('quality_review_cases')
      .values({
        id: reviewCaseId,
        review_id: reviewId,
        case_id: made.id,
        case_number: made.number,
        case_title: '某村会计挪用集体资金案',
        handling_unit_id: handler.id,
        handling_unit_name: handler.name,
        examiner_id: (
          await db().selectFrom('users').select('id').where('username', '=', 'zone1').executeTakeFirstOrThrow()
        ).id,
        examiner_name: '评查员',
        check_id: null,
        status: 'concluded',
        score: 80,
        grade: 'qualified',
        concluded_at: at,
        version: 1,
        created_at: at,
      })
      .execute();
    const problem = async (seq: number, status: string, over: Record<string, string | null>) => {
      const id = newId();
      await db()
        .insertInto('quality_problems')
        .values({
          id,
          review_id: reviewId,
          review_case_id: reviewCaseId,
          case_id: made.id,
          seq,
          item_code: `item${seq}`,
          item_label: `评查项目${seq}`,
          severity: 'major',
          description: `问题描述${seq}`,
          owner_unit_id: handler.id,
          owner_unit_path: handler.path,
          region_path: handler.region_path,
          county_code: handler.county_code,
          organiser_unit_id: organiser.id,
          organiser_unit_path: organiser.path,
          organiser_region_path: organiser.region_path,
          owner_user_id: null,
          owner_user_name: '张三',
          due_on: '2026-12-20',
          status,
          rectification_note: null,
          submitted_at: null,
          submitted_by: null,
          returned_note: null,
          confirmed_at: null,
          confirmed_by: null,
          confirm_note: null,
          version: 1,
          created_at: at,
          updated_at: at,
          ...over,
        })
        .execute();
      return id;
    };
    const returned = await problem(1, 'open', { returned_note: '材料不全' });
    const submitted = await problem(2, 'submitted', { rectification_note: '已整改', submitted_at: at });
    const confirmed = await problem(3, 'confirmed', { confirmed_at: at, confirm_note: '整改到位' });

    // The database as it stood before the take-over: no items of these two sources.
    const ours = db()
      .selectFrom('rectification_items')
      .select('id')
      .where('source_kind', 'in', ['case_reform', 'quality_review']);
    await db().deleteFrom('rectification_events').where('item_id', 'in', ours).execute();
    await db()
      .deleteFrom('rectification_items')
      .where('source_kind', 'in', ['case_reform', 'quality_review'])
      .execute();

    await up(db());
    const items = async () =>
      db()
        .selectFrom('rectification_items')
        .selectAll()
        .where('source_kind', 'in', ['case_reform', 'quality_review'])
        .execute();
    const after = await items();
    const of = (id: string) => after.find((i) => i.source_id === id);
    expect(after).toHaveLength(5);
    expect(of(wordsMeasure)).toBeUndefined();
    expect(of(openMeasure)).toMatchObject({
      source_kind: 'case_reform',
      status: 'open',
      owner_unit_id: village,
      issuer_unit_id: kase.owner_unit_id,
      due_on: '2027-01-31',
      responsible_person: '李主任',
    });
    expect(of(openMeasure)!.zone_id).not.toBeNull();
    expect(of(doneMeasure)).toMatchObject({ status: 'closed', acceptance_note: '已印发' });
    expect(of(returned)).toMatchObject({
      source_kind: 'quality_review',
      status: 'in_progress',
      rejections: 1,
      last_rejection: '材料不全',
      owner_unit_id: handler.id,
      issuer_unit_id: organiser.id,
      severity: 'major',
      problem: '评查项目1：问题描述1',
    });
    expect(of(submitted)).toMatchObject({ status: 'submitted', evidence_note: '已整改', submitted_at: at });
    expect(of(confirmed)).toMatchObject({ status: 'closed', closed_at: at, acceptance_note: '整改到位' });
    const events = await db()
      .selectFrom('rectification_events')
      .select(['kind', 'user_name'])
      .where(
        'item_id',
        'in',
        after.map((i) => i.id),
      )
      .execute();
    expect(events).toHaveLength(5);
    expect(events.every((e) => e.kind === 'created' && e.user_name === '系统')).toBe(true);
    // The new code reads the link: the case's tab shows each measure's item.
    const view = (await office1.get(`/api/cases/${made.id}/analysis`)).json();
    expect(
      view.recommendations.map((r: { id: string; rectificationItemId: string | null }) => [
        r.id,
        r.rectificationItemId,
      ]),
    ).toEqual([
      [openMeasure, of(openMeasure)!.id],
      [doneMeasure, of(doneMeasure)!.id],
      [wordsMeasure, null],
    ]);

    // Run again (a database where some were already taken over): nothing doubles.
    await up(db());
    expect(await items()).toHaveLength(5);
  }, 90_000);
});
