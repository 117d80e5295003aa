/**
 * The records someone can be recused from, as this module needs them: their scope (so a request
 * carries the record's unit and only those in scope see it), a label, and the people a conflict
 * check compares staff with (subjects, the named reporter). Each kind of record is registered
 * once; reports are registered here (read in the caller's `report.read` scope), clues and cases
 * by their modules through `registerRecusalTarget`.
 */
import type { Ctx } from '../../shared/context.js';
import { errors } from '../../shared/errors.js';
import { loadInScope } from '../access/index.js';
import { reporterContext } from '../reports/index.js';
import { reportTargetPolicy } from './recusal.policy.js';

/** A person a record is about, as a conflict check compares staff with them. */
export interface ConflictSubject {
  /** The subject record (`subjects.id`), when there is one. */
  subjectId?: string | null | undefined;
  name: string;
  /** Keyed hash of the ID number (`idNumberHash`), when known. */
  idNumberHash?: string | null | undefined;
  /** Where the person lives or works (region code). */
  regionCode?: string | null | undefined;
  /** Their employer / unit. */
  employer?: string | null | undefined;
}

/** The named reporter of a record, as a conflict check compares staff's relatives with them. */
export interface ConflictReporter {
  name?: string | null | undefined;
  idNumberHash?: string | null | undefined;
  regionCode?: string | null | undefined;
}

/** A record as recusal sees it. */
export interface RecusalTarget {
  owner_unit_id: string;
  owner_unit_path: string;
  region_path: string;
  county_code: string | null;
  /** What the record is called in lists (its number, or its kind when it has none). */
  label: string;
  subjects: ConflictSubject[];
  reporter: ConflictReporter | null;
}

/** Loads record `id` for the actor (NOT_FOUND outside their scope or when recused from it). */
export type RecusalTargetLoader = (ctx: Ctx, id: string) => Promise<RecusalTarget>;

const loaders = new Map<string, RecusalTargetLoader>();

/** Registers the kind of record `resource` (clues, cases…) so requests and checks can name it. */
export function registerRecusalTarget(resource: string, loader: RecusalTargetLoader): void {
  loaders.set(resource, loader);
}

/** The kinds of record registered so far. */
export function recusalResources(): string[] {
  return [...loaders.keys()].sort();
}

/**
 * Loads a record for recusal: VALIDATION_FAILED for a kind nobody registered, NOT_FOUND when the
 * actor may not see it.
 */
export async function loadRecusalTarget(ctx: Ctx, resource: string, id: string): Promise<RecusalTarget> {
  const loader = loaders.get(resource);
  if (!loader) throw errors.validation({ field: 'resource' }, '不支持对该类事项申请回避');
  return loader(ctx, id);
}

/** The keyed hash of an ID number (spaces removed, the check letter upper-cased). */
export function idNumberHash(ctx: Pick<Ctx, 'keyring'>, idNumber: string): string {
  return ctx.keyring.mac('recusal.id-number', idNumber.replace(/\s+/g, '').toUpperCase());
}

interface ReportTargetRow {
  number: string | null;
  subject_id: string | null;
  subject_name: string;
  subject_employer: string | null;
  region_code: string;
  reporter_enc: string | null;
  owner_unit_id: string;
  owner_unit_path: string;
  region_path: string;
  county_code: string | null;
}

registerRecusalTarget('report', async (ctx, id) => {
  const row = await loadInScope<'read', ReportTargetRow>(ctx, reportTargetPolicy, id, 'read');
  let reporter: ConflictReporter | null = null;
  if (row.reporter_enc) {
    // Opened only to hash: the reporter's identity never leaves this function.
    const identity = JSON.parse(ctx.keyring.openText(row.reporter_enc, reporterContext(id))) as {
      name?: string;
      idNumber?: string;
    };
    reporter = {
      name: identity.name ?? null,
      idNumberHash: identity.idNumber ? idNumberHash(ctx, identity.idNumber) : null,
      regionCode: row.region_code,
    };
  }
  return {
    owner_unit_id: row.owner_unit_id,
    owner_unit_path: row.owner_unit_path,
    region_path: row.region_path,
    county_code: row.county_code,
    label: row.number ?? '信访举报（未编号）',
    subjects: [
      {
        subjectId: row.subject_id,
        name: row.subject_name,
        regionCode: row.region_code,
        employer: row.subject_employer,
      },
    ],
    reporter,
  };
});
