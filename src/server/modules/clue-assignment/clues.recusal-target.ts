/**
 * A clue as recusal sees it (`registerRecusalTarget('clue', …)`): its scope, its number, its
 * subjects (names, subject records, regions, workplaces) and its named reporter, when the clue
 * came from a named report (through the reports module's index; the identity is hashed here and
 * goes no further). Recusal requests, the dialog's preview and the assignment check all use it.
 */
import type { Ctx } from '../../shared/context.js';
import { clueSubjectsOf } from '../clues/index.js';
import { type ConflictReporter, type RecusalTarget, idNumberHash } from '../recusal/index.js';
import { namedReporterOf } from '../reports/index.js';
import type { PoolClueRow } from './clues.assignment.js';
import { loadPooled } from './clues.pools.js';

/** The subjects and reporter of a clue already loaded by the caller (no access check). */
export async function clueConflictPeople(
  ctx: Ctx,
  row: PoolClueRow,
): Promise<Omit<RecusalTarget, 'label' | 'owner_unit_id' | 'owner_unit_path' | 'region_path' | 'county_code'>> {
  const subjects = await clueSubjectsOf(ctx, row.id);
  let reporter: ConflictReporter | null = null;
  if (row.report_id) {
    const named = await namedReporterOf(ctx, row.report_id);
    if (named)
      reporter = {
        name: named.name,
        idNumberHash: named.idNumber ? idNumberHash(ctx, named.idNumber) : null,
        regionCode: named.regionCode,
      };
  }
  return {
    subjects: subjects.map((s) => ({
      subjectId: s.subjectId,
      name: s.name,
      regionCode: s.regionCode ?? row.region_code,
      employer: s.employer,
    })),
    reporter,
  };
}

/**
 * Loads clue `id` for recusal: in the actor's clue.read scope, one of their pools (a township
 * secretary checks the people of a county clue sent to the township), or on its team (a zone
 * team's handler from another township checks the verification team); NOT_FOUND otherwise or
 * when recused.
 */
export async function loadClueRecusalTarget(ctx: Ctx, id: string): Promise<RecusalTarget> {
  const row = await loadPooled(ctx, id, { team: true });
  return {
    owner_unit_id: row.owner_unit_id,
    owner_unit_path: row.owner_unit_path,
    region_path: row.region_path,
    county_code: row.county_code,
    label: row.number,
    ...(await clueConflictPeople(ctx, row)),
  };
}
