import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ctxAs } from '../../test/factories.js';
import { decidedReviewCase, decidedSanction, sanctionVersion } from '../../test/sanction-factories.js';
import { type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';

/**
 * Timer 15 (CF23 第四十四条: job, pay and benefit changes within 1 month of a 撤销党内职务 or
 * heavier decision, extendable to 6 months in all with the higher organ's approval): the extension
 * granted moves the due date, is kept with its approver and reason, goes on the trail and the
 * audit log; the change then recorded after the first month is met in time; a second extension
 * (past 6 months) is refused. The refusal of a 6-month step is in sanctions.records.test.ts.
 */
describe.each(testDialects())('timer 15, extended, on $name', ({ name }) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startTestEnv(name);
  });
  afterAll(async () => env?.close());

  const jobPayClock = async (id: string) =>
    env
      .ctx()
      .db.selectFrom('deadlines')
      .selectAll()
      .where('resource_type', '=', 'sanction')
      .where('resource_id', '=', id)
      .where('kind', '=', 'sanction_job_pay')
      .executeTakeFirstOrThrow();

  it('extends the job and pay changes by 5 months with the county leader’s approval; the change recorded in the 2nd month is in time', async () => {
    const made = await decidedReviewCase(env, ['party.post_removal'], {
      authority: 'township_managed',
      // 撤销党内职务 needs a party post on record (the draft reads it from the position).
      position: '村党支部书记',
    });
    const id = made.sanctionIds[0]!;
    await decidedSanction(env, made.reviewer, id, { body: 'township_party_committee' });
    const before = await jobPayClock(id);
    expect(before).toMatchObject({ legal_due_on: '2026-12-20', extended: 0, met_at: null });
    const leader = (await ctxAs(env, 'leader')).actor!.userId;

    // Without an approver holding the higher organ's role (the reviewer is not): refused, nothing moved.
    const noApprover = await made.reviewer.post(`/api/sanctions/${id}/job-pay-extension`, {
      version: await sanctionVersion(env, id),
      months: 5,
      reason: '岗位调整需上级组织部门研究',
    });
    expect(noApprover.statusCode).toBe(403);
    expect(noApprover.json().error.code).toBe('DEADLINE_APPROVER_ROLE');
    expect(await jobPayClock(id)).toMatchObject({ legal_due_on: '2026-12-20', extended: 0 });

    const version = await sanctionVersion(env, id);
    const ext = await made.reviewer.post(`/api/sanctions/${id}/job-pay-extension`, {
      version,
      months: 5,
      reason: '岗位调整需上级组织部门研究',
      approverId: leader,
    });
    expect(ext.statusCode, ext.body).toBe(200);
    const after = await jobPayClock(id);
    // 1 + 5 months from the decision (2026-11-20), counted from the end of the legal month.
    expect(after).toMatchObject({ legal_due_on: '2027-05-20', extended: 1, met_at: null });
    expect(ext.json()).toEqual({ version: version + 1, dueOn: after.due_on });
    expect(after.due_on >= '2027-05-20').toBe(true);
    const kept = await env
      .ctx()
      .db.selectFrom('deadline_extensions')
      .selectAll()
      .where('deadline_id', '=', after.id)
      .execute();
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({
      seq: 1,
      amount: 5,
      unit: 'months',
      approver_user_id: leader,
      approver_role: 'commission_leader',
      reason: '岗位调整需上级组织部门研究',
      legal_due_before: '2026-12-20',
      legal_due_after: '2027-05-20',
    });
    const audit = await env
      .ctx()
      .db.selectFrom('audit_events')
      .select(['action', 'changes'])
      .where('resource_id', '=', id)
      .where('action', '=', 'sanction.extend')
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0]!.changes)).toContain(after.due_on);
    const trail = await env
      .ctx()
      .db.selectFrom('sanction_events')
      .select(['action', 'note'])
      .where('sanction_id', '=', id)
      .execute();
    expect(trail.at(-1)).toMatchObject({ action: 'job_pay' });
    expect(trail.at(-1)!.note).toContain('延长5个月');

    // 6 months in all: no second extension.
    const again = await made.reviewer.post(`/api/sanctions/${id}/job-pay-extension`, {
      version: await sanctionVersion(env, id),
      months: 1,
      reason: '再次延长',
      approverId: leader,
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('DEADLINE_NOT_EXTENDABLE');

    // Past the first month (2027-01-15): not overdue, and the change recorded then meets it in time.
    env.clock.advance(56 * 86_400_000);
    const reviewer = await env.as('reviewer');
    const page = await reviewer.get(`/api/sanctions/${id}`);
    expect(page.statusCode, page.body).toBe(200);
    const shown = (page.json().clocks as { kind: string; overdue: boolean; dueOn: string }[]).find(
      (c) => c.kind === 'sanction_job_pay',
    );
    expect(shown).toMatchObject({ overdue: false, dueOn: after.due_on });
    // The page and the case's outcomes carry the server's date, which the console counts from.
    expect(page.json().today).toBe('2027-01-15');
    const outcomes = await reviewer.get(`/api/cases/${made.caseId}/sanctions`);
    expect(outcomes.json().today).toBe('2027-01-15');
    const step = await reviewer.post(`/api/sanctions/${id}/steps/job_pay`, {
      version: await sanctionVersion(env, id),
      on: '2027-01-15',
    });
    expect(step.statusCode, step.body).toBe(200);
    const met = await jobPayClock(id);
    expect(met.met_at).not.toBeNull();
    expect(met.met_at!.slice(0, 10) <= met.due_on).toBe(true);
    expect(met.met_at!.slice(0, 10) > '2026-12-20').toBe(true);
  });
});
