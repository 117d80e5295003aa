/**
 * Validating an import file and planning its writes: the database rows it refers to are loaded,
 * then each sheet is planned in the workbook's order (a sheet may refer to the sheets before it).
 */
import { type Ctx, nowIso } from '../../../shared/context.js';
import type { ParsedWorkbook } from '../org-transfer.read.js';
import { SHEET_NAMES, TRANSFER_ENTITIES, rejected, zeroCounts } from '../org-transfer.workbook.js';
import { loadReferencedRows } from './load.js';
import { planMemberships } from './memberships.js';
import { type ImportPlan, ImportPlanner } from './planner.js';
import { planRegions } from './regions.js';
import { planStaff } from './staff.js';
import { planSubjects } from './subjects.js';
import { planUnits } from './units.js';
import { planZones } from './zones.js';

/**
 * Validates every row of a parsed workbook against the database and the importer's `org.import`
 * scope and returns the writes, or throws IMPORT_REJECTED listing every bad row (header errors
 * included), by sheet then row. Writes nothing. Throws FORBIDDEN without `org.import`.
 */
export async function planImport(ctx: Ctx, wb: ParsedWorkbook): Promise<ImportPlan> {
  const p = new ImportPlanner(ctx, wb);
  await loadReferencedRows(p);
  const at = nowIso(ctx);
  const plan: ImportPlan = {
    regions: { inserts: [], updates: [] },
    units: { inserts: [], updates: [] },
    zones: { inserts: [], updates: [] },
    memberships: { inserts: [], updates: [] },
    staff: { inserts: [], updates: [] },
    subjects: { inserts: [], updates: [] },
    unchanged: zeroCounts(),
  };
  planRegions(p, plan, at);
  planUnits(p, plan, at);
  planZones(p, plan, at);
  planMemberships(p, plan, at);
  planStaff(p, plan, at);
  planSubjects(p, plan, at);
  const all = [...wb.headerErrors, ...p.errors];
  if (all.length > 0) {
    const order = new Map(TRANSFER_ENTITIES.map((e, i) => [SHEET_NAMES[e], i]));
    all.sort((a, b) => (order.get(a.sheet) ?? 9) - (order.get(b.sheet) ?? 9) || a.row - b.row);
    throw rejected(all);
  }
  return plan;
}
