/**
 * Reading cases: the case ledger (every line the reader may see; the content only on the cases
 * they are on or supervise) and one case's page (content, subjects, team, trail), each read
 * audited as who saw what.
 */
import type { CaseStatus, CaseTarget, FilingCondition, HandlingMode } from '../../shared/cases.codes.js';
import { type Ctx, inTransaction } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { loadInScope } from '../access/index.js';
import { recordAudit } from '../audit/index.js';
import { deadlinesOf } from '../deadlines/index.js';
import { type CaseAction, caseFilePolicy, caseLineWhere, casePolicy } from './cases.policy.js';
import { type CaseLedgerQuery, type CaseLine, readCaseLedgerPage } from './cases.ledger.js';
import { type CaseMember, type CaseSubject, addCaseEvent, caseMembersOf, caseSubjectsOf } from './cases.service.js';
import { requireCaseStatus, touchCase } from './cases.state.js';
import type { CaseRow } from './cases.tables.js';

/**
 * The case ledger page (`readCaseLedgerPage`) with its audit event naming the cases shown in
 * full (none for a page of lines only), in one transaction.
 */
export async function listCases(
  ctx: Ctx,
  query: CaseLedgerQuery,
): Promise<{ items: CaseLine[]; total: number; totalCapped: boolean }> {
  return inTransaction(ctx, async (tx) => {
    const page = await readCaseLedgerPage(tx, query);
    const shown = page.items.filter((i) => i.visibility === 'full').map((i) => i.id);
    if (shown.length > 0)
      await recordAudit(tx, {
        action: 'case.list',
        resourceType: 'case',
        resourceId: null,
        unitId: null,
        changes: { shown: [null, shown] },
      });
    return page;
  });
}

/**
 * Loads a case for `action`, telling apart "no such case for you" (404: out of scope, recused)
 * from "you see its line, not its content" (403 NEED_TO_KNOW: the subject's own township, a
 * colleague in scope who is not on the team).
 */
export async function loadCase(
  tx: Ctx,
  id: string,
  action: CaseAction,
  opts: { version?: number; forUpdate?: boolean } = {},
): Promise<CaseRow> {
  try {
    // Reading the file also lets in its registered readers (a reviewer on the review team), read-only.
    if (action === 'detail') return await loadInScope<'detail', CaseRow>(tx, caseFilePolicy, id, 'detail', opts);
    return await loadInScope<CaseAction, CaseRow>(tx, casePolicy, id, action, opts);
  } catch (e) {
    if (!(e instanceof Error) || !('code' in e) || e.code !== 'NOT_FOUND' || !tx.actor?.scopes.get('case.read'))
      throw e;
    const line = await tx.db
      .selectFrom('cases as c')
      .select('c.id')
      .where('c.id', '=', id)
      .where((eb) => caseLineWhere(tx, 'c')(eb as never))
      .executeTakeFirst();
    if (!line) throw e;
    throw domainError('NEED_TO_KNOW', { resource: 'case' });
  }
}

/** A case's page. */
export interface CaseDetail {
  id: string;
  number: string | null;
  status: CaseStatus;
  title: string;
  targetKind: CaseTarget;
  subjectNames: string;
  summary: string;
  basis: string;
  conditions: FilingCondition[];
  directReason: string | null;
  clueId: string | null;
  mode: HandlingMode;
  modeReason: string;
  modeReasonNote: string | null;
  modeDecidedByName: string | null;
  modeDecidedAt: string | null;
  filingUnit: { id: string; name: string };
  handlingUnit: { id: string; name: string };
  zone: { id: string; name: string } | null;
  coOrgan: string | null;
  subjectUnitName: string | null;
  targetLevel: string;
  filingApprovalId: string | null;
  filedOn: string | null;
  announcedOn: string | null;
  notifiedOn: string | null;
  version: number;
  createdAt: string;
  subjects: CaseSubject[];
  team: CaseMember[];
  formerMembers: CaseMember[];
  clocks: Awaited<ReturnType<typeof deadlinesOf>>;
  events: { at: string; actorName: string; action: string; label: string; note: string | null }[];
  /** What the reader may do here. */
  can: { manage: boolean; assign: boolean; register: boolean; onTeam: boolean };
}

async function allowed(tx: Ctx, id: string, action: CaseAction): Promise<boolean> {
  try {
    await loadInScope(tx, casePolicy, id, action);
    return true;
  } catch {
    return false;
  }
}

/**
 * One case's page for a reader who may see its content (team or supervisors; NEED_TO_KNOW for
 * the line-only, NOT_FOUND out of scope or recused). Audited (`case.read`).
 */
