/**
 * The named reporter of a report, for the conflict checks of the records made from it (a clue
 * registered from the report): only the name, ID number and region, opened to be compared or
 * hashed by the caller and never shown. No access check: the caller has loaded its own record
 * (which carries the report id) in the actor's scope.
 */
import type { Ctx } from '../../shared/context.js';
import { reporterContext } from './reports.model.js';

/** A named reporter as a conflict check compares staff's relatives with them. */
export interface NamedReporter {
  name: string | null;
  idNumber: string | null;
  regionCode: string;
}

/** The named reporter of report `reportId`, or null for an anonymous report (or none with that id). */
export async function namedReporterOf(ctx: Ctx, reportId: string): Promise<NamedReporter | null> {
  const row = await ctx.db
    .selectFrom('reports')
    .select(['reporter_enc', 'region_code'])
    .where('id', '=', reportId)
    .executeTakeFirst();
  if (!row?.reporter_enc) return null;
  const identity = JSON.parse(ctx.keyring.openText(row.reporter_enc, reporterContext(reportId))) as {
    name?: string;
    idNumber?: string;
  };
  return { name: identity.name ?? null, idNumber: identity.idNumber ?? null, regionCode: row.region_code };
}
