/**
 * The assignment opinion (分办意见, GZ 第二十三条): 案管 (or a township commission for its own
 * clues) proposes where a registered clue goes (a department of the commission, a collaboration
 * zone, or a township commission); the opinion goes up the approval chain, and on approval the
 * clue moves to `assigned` and lands in that unit's or zone's pool. Rejected, returned or
 * withdrawn, it stays `registered` with the reason on its trail.
 */
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { APPROVAL_STATUS_LABELS } from '../../shared/approvals.codes.js';
import { CLUE_ASSIGNMENT_TARGET_LABELS, type ClueAssignmentTargetKind } from '../../shared/clues.codes.js';
import { type Ctx, inTransaction, nowIso, requireActor } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { loadInScope } from '../access/index.js';
import { type ApprovalDecidedEvent, startApproval } from '../approvals/index.js';
import { recordAudit } from '../audit/index.js';
import {
  type ClueAction,
  addClueEvent,
  clueSubjectsOf,
  clueTargetLevel,
  cluePolicy,
  requireClueStatus,
  setClueState,
} from '../clues/index.js';

/** The action of the approval chain an assignment opinion goes up. */
export const ASSIGNMENT_ACTION = 'clue.assignment_opinion';

/** A place a clue can be sent to. */
export interface AssignmentTarget {
  kind: ClueAssignmentTargetKind;
  id: string;
  name: string;
}

/** The targets of a clue with the one suggested from its subjects, and why. */
export interface AssignmentTargets {
  suggested: (AssignmentTarget & { reason: string }) | null;
  options: AssignmentTarget[];
}

/** The clue columns this module reads. */
export interface PoolClueRow {
  id: string;
  number: string;
  status: string;
  version: number;
  owner_unit_id: string;
  owner_unit_path: string;
  region_path: string;
  county_code: string | null;
  region_code: string | null;
  subject_name: string;
  summary: string;
  categories: string;
  report_id: string | null;
  keeper_id: string | null;
  handling_unit_id: string | null;
  zone_id: string | null;
}

/** The township code of a region code (a village's first nine digits, then zeros). */
export function townshipCodeOf(regionCode: string | null): string | null {
  if (!regionCode || !/^\d{12}$/.test(regionCode) || /000000$/.test(regionCode)) return null;
  return `${regionCode.slice(0, 9)}000`;
}

/**
 * Every place the clue's commission can send it: its departments (offices), its zones (active),
 * its township commissions; a township commission sends its own clues to itself.
 */
async function targetOptions(ctx: Ctx, ownerUnitId: string): Promise<AssignmentTarget[]> {
  const owner = await ctx.db
    .selectFrom('units')
    .select(['id', 'name', 'kind'])
    .where('id', '=', ownerUnitId)
    .executeTakeFirstOrThrow();
  if (owner.kind === 'township_commission') return [{ kind: 'township', id: owner.id, name: owner.name }];
  const [units, zones] = await Promise.all([
    ctx.db
      .selectFrom('units')
      .select(['id', 'name', 'kind'])
      .where('parent_id', '=', ownerUnitId)
      .where('kind', 'in', ['office', 'township_commission'])
      .orderBy('path')
      .execute(),
    ctx.db
      .selectFrom('zones')
      .select(['id', 'name'])
      .where('commission_unit_id', '=', ownerUnitId)
      .where('active', '=', 1)
      .orderBy('ordinal')
      .execute(),
  ]);
  return [
    ...units.filter((u) => u.kind === 'office').map((u) => ({ kind: 'office' as const, id: u.id, name: u.name })),
    ...zones.map((z) => ({ kind: 'zone' as const, id: z.id, name: z.name })),
    ...units
      .filter((u) => u.kind === 'township_commission')
      .map((u) => ({ kind: 'township' as const, id: u.id, name: u.name })),
  ];
}

/**
 * Suggests a target from the subjects' cadre authority and the clue's region: a county- or
 * township-managed cadre goes to the zone of the region's township (or, with no zone, to the
 * first department); a village cadre (or unknown) goes to the township's commission (or its zone).
 */
