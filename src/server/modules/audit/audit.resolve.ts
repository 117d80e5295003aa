/**
 * The audit log's "record" filter takes what a person knows instead of an id nobody knows: a report
 * or clue number (渑纪信〔2026〕0012号, with any of the usual brackets and with or without 号), an
 * account's username, a unit's, role's, zone's or region's name, a region code, or the raw id.
 * It resolves only by the names the audit page already shows beside each event (`nameResources`),
 * so it reveals nothing more than the page does: no staff or subject name, no report content, and
 * a term that names no record simply matches no event.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';

/** How many ids one term may resolve to (a name shared by many villages, say). */
const MAX_IDS = 200;

/** The spellings of a record number a person may type: 〔〕, [], （）, (), 【】, with or without 号. */
export function numberVariants(term: string): string[] {
  const canonical = term
    .replace(/\s+/g, '')
    .replace(/[[（(【]/g, '〔')
    .replace(/[\]）)】]/g, '〕');
  const withHao = canonical.endsWith('号') ? canonical : `${canonical}号`;
  return [...new Set([term, canonical, withHao])];
}

/**
 * The record ids `term` may stand for: itself (an id), and the reports and clues of that number,
 * the account of that username, the units, roles and zones of that name and the regions of that
 * name or code. Empty term: no ids.
 */
export async function resolveResourceIds(db: Kysely<Database>, raw: string): Promise<string[]> {
  const term = raw.trim();
  if (!term) return [];
  const numbers = numberVariants(term);
  const lists = await Promise.all([
    db.selectFrom('reports').select('id').where('number', 'in', numbers).execute(),
    db.selectFrom('clues').select('id').where('number', 'in', numbers).execute(),
    db.selectFrom('users').select('id').where('username', '=', term.toLowerCase()).execute(),
    db
      .selectFrom('units')
      .select('id')
      .where((eb) => eb.or([eb('name', '=', term), eb('short_name', '=', term)]))
      .limit(MAX_IDS)
      .execute(),
    db.selectFrom('roles').select('id').where('name', '=', term).limit(MAX_IDS).execute(),
    db.selectFrom('zones').select('id').where('name', '=', term).limit(MAX_IDS).execute(),
    db
      .selectFrom('regions')
      .select('code as id')
      .where((eb) => eb.or([eb('code', '=', term), eb('name', '=', term)]))
      .limit(MAX_IDS)
      .execute(),
  ]);
  return [...new Set([term, ...lists.flat().map((r) => r.id)])].slice(0, MAX_IDS);
}
