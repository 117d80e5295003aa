/** A clue in full (subjects, source, trail, team, clocks), read through the policy seam and audited. */
import type { ClueDisposal, ClueSource, ClueStatus } from '../../shared/clues.codes.js';
import { type Ctx, inTransaction } from '../../shared/context.js';
import { loadInScope } from '../access/index.js';
import { recordAudit } from '../audit/index.js';
import { type DeadlineView, deadlinesOf } from '../deadlines/index.js';
import { type ClueAction, cluePolicy } from './clues.policy.js';
import { clueSubjectsOf } from './clues.service.js';
import type { ClueRow } from './clues.tables.js';

/** One signed step of the trail as the API shows it. */
export interface ClueEventView {
  at: string;
  actorUserId: string | null;
  actorName: string;
  action: string;
  label: string;
  note: string | null;
  meetingId: string | null;
}

/** A clue in full. */
export interface ClueDetail {
  id: string;
  number: string;
  status: ClueStatus;
  disposal: ClueDisposal | null;
  sourceKind: ClueSource;
  sourceRef: string | null;
  reportId: string | null;
  receivedAt: string;
  receivedOn: string;
  summary: string;
  categories: string[];
  amountFen: number | null;
  regionCode: string | null;
  regionName: string | null;
  ownerUnitId: string;
  unitName: string | null;
  handlingUnitId: string | null;
  zoneId: string | null;
  keeperId: string | null;
  keeperName: string | null;
  filedByUnitId: string | null;
  filedByUnitName: string | null;
  higherReport: {
    required: boolean;
    reportedOn: string | null;
    reference: string | null;
    reportedByName: string | null;
  };
  version: number;
  subjects: Awaited<ReturnType<typeof clueSubjectsOf>>;
  members: { userId: string; name: string; role: string; addedAt: string }[];
  trail: ClueEventView[];
  clocks: DeadlineView[];
}

/** The names of a unit, user and region (null when absent). */
async function names(ctx: Ctx, row: ClueRow) {
  const unitIds = [row.owner_unit_id, row.filed_by_unit_id].filter((v): v is string => !!v);
  const [units, keeper, region] = await Promise.all([
    ctx.db.selectFrom('units').select(['id', 'name']).where('id', 'in', unitIds).execute(),
    row.keeper_id
      ? ctx.db.selectFrom('users').select('display_name').where('id', '=', row.keeper_id).executeTakeFirst()
      : undefined,
    row.region_code
      ? ctx.db.selectFrom('regions').select('name').where('code', '=', row.region_code).executeTakeFirst()
      : undefined,
  ]);
  const unit = new Map(units.map((u) => [u.id, u.name]));
  return {
    unitName: unit.get(row.owner_unit_id) ?? null,
    filedByUnitName: row.filed_by_unit_id ? (unit.get(row.filed_by_unit_id) ?? null) : null,
    keeperName: keeper?.display_name ?? null,
    regionName: region?.name ?? null,
  };
}

/** Steps of a clue's trail kept by another module (the recusal decisions), merged in by time. */
export type ClueTrailSource = (ctx: Ctx, clueId: string) => Promise<ClueEventView[]>;

const trailSources: ClueTrailSource[] = [];

/** Adds a source of trail steps (the assignment module names the people recused from a clue). */
export function registerClueTrailSource(source: ClueTrailSource): void {
  if (!trailSources.includes(source)) trailSources.push(source);
}

/** A clue's trail, oldest first, with the steps of the registered sources. */
export async function clueTrail(ctx: Ctx, clueId: string): Promise<ClueEventView[]> {
  const own = await ownTrail(ctx, clueId);
  if (trailSources.length === 0) return own;
  const more = (await Promise.all(trailSources.map((s) => s(ctx, clueId)))).flat();
  return [...own, ...more].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

/** The steps signed in clue_events, oldest first. */
async function ownTrail(ctx: Ctx, clueId: string): Promise<ClueEventView[]> {
  const rows = await ctx.db
    .selectFrom('clue_events')
    .selectAll()
    .where('clue_id', '=', clueId)
    .orderBy('at')
    .orderBy('id')
    .execute();
  return rows.map((e) => ({
    at: e.at,
    actorUserId: e.actor_user_id,
    actorName: e.actor_name,
    action: e.action,
    label: e.label,
    note: e.note,
    meetingId: e.meeting_id,
  }));
}

/**
 * Reads clue `id` in full and records who read it (`clue.read`, in the read's transaction).
 * NOT_FOUND outside the reader's clue.read scope (or recused); NEED_TO_KNOW when in scope but
 * not on the clue's team (they see its ledger line only).
 */
export async function readClue(ctx: Ctx, id: string): Promise<ClueDetail> {
  return inTransaction(ctx, async (tx) => {
    const row = await loadInScope<ClueAction, ClueRow>(tx, cluePolicy, id, 'detail');
    const [n, subjects, members, trail, clocks] = await Promise.all([
      names(tx, row),
      clueSubjectsOf(tx, id),
      tx.db
        .selectFrom('clue_members as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .select(['m.user_id', 'u.display_name', 'm.role', 'm.added_at'])
        .where('m.clue_id', '=', id)
        .where('m.removed_at', 'is', null)
        .orderBy('m.added_at')
        .execute(),
      clueTrail(tx, id),
      deadlinesOf(tx, 'clue', id),
    ]);
    await recordAudit(tx, { action: 'clue.read', resourceType: 'clue', resourceId: id, unitId: row.owner_unit_id });
    return {
      id: row.id,
      number: row.number,
      status: row.status as ClueStatus,
      disposal: (row.disposal as ClueDisposal | null) ?? null,
      sourceKind: row.source_kind as ClueSource,
      sourceRef: row.source_ref,
      reportId: row.report_id,
      receivedAt: row.received_at,
      receivedOn: row.received_on,
      summary: row.summary,
      categories: JSON.parse(row.categories) as string[],
      amountFen: row.amount_fen,
      regionCode: row.region_code,
      regionName: n.regionName,
      ownerUnitId: row.owner_unit_id,
      unitName: n.unitName,
      handlingUnitId: row.handling_unit_id,
      zoneId: row.zone_id,
      keeperId: row.keeper_id,
      keeperName: n.keeperName,
      filedByUnitId: row.filed_by_unit_id,
      filedByUnitName: n.filedByUnitName,
      higherReport: {
        required: Number(row.higher_report_required) === 1,
        reportedOn: row.higher_reported_on,
        reference: row.higher_report_ref,
        reportedByName: row.higher_reported_by_name,
      },
      version: Number(row.version),
      subjects,
      members: members.map((m) => ({ userId: m.user_id, name: m.display_name, role: m.role, addedAt: m.added_at })),
      trail,
      clocks,
    };
  });
}