async function suggest(
  ctx: Ctx,
  row: PoolClueRow,
  options: readonly AssignmentTarget[],
): Promise<AssignmentTargets['suggested']> {
  const subjects = await clueSubjectsOf(ctx, row.id);
  const township = townshipCodeOf(row.region_code ?? subjects.find((s) => s.regionCode)?.regionCode ?? null);
  const today = toShanghaiDate(nowIso(ctx));
  const zone = township
    ? await ctx.db
        .selectFrom('zone_memberships')
        .select('zone_id')
        .where('township_code', '=', township)
        .where('effective_from', '<=', today)
        .where((eb) => eb.or([eb('effective_to', 'is', null), eb('effective_to', '>', today)]))
        .executeTakeFirst()
    : undefined;
  const commission = township
    ? await ctx.db
        .selectFrom('units')
        .select('id')
        .where('region_code', '=', township)
        .where('kind', '=', 'township_commission')
        .executeTakeFirst()
    : undefined;
  const pick = (kind: ClueAssignmentTargetKind, id: string | undefined) =>
    options.find((o) => o.kind === kind && (id === undefined || o.id === id));
  const county = subjects.some((s) => s.authority === 'county_managed' || s.authority === 'township_managed');
  if (county) {
    const hit = pick('zone', zone?.zone_id ?? '') ?? pick('office', undefined);
    return hit ? { ...hit, reason: '被反映人系县管或乡管干部，按干部管理权限由县纪委监委部门或所在协作区办理' } : null;
  }
  const hit = pick('township', commission?.id ?? '') ?? pick('zone', zone?.zone_id ?? '');
  return hit ? { ...hit, reason: '被反映人系村干部，按属地管理由所在乡镇纪委或其协作区办理' } : null;
}

/** The targets of clue `id` for its registrar (404 outside clue.register's scope). */
export async function assignmentTargets(ctx: Ctx, id: string): Promise<AssignmentTargets> {
  const row = await loadInScopeForRegister(ctx, id);
  const options = await targetOptions(ctx, row.owner_unit_id);
  return { suggested: await suggest(ctx, row, options), options };
}

/** Loads a clue for its registrar (案管): NOT_FOUND outside clue.register's scope or when recused. */
async function loadInScopeForRegister(ctx: Ctx, id: string, version?: number): Promise<PoolClueRow> {
  return loadInScope<ClueAction, PoolClueRow>(ctx, cluePolicy, id, 'register', {
    ...(version !== undefined ? { version } : {}),
    forUpdate: true,
  });
}

/** What the registrar proposes. */
export interface AssignmentOpinionInput {
  version: number;
  targetKind: ClueAssignmentTargetKind;
  targetId: string;
  /** The opinion in words (分办理由). */
  opinion: string;
}

/**
 * Drafts the assignment opinion of a registered clue and sends it up the chain (target level
 * from the subjects' GZ 第二十二条 ranks), signed in the trail and audited, one transaction.
 * Throws NOT_FOUND, CONFLICT (stale version), CLUE_TRANSITION (not `registered`),
 * CLUE_ASSIGNMENT_PENDING (one already in flight), CLUE_ASSIGNMENT_TARGET, NO_APPROVER.
 */