export async function readCase(ctx: Ctx, id: string): Promise<CaseDetail> {
  return inTransaction(ctx, async (tx) => {
    const row = await loadCase(tx, id, 'detail');
    const units = await tx.db
      .selectFrom('units')
      .select(['id', 'name'])
      .where('id', 'in', [row.filing_unit_id, row.handling_unit_id, row.subject_unit_id ?? row.handling_unit_id])
      .execute();
    const unitName = (uid: string | null) => units.find((u) => u.id === uid)?.name ?? '';
    const zone = row.zone_id
      ? await tx.db.selectFrom('zones').select(['id', 'name']).where('id', '=', row.zone_id).executeTakeFirst()
      : undefined;
    const members = await caseMembersOf(tx, id, { all: true });
    const events = await tx.db
      .selectFrom('case_events')
      .select(['at', 'actor_name', 'action', 'label', 'note'])
      .where('case_id', '=', id)
      .orderBy('at')
      .orderBy('id')
      .execute();
    const userId = tx.actor?.userId;
    const detail: CaseDetail = {
      id: row.id,
      number: row.number,
      status: row.status as CaseStatus,
      title: row.title,
      targetKind: row.target_kind as CaseTarget,
      subjectNames: row.subject_name,
      summary: row.summary,
      basis: row.basis,
      conditions: JSON.parse(row.conditions) as FilingCondition[],
      directReason: row.direct_reason,
      clueId: row.clue_id,
      mode: row.mode as HandlingMode,
      modeReason: row.mode_reason,
      modeReasonNote: row.mode_reason_note,
      modeDecidedByName: row.mode_decided_by_name,
      modeDecidedAt: row.mode_decided_at,
      filingUnit: { id: row.filing_unit_id, name: unitName(row.filing_unit_id) },
      handlingUnit: { id: row.handling_unit_id, name: unitName(row.handling_unit_id) },
      zone: zone ? { id: zone.id, name: zone.name } : null,
      coOrgan: row.co_organ,
      subjectUnitName: row.subject_unit_id ? unitName(row.subject_unit_id) : null,
      targetLevel: row.target_level,
      filingApprovalId: row.filing_approval_id,
      filedOn: row.filed_on,
      announcedOn: row.announced_on,
      notifiedOn: row.notified_on,
      version: row.version,
      createdAt: row.created_at,
      subjects: await caseSubjectsOf(tx, id),
      team: members.filter((m) => m.removedAt === null),
      formerMembers: members.filter((m) => m.removedAt !== null),
      clocks: await deadlinesOf(tx, 'case', id),
      events: events.map((e) => ({
        at: e.at,
        actorName: e.actor_name,
        action: e.action,
        label: e.label,
        note: e.note,
      })),
      can: {
        manage: await allowed(tx, id, 'manage'),
        assign: await allowed(tx, id, 'assign'),
        register: await allowed(tx, id, 'register'),
        onTeam: members.some((m) => m.userId === userId && m.removedAt === null),
      },
    };
    await recordAudit(tx, {
      action: 'case.read',
      resourceType: 'case',
      resourceId: id,
      unitId: row.owner_unit_id,
    });
    return detail;
  });
}

/**
 * Records when the filing decision was announced to the person (宣布立案决定) and when their
 * party organisation and unit were notified (立案通知书), on a filed case (team or supervisors).
 * Throws NOT_FOUND, NEED_TO_KNOW, CASE_TRANSITION (not filed yet), CONFLICT, VALIDATION_FAILED
 * (a date before the filing).
 */
export async function recordFilingNotice(
  ctx: Ctx,
  id: string,
  input: { version: number; announcedOn?: string | null | undefined; notifiedOn?: string | null | undefined },
): Promise<{ version: number }> {
  return inTransaction(ctx, async (tx) => {
    const row = await loadCase(tx, id, 'manage', { version: input.version, forUpdate: true });
    await requireCaseStatus(tx, id, ['filed', 'investigating', 'facts_shown'], 'filing_notice');
    for (const [field, value] of [
      ['announcedOn', input.announcedOn],
      ['notifiedOn', input.notifiedOn],
    ] as const)
      if (value && row.filed_on && value < row.filed_on)
        throw errors.validation({ field }, `日期不能早于立案日期（${row.filed_on}）`);
    const version = await touchCase(tx, id, input.version);
    const set: Record<string, string | null> = {};
    if (input.announcedOn !== undefined) set.announced_on = input.announcedOn;
    if (input.notifiedOn !== undefined) set.notified_on = input.notifiedOn;
    if (Object.keys(set).length > 0) await tx.db.updateTable('cases').set(set).where('id', '=', id).execute();
    if (input.announcedOn) await addCaseEvent(tx, id, 'announced', { note: input.announcedOn });
    if (input.notifiedOn) await addCaseEvent(tx, id, 'notified', { note: input.notifiedOn });
    await recordAudit(tx, {
      action: 'case.filing_notice',
      resourceType: 'case',
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: {
        announcedOn: [row.announced_on, input.announcedOn ?? row.announced_on],
        notifiedOn: [row.notified_on, input.notifiedOn ?? row.notified_on],
      },
    });
    return { version };
  });
}
