/**
 * A villager's own subsidy look-up (the 三湘e监督 pattern): by ID number and name, the subsidies
 * paid to them from the imported rosters (item, year, amount, date, paying department).
 *
 * - The answer has one shape and one statement whether or not the person is on a roster: only
 *   the list differs (empty for a stranger, and for a wrong name: the name is compared inside,
 *   after the hash look-up, against the sealed particulars, in constant time). When nothing is
 *   found a dummy seal is opened, so both paths do the same work and take similar time.
 * - Limits per ID hash, per device cookie and per client address, counted in
 *   `subsidy_lookup_limits` (so they hold across processes): over any, SUBSIDY_LOOKUP_LIMITED (429).
 *   Only keyed hashes of the number, the device and the address are kept, and only for the window.
 * - Nothing is audited and nothing is logged with the number (the request logger never logs
 *   bodies; this code logs nothing).
 */
import { sql } from 'kysely';
import { type Ctx, nowIso } from '../../shared/context.js';
import { safeEqual } from '../../shared/crypto.js';
import { domainError } from '../../shared/errors.js';
import { idNumberProblem, normalizeIdNumber } from '../../shared/id-number.js';
import { personNumberHash } from '../../shared/personal-keys.js';
import { SUBSIDY_LOOKUP_STATEMENT } from '../../shared/qr-supervision.codes.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { type SealedParticulars, sealContext } from './qr-supervision.rosters.js';

/** The look-up's window and limits per window. */
export const LOOKUP_LIMITS = { windowMs: 3_600_000, perNumber: 5, perDevice: 10, perAddress: 30 } as const;

const MAC_DEVICE = 'subsidy.lookup-device';
const MAC_ADDRESS = 'subsidy.lookup-address';

/** One subsidy paid, as the villager sees it. */
export interface SubsidyPaid {
  item: string;
  year: number;
  amount: number;
  paidOn: string;
  department: string;
}

/** The look-up's answer: the same statement always; `items` empty when nothing matches. */
export interface LookupAnswer {
  statement: string;
  items: SubsidyPaid[];
}

/** Who asks: the device cookie's value (null without one) and the client's address. */
export interface Asker {
  device: string | null;
  address: string;
}

/**
 * Counts one hit on each key in the current window, in one statement (one commit: on PostgreSQL
 * each autocommitted upsert waited for its own WAL flush); true while every key is within its limit.
 */
async function hit(ctx: Ctx, keys: readonly { key: string; limit: number }[]): Promise<boolean> {
  const now = ctx.clock.nowMs();
  const window = Math.floor(now / LOOKUP_LIMITS.windowMs);
  const expires = new Date((window + 1) * LOOKUP_LIMITS.windowMs).toISOString();
  const rows = await ctx.db
    .insertInto('subsidy_lookup_limits')
    .values(keys.map((k) => ({ key: `${k.key}:${window}`, hits: 1, expires_at: expires })))
    .onConflict((oc) => oc.column('key').doUpdateSet({ hits: sql<number>`subsidy_lookup_limits.hits + 1` }))
    .returning(['key', 'hits'])
    .execute();
  const limits = new Map(keys.map((k) => [`${k.key}:${window}`, k.limit]));
  return rows.every((r) => Number(r.hits) <= (limits.get(r.key) ?? 0));
}

/** Drops counters of past windows (now and then, so the table stays small). */
async function sweep(ctx: Ctx): Promise<void> {
  await ctx.db.deleteFrom('subsidy_lookup_limits').where('expires_at', '<=', nowIso(ctx)).execute();
}

/** A sealed dummy per keyring (tests run several platforms with their own keys in one process). */
const dummies = new WeakMap<object, string>();

/**
 * Looks up the subsidies paid to the holder of `idNumber` named `name`. Throws
 * SUBSIDY_LOOKUP_LIMITED (429) over a limit and SUBSIDY_ID_INVALID (422) for a number that fails
 * GB 11643 (counted against the device and address first, so guessing costs tries).
 */
export async function lookupSubsidies(
  ctx: Ctx,
  input: { idNumber: string; name: string },
  asker: Asker,
): Promise<LookupAnswer> {
  if (Math.random() < 0.01) await sweep(ctx);
  // The device and the address are counted even for a number that fails GB 11643, so guessing costs
  // tries; the number itself only once it is one (its keyed hash is what is counted).
  const counted: { key: string; limit: number }[] = [
    { key: `a:${ctx.keyring.mac(MAC_ADDRESS, asker.address)}`, limit: LOOKUP_LIMITS.perAddress },
    ...(asker.device
      ? [{ key: `d:${ctx.keyring.mac(MAC_DEVICE, asker.device)}`, limit: LOOKUP_LIMITS.perDevice }]
      : []),
  ];
  const number = normalizeIdNumber(input.idNumber);
  const valid = idNumberProblem(number, toShanghaiDate(nowIso(ctx))) === null;
  const hash = valid ? personNumberHash(ctx.keyring, number) : null;
  if (hash) counted.push({ key: `n:${hash}`, limit: LOOKUP_LIMITS.perNumber });
  if (!(await hit(ctx, counted))) throw domainError('SUBSIDY_LOOKUP_LIMITED');
  if (!hash) throw domainError('SUBSIDY_ID_INVALID', { field: 'idNumber' });
  const rows = await ctx.db
    .selectFrom('subsidy_lines as l')
    .innerJoin('subsidy_rosters as r', 'r.id', 'l.roster_id')
    .innerJoin('units as u', 'u.id', 'l.department_unit_id')
    .leftJoin('qr_items as i', 'i.id', 'r.item_id')
    .select(['l.id', 'l.sealed', 'l.amount', 'l.paid_on', 'l.year', 'r.title', 'i.title as item_title', 'u.name'])
    .where('l.person_hash', '=', hash)
    .orderBy('l.paid_on', 'desc')
    .limit(200)
    .execute();
  const wanted = input.name.replace(/\s+/g, '');
  const items: SubsidyPaid[] = [];
  if (rows.length === 0) {
    // Same work as a match: open one seal and compare, so found and not found take alike.
    let sealed = dummies.get(ctx.keyring);
    if (!sealed) {
      sealed = ctx.keyring.seal(JSON.stringify({ name: '' }), sealContext('dummy'));
      dummies.set(ctx.keyring, sealed);
    }
    const p = JSON.parse(ctx.keyring.openText(sealed, sealContext('dummy'))) as SealedParticulars;
    safeEqual(p.name, wanted);
  }
  for (const r of rows) {
    const p = JSON.parse(ctx.keyring.openText(r.sealed, sealContext(r.id))) as SealedParticulars;
    if (!safeEqual(p.name.replace(/\s+/g, ''), wanted)) continue;
    items.push({
      item: r.item_title ?? r.title,
      year: r.year,
      amount: Number(r.amount),
      paidOn: r.paid_on,
      department: r.name,
    });
  }
  return { statement: SUBSIDY_LOOKUP_STATEMENT, items };
}
