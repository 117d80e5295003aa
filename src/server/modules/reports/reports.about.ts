/**
 * What a public report is about, when the reporter started from a published record: a line of a
 * village's accounts, a policy, project or fund, a subsidy payment, a use of a small power
 * (issue 16: "report a problem about this line"). The modules that publish such records register
 * a resolver for their kind; the report keeps the kind and id (for counting reports per item)
 * and the label as the reporter saw it then (published data may be corrected later, and what the
 * villager objected to is the version they read).
 */
import { domainError } from '../../shared/errors.js';
import type { Ctx } from '../../shared/context.js';
import type { PublicSubjectRole } from '../../shared/reports.codes.js';

/** A published record as a report refers to it. */
export interface ReportAbout {
  /** The registered kind, e.g. `disclosure_line`, `qr_item`. */
  kind: string;
  /** The record's id. */
  id: string;
  /** One line naming the record as published (masked as on the public page). */
  label: string;
  /** The region the record belongs to (village, township or county code). */
  regionCode: string;
  /**
   * Units competent for the record's people by the reporter's answer about the person, where the
   * publisher knows better than the region's level: a department's item, on its staff
   * (`county_department`), goes to the department's dispatched group. Routing takes a unit only
   * when it is active and of the report's county (else it routes as without it).
   */
  competentFor?: Partial<Record<PublicSubjectRole, string>> | undefined;
}

/** What a resolver finds: the record as the report refers to it (without kind and id). */
export type AboutFound = Omit<ReportAbout, 'kind' | 'id'>;

/** Finds a published record of one kind, or null when there is none (or it is not public). */
export type AboutResolver = (ctx: Ctx, id: string) => Promise<AboutFound | null>;

const resolvers = new Map<string, AboutResolver>();

/**
 * Registers how a kind of published record is found for a report about it. Called once per kind
 * when the publishing module loads; a kind registered twice is a programming error.
 */
export function registerReportAbout(kind: string, resolve: AboutResolver): void {
  if (!/^[a-z][a-z_]{2,39}$/.test(kind)) throw new Error(`report-about kind ${kind} is not a plain name`);
  if (resolvers.has(kind)) throw new Error(`report-about kind ${kind} is registered twice`);
  resolvers.set(kind, resolve);
}

/** The kinds registered so far (for tests and the OpenAPI description). */
export function reportAboutKinds(): string[] {
  return [...resolvers.keys()].sort();
}

/**
 * Resolves what a submission says it is about. Throws REPORT_ABOUT_UNKNOWN (400) when the kind is
 * not registered or the record is not published: the villager is told plainly, and the report is
 * not stored with a reference nobody can open.
 */
export async function resolveReportAbout(ctx: Ctx, ref: { kind: string; id: string }): Promise<ReportAbout> {
  const resolve = resolvers.get(ref.kind);
  const found = resolve ? await resolve(ctx, ref.id) : null;
  if (!found) throw domainError('REPORT_ABOUT_UNKNOWN', { field: 'about' });
  return {
    kind: ref.kind,
    id: ref.id,
    label: found.label.slice(0, 300),
    regionCode: found.regionCode,
    ...(found.competentFor ? { competentFor: found.competentFor } : {}),
  };
}
