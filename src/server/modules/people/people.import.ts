/**
 * Applying the people part of a validated organisation import (the org-transfer module validates
 * and plans; this module writes its own tables): new and changed staff and subjects.
 */
import type { Ctx } from '../../shared/context.js';
import { errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { insertRows } from '../../db/insert-row.js';
import type { UnitRow } from '../org/index.js';
import type { StaffRow, SubjectRow } from './people.tables.js';

/** The staff of an import: new rows (an empty id is drawn here), and changed rows before and after. */
export interface StaffImport {
  inserts: StaffRow[];
  updates: { before: StaffRow; after: StaffRow }[];
}

/** The subjects of an import: new rows (an empty id is drawn here), and changed rows before and after. */
export interface SubjectImport {
  inserts: SubjectRow[];
  updates: { before: SubjectRow; after: SubjectRow }[];
}

/**
 * Staff rows take their unit's region: when units are seated in another region (an import may
 * do it), their staff follow, in the caller's transaction.
 */
export async function followUnitRegions(
  tx: Ctx,
  units: readonly Pick<UnitRow, 'id' | 'region_path' | 'county_code'>[],
): Promise<void> {
  for (const u of units) {
    await tx.db
      .updateTable('staff')
      .set({ region_path: u.region_path, county_code: u.county_code })
      .where('owner_unit_id', '=', u.id)
      .execute();
  }
}

/**
 * Inserts and updates the staff of a validated import, in the caller's transaction (ids of new
 * rows are drawn only now: nothing in the import refers to people). Throws CONFLICT when a row
 * changed since it was read.
 */
export async function applyStaffImport(tx: Ctx, part: StaffImport): Promise<void> {
  for (const r of part.inserts) if (!r.id) r.id = newId();
  await insertRows(tx.db, 'staff', part.inserts);
  for (const { before, after } of part.updates) {
    const { id, created_at: _created, ...cols } = after;
    const res = await tx.db
      .updateTable('staff')
      .set(cols)
      .where('id', '=', id)
      .where('version', '=', before.version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw errors.conflict({ resource: 'staff', id });
  }
}

/**
 * Inserts and updates the subjects of a validated import, in the caller's transaction (ids of
 * new rows are drawn only now). Throws CONFLICT when a row changed since it was read.
 */
export async function applySubjectImport(tx: Ctx, part: SubjectImport): Promise<void> {
  for (const r of part.inserts) if (!r.id) r.id = newId();
  await insertRows(tx.db, 'subjects', part.inserts);
  for (const { before, after } of part.updates) {
    const { id, created_at: _created, ...cols } = after;
    const res = await tx.db
      .updateTable('subjects')
      .set(cols)
      .where('id', '=', id)
      .where('version', '=', before.version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw errors.conflict({ resource: 'subject', id });
  }
}
