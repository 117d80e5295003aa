/**
 * A county setting (县级设置): one number a county's commission may set for itself (the intake
 * repeat window, the review period of parked clues, the recusal workplace window), kept in the
 * platform's `settings` table under `<prefix>:<county code>`, with a default while the county has
 * set none. Each setting is a declaration (`defineCountySetting`): its key, its schema and, where
 * it keeps one, its history; reading, setting (audited in the same transaction) and the scope
 * check are written once here.
 */
import type { TInteger } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { type Ctx, inTransaction, nowIso, scopeFor } from '../../shared/context.js';
import { errors } from '../../shared/errors.js';
import { inScope } from '../../shared/scope.js';
import { recordAudit } from '../audit/index.js';

/** One change of a county setting, as its history shows it (newest first). */
export interface CountySettingChange {
  /** The value the county had set before; null while the default applied. */
  before: number | null;
  after: number;
  changedBy: string | null;
  changedByName: string | null;
  changedAt: string;
}

/** A change as a setting's history records it, in the setting's transaction. */
export interface CountySettingChangeInput {
  regionCode: string;
  before: number | null;
  after: number;
  changedBy: string | null;
  changedAt: string;
}

/** Where a setting keeps its history: a table of the declaring module (modules write only their own tables). */
export interface CountySettingHistory {
  /** Appends one change inside the setting's transaction. */
  record(tx: Ctx, change: CountySettingChangeInput): Promise<void>;
  /** The county's latest changes, newest first. */
  list(ctx: Ctx, regionCode: string): Promise<CountySettingChange[]>;
}

/** What a module declares about one county setting. */
export interface CountySettingSpec {
  /** The `settings` key of a county is `<keyPrefix>:<county code>`; it is also the audit event's resource id. */
  keyPrefix: string;
  /** The value's name: in the API, in a validation error's `field` and in the audit event's changes. */
  field: string;
  /** The value while the county has set none. */
  defaultValue: number;
  /** The value's schema (an integer with its bounds): every value set is checked against it, the routes show it. */
  schema: TInteger;
  /** The words of VALIDATION_FAILED for a value outside the schema, e.g. `重复件认定期限应为 1 至 365 天`. */
  invalidMessage: string;
  /** The setting's history, when it keeps one; without it `history` is always empty. */
  history?: CountySettingHistory;
}

/** A county's setting as the services show it. */
export interface CountySettingState {
  regionCode: string;
  value: number;
  /** True while the county has not set its own value (the default applies). */
  isDefault: boolean;
  defaultValue: number;
  /** The latest changes, newest first; empty for a setting that keeps no history. */
  history: CountySettingChange[];
}

/** A declared county setting: what the declaring module and its routes use. */
export interface CountySetting {
  readonly spec: CountySettingSpec;
  /** The `settings` key of a county. */
  key(countyCode: string): string;
  /** The value a stored JSON text stands for: the default when absent or not a positive integer. */
  parse(stored: string | null | undefined): number;
  /** The value that applies in a county (the default when it set none, or for a null county). */
  valueOf(ctx: Pick<Ctx, 'db'>, countyCode: string | null): Promise<number>;
  /** Reads a county's setting. VALIDATION_FAILED (not a county), NOT_FOUND (outside scope). */
  read(ctx: Ctx, regionCode: string): Promise<CountySettingState>;
  /**
   * Sets a county's value: the value, its history row (if kept) and a `setting.update` audit event
   * with the value before and after, in one transaction. VALIDATION_FAILED (outside the schema,
   * not a county), NOT_FOUND (outside scope).
   */
  set(ctx: Ctx, regionCode: string, value: number): Promise<CountySettingState>;
}

/** The stored value if it is a positive integer, else null (the default applies). */
function storedNumber(stored: string | null | undefined): number | null {
  const n = stored ? Number(JSON.parse(stored)) : NaN;
  return Number.isInteger(n) && n > 0 ? n : null;
}

/**
 * Refuses a code that is not a county of the platform (VALIDATION_FAILED) or whose commission lies
 * outside the caller's `setting.manage` scope (NOT_FOUND, as any record outside scope); a global
 * scope (the system administrator) covers every county.
 */
async function requireCounty(ctx: Ctx, regionCode: string) {
  const county = await ctx.db
    .selectFrom('regions')
    .select('code')
    .where('code', '=', regionCode)
    .where('level', '=', 'county')
    .executeTakeFirst();
  if (!county) throw errors.validation({ field: 'regionCode' }, '只能为本平台的县（市、区）设置');
  const scope = scopeFor(ctx, 'setting.manage');
  if (scope.global) return;
  const commission = await ctx.db
    .selectFrom('units')
    .select(['id as owner_unit_id', 'path as owner_unit_path', 'region_path'])
    .where('region_code', '=', regionCode)
    .where('kind', '=', 'commission')
    .executeTakeFirst();
  if (!commission || !inScope(scope, commission)) throw errors.notFound('county');
}

/** Declares a county setting: one value per county with a default, read and set through the returned functions. */
export function defineCountySetting(spec: CountySettingSpec): CountySetting {
  const key = (countyCode: string) => `${spec.keyPrefix}:${countyCode}`;
  const stored = async (ctx: Pick<Ctx, 'db'>, countyCode: string): Promise<number | null> => {
    const row = await ctx.db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', key(countyCode))
      .executeTakeFirst();
    return storedNumber(row?.value);
  };
  const stateOf = async (ctx: Ctx, regionCode: string): Promise<CountySettingState> => {
    // One after the other: inside a transaction both run on the same connection.
    const value = await stored(ctx, regionCode);
    const history = spec.history ? await spec.history.list(ctx, regionCode) : [];
    return {
      regionCode,
      value: value ?? spec.defaultValue,
      isDefault: value === null,
      defaultValue: spec.defaultValue,
      history,
    };
  };
  return {
    spec,
    key,
    parse: (text) => storedNumber(text) ?? spec.defaultValue,
    valueOf: async (ctx, countyCode) => (countyCode ? await stored(ctx, countyCode) : null) ?? spec.defaultValue,
    async read(ctx, regionCode) {
      await requireCounty(ctx, regionCode);
      return stateOf(ctx, regionCode);
    },
    async set(ctx, regionCode, value) {
      if (!Value.Check(spec.schema, value)) throw errors.validation({ field: spec.field }, spec.invalidMessage);
      return inTransaction(ctx, async (tx) => {
        await requireCounty(tx, regionCode);
        const before = await stored(tx, regionCode);
        const now = nowIso(tx);
        const text = JSON.stringify(value);
        await tx.db
          .insertInto('settings')
          .values({ key: key(regionCode), value: text, updated_at: now })
          .onConflict((oc) => oc.column('key').doUpdateSet({ value: text, updated_at: now }))
          .execute();
        await spec.history?.record(tx, {
          regionCode,
          before,
          after: value,
          changedBy: tx.actor?.userId ?? null,
          changedAt: now,
        });
        await recordAudit(tx, {
          action: 'setting.update',
          resourceType: 'setting',
          resourceId: key(regionCode),
          changes: { [spec.field]: [before ?? spec.defaultValue, value] },
        });
        return stateOf(tx, regionCode);
      });
    },
  };
}
