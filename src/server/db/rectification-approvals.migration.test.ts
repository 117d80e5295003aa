import { afterAll, describe, expect, it } from 'vitest';
import { testDialects } from '../test/harness.js';
import { type MigrationDb, openMigrationDb, seedCountyCommission } from '../test/migration-db.js';

/**
 * Migration 2026120807a_rectification_approvals over rows the older code wrote: an extension
 * request still waiting and one decided without a chain, a recommendation draft and an issued
 * one. They keep their states (a waiting request is `pending`, now waiting for the issuer side's
 * 呈批; an issued recommendation stays issued) and have no approval; the new columns are there
 * for the new flow.
 */
describe.each(testDialects())('migration 2026120807a_rectification_approvals on $name', ({ name }) => {
  let m: MigrationDb | undefined;
  afterAll(async () => m?.close());

  it('keeps the old extensions and recommendations in their states, with no approval', async () => {
    const opened = await openMigrationDb(name, 'm');
    m = opened;
    const { db } = opened;
    await opened.migrateTo('2026120719b_rectification_takeover');
    const at = '2026-11-20T02:00:00.000Z';
    await seedCountyCommission(db, at);
    await db
      .insertInto('users')
      .values({
        id: 'p1',
        username: 'old',
        display_name: '旧账号',
        unit_id: 'u1',
        staff_id: null,
        password_hash: 'x',
        must_change_password: 0,
        password_changed_at: at,
        failed_attempts: 0,
        locked_until: null,
        locked_at: null,
        totp_secret_enc: null,
        totp_enabled: 0,
        totp_last_step: null,
        disabled: 0,
        last_login_at: null,
        version: 1,
        created_at: at,
        updated_at: at,
      })
      .execute();
    const scope = { owner_unit_id: 'u1', owner_unit_path: '/u1/', region_path: '/411221000000/' };
    await db
      .insertInto('rectification_items')
      .values({
        id: 'i1',
        parent_id: null,
        source_kind: 'audit',
        source_id: null,
        source_document: '审计报告',
        problem: '迁移前的整改事项',
        severity: 'minor',
        measures: null,
        ...scope,
        county_code: '411221000000',
        responsible_person: null,
        responsible_user_id: null,
        issuer_unit_id: 'u1',
        issuer_unit_path: '/u1/',
        issuer_region_path: '/411221000000/',
        zone_id: null,
        due_on: '2026-12-31',
        original_due_on: '2026-12-01',
        status: 'in_progress',
        escalation: null,
        escalated_at: null,
        evidence_note: null,
        submitted_at: null,
        submitted_by: null,
        rejections: 0,
        last_rejection: null,
        closed_at: null,
        closed_by: null,
        acceptance_note: null,
        follow_up_on: null,
        followed_up_at: null,
        follow_up_result: null,
        next_escalation: null,
        next_escalation_on: null,
        follow_up_note: null,
        relapse_of: null,
        created_by: 'p1',
        version: 3,
        created_at: at,
        updated_at: at,
      })
      .execute();
    const extension = (id: string, status: string, decided: boolean) => ({
      id,
      item_id: 'i1',
      from_due_on: '2026-12-01',
      requested_due_on: '2026-12-31',
      reason: '等待村民代表会议',
      requested_by: 'p1',
      requested_at: at,
      status,
      decided_by: decided ? 'p1' : null,
      decided_at: decided ? at : null,
      decision_note: decided ? '同意' : null,
    });
    await db
      .insertInto('rectification_extensions')
      .values([extension('x1', 'approved', true), extension('x2', 'pending', false)] as never)
      .execute();
    const recommendation = (id: string, status: string, number: string | null) => ({
      id,
      kind: 'supervision',
      number,
      subject: '迁移前的监察建议',
      issuer_unit_id: 'u1',
      issuer_unit_path: '/u1/',
      issuer_region_path: '/411221000000/',
      ...scope,
      county_code: '411221000000',
      recipient_principal: '王主任',
      situation: '情况',
      problems: '问题',
      requirements: '要求',
      deadline: '2026-12-31',
      report_back: '书面报告',
      source_kind: null,
      source_id: null,
      status,
      reply_due_on: number ? '2026-12-31' : null,
      issued_at: number ? at : null,
      issued_by: number ? 'p1' : null,
      replied_at: null,
      replied_by: null,
      reply_note: null,
      refused_at: null,
      refused_by: null,
      refusal_reason: null,
      refusal_justified: null,
      refusal_ruling_note: null,
      accountability_flagged_at: null,
      created_by: 'p1',
      version: 2,
      created_at: at,
      updated_at: at,
    });
    await db
      .insertInto('recommendations')
      .values([recommendation('r1', 'draft', null), recommendation('r2', 'issued', '渑纪建〔2026〕0001号')] as never)
      .execute();

    await opened.migrateToLatest();
    const extensions = await db.selectFrom('rectification_extensions').selectAll().orderBy('id').execute();
    expect(extensions.map((x) => [x.id, x.status, x.approval_id, x.submitted_at, x.submit_opinion])).toEqual([
      ['x1', 'approved', null, null, null],
      ['x2', 'pending', null, null, null],
    ]);
    const recommendations = await db.selectFrom('recommendations').selectAll().orderBy('id').execute();
    expect(recommendations.map((r) => [r.id, r.status, r.number, r.approval_id, r.submitted_at])).toEqual([
      ['r1', 'draft', null, null, null],
      ['r2', 'issued', '渑纪建〔2026〕0001号', null, null],
    ]);
    const item = await db
      .selectFrom('rectification_items')
      .selectAll()
      .where('id', '=', 'i1')
      .executeTakeFirstOrThrow();
    expect(item).toMatchObject({ due_on: '2026-12-31', status: 'in_progress' });
    expect(Number(item.version)).toBe(3);
  });
});