export async function draftAssignmentOpinion(
  ctx: Ctx,
  id: string,
  input: AssignmentOpinionInput,
): Promise<{ approvalId: string; number: string }> {
  const actor = requireActor(ctx);
  return inTransaction(ctx, async (tx) => {
    const row = await loadInScopeForRegister(tx, id, input.version);
    await requireClueStatus(tx, id, ['registered'], 'assignment_opinion');
    const open = await tx.db
      .selectFrom('approvals')
      .select('id')
      .where('resource_type', '=', 'clue')
      .where('resource_id', '=', id)
      .where('action', '=', ASSIGNMENT_ACTION)
      .where('status', 'in', ['pending', 'returned'])
      .executeTakeFirst();
    if (open) throw domainError('CLUE_ASSIGNMENT_PENDING', { approvalId: open.id });
    const target = (await targetOptions(tx, row.owner_unit_id)).find(
      (o) => o.kind === input.targetKind && o.id === input.targetId,
    );
    if (!target)
      throw domainError('CLUE_ASSIGNMENT_TARGET', { targetKind: input.targetKind, targetId: input.targetId });
    if (!actor.unitId) throw errors.forbidden('clue.register');
    const subjects = await clueSubjectsOf(tx, id);
    const opinion = input.opinion.trim();
    const approval = await startApproval(tx, {
      action: ASSIGNMENT_ACTION,
      targetLevel: clueTargetLevel(subjects.map((s) => s.rank)),
      resourceType: 'clue',
      resourceId: id,
      title: `关于${row.subject_name}问题线索的分办意见`,
      content: {
        summary: `拟分送${target.name}办理。理由：${opinion}`,
        clueNumber: row.number,
        targetKind: target.kind,
        targetId: target.id,
        targetName: target.name,
        opinion,
      },
      draftingUnitId: actor.unitId,
      ownerUnitId: row.owner_unit_id,
      ownerUnitPath: row.owner_unit_path,
      regionPath: row.region_path,
      countyCode: row.county_code,
    });
    await addClueEvent(tx, id, 'assignment_opinion', {
      note: `拟分送${CLUE_ASSIGNMENT_TARGET_LABELS[target.kind]}${target.name}：${opinion}（${approval.number}）`,
    });
    await recordAudit(tx, {
      action: 'clue.assignment_opinion',
      resourceType: 'clue',
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: { approval: [null, approval.id], target: [null, `${target.kind}:${target.id}`] },
    });
    return { approvalId: approval.id, number: approval.number };
  });
}

/**
 * The approval handler (in the deciding transaction): approved, the clue moves to `assigned`
 * with its handling unit or zone set, so it lands in that pool; otherwise it stays `registered`
 * and the trail says how the chain ended and why. Audited either way.
 */
export async function onAssignmentDecided(tx: Ctx, event: ApprovalDecidedEvent): Promise<void> {
  const clue = await tx.db
    .selectFrom('clues')
    .select(['id', 'version', 'owner_unit_id'])
    .where('id', '=', event.resourceId)
    .executeTakeFirst();
  // Only opinions drafted here carry a target; an approval about something else is not ours to move.
  if (!clue || event.resourceType !== 'clue' || typeof event.content.targetId !== 'string') return;
  const c = event.content as { targetKind: ClueAssignmentTargetKind; targetId: string; targetName: string };
  if (event.outcome !== 'approved') {
    const words = APPROVAL_STATUS_LABELS[event.outcome];
    await addClueEvent(tx, clue.id, 'assignment_declined', {
      note: `${words}${event.opinion ? `：${event.opinion}` : ''}`,
    });
    await recordAudit(tx, {
      action: 'clue.assignment',
      resourceType: 'clue',
      resourceId: clue.id,
      unitId: clue.owner_unit_id,
      changes: { approval: [event.approvalId, event.outcome] },
    });
    return;
  }
  const zone = c.targetKind === 'zone';
  const moved = await setClueState(tx, clue.id, clue.version, {
    status: 'assigned',
    handlingUnitId: zone ? null : c.targetId,
    zoneId: zone ? c.targetId : null,
  });
  await addClueEvent(tx, clue.id, 'assignment_approved', {
    note: `${CLUE_ASSIGNMENT_TARGET_LABELS[c.targetKind]}${c.targetName}${event.opinion ? `（${event.opinion}）` : ''}`,
  });
  await recordAudit(tx, {
    action: 'clue.assignment',
    resourceType: 'clue',
    resourceId: clue.id,
    unitId: clue.owner_unit_id,
    changes: {
      status: [moved.from, 'assigned'],
      [zone ? 'zone_id' : 'handling_unit_id']: [null, c.targetId],
      version: [clue.version, moved.version],
    },
  });
}
