/**
 * The talks of inspections on a person's integrity file (廉政档案): registered with the sanctions
 * module at load (`registerIntegrityEntrySource`), so the file shows them without sanctions
 * importing this module. A reader sees a talk when their `sanction.read` or `inspection.read`
 * scope covers it (the organising unit, or the person's region).
 */
import type { Expression, SqlBool } from 'kysely';
import { TALK_KIND_LABELS, type TalkKind } from '../../shared/inspections.codes.js';
import { type Ctx, can, scopeFor } from '../../shared/context.js';
import { scopePredicate } from '../../shared/scope.js';
import type { IntegrityEntry } from '../sanctions/index.js';

/** The talks with registry person `subjectId` the reader may see, oldest first. */
export async function talksOnFile(tx: Ctx, subjectId: string): Promise<IntegrityEntry[]> {
  const held = (['sanction.read', 'inspection.read'] as const).filter((p) => can(tx, p));
  if (held.length === 0) return [];
  const cols = { unitId: 'k.owner_unit_id', unitPath: 'k.owner_unit_path', regionPath: 'k.region_path' };
  const rows = await tx.db
    .selectFrom('inspection_talks as k')
    .innerJoin('inspections as i', 'i.id', 'k.inspection_id')
    .innerJoin('units as u', 'u.id', 'k.owner_unit_id')
    .select(['k.id', 'k.kind', 'k.talked_on', 'k.note', 'i.title', 'u.name as unit_name'])
    .where('k.subject_id', '=', subjectId)
    .where((eb): Expression<SqlBool> => eb.or(held.map((p) => scopePredicate(eb as never, scopeFor(tx, p), cols))))
    .orderBy('k.talked_on')
    .orderBy('k.id')
    .execute();
  return rows.map((r) => ({
    source: 'inspection_talk',
    id: r.id,
    kind: r.kind,
    kindLabel: TALK_KIND_LABELS[r.kind as TalkKind] ?? r.kind,
    on: r.talked_on,
    summary: `${r.title}：${TALK_KIND_LABELS[r.kind as TalkKind] ?? r.kind}${r.note ? `（${r.note}）` : ''}`,
    by: r.unit_name,
  }));
}
