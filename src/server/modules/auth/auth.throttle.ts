/**
 * Sign-in throttling (issue 11 §4): a growing delay per login name instead of a lock anyone can
 * set by typing five wrong passwords. Every attempt is counted per login name, before the password
 * is checked, whether or not the name is an account (the key is a keyed hash of the name, so
 * accounts and non-accounts are counted, delayed and answered alike and no typed name is stored).
 * The first FREE_FAILURES attempts in a row are free; after the k-th further one the next attempt
 * waits 2^k seconds (at most MAX_DELAY_SECONDS), answered 429 LOGIN_THROTTLED with Retry-After.
 * A correct password clears the count. LOCK_AFTER_FAILURES failures in a row lock an account
 * (`users.locked_at`): its owner clears the lock with password and second factor, an account
 * without one is unlocked by the system administrator (see auth.service.ts).
 */
import { sql } from 'kysely';
import type { Ctx } from '../../shared/context.js';
import { domainError } from '../../shared/errors.js';

/** Failed attempts in a row that cost no wait. */
export const FREE_FAILURES = 5;
/** The longest wait between two attempts once throttled (15 minutes). */
export const MAX_DELAY_SECONDS = 900;
/** Failures in a row after which an account locks (reaching it takes ≥ 1.5 hours of waiting). */
export const LOCK_AFTER_FAILURES = 20;
/** A count whose last failure is older than this starts again from zero. */
export const FAILURE_MEMORY_MS = 24 * 3600_000;

/** The seconds the next attempt must wait after `failures` failures in a row. */
export function delaySecondsAfter(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(2 ** (failures - FREE_FAILURES), MAX_DELAY_SECONDS);
}

/** The throttle key of a login name: a keyed hash, so the table holds no typed name. */
export function throttleKey(ctx: Pick<Ctx, 'keyring'>, username: string): string {
  return ctx.keyring.mac('login-throttle', username);
}

/**
 * Counts one attempt for `key` before its password is checked (so parallel attempts cannot slip
 * past the count) and returns the failures in a row including this one. Throws LOGIN_THROTTLED
 * (429, `details.retryAfterSeconds`) when the name must still wait; a refused attempt is not
 * counted. One conditional UPDATE decides, so two racing attempts cannot both pass the wait.
 */
export async function countAttempt(ctx: Ctx, key: string): Promise<number> {
  const nowMs = ctx.clock.nowMs();
  const now = new Date(nowMs).toISOString();
  const forgetBefore = new Date(nowMs - FAILURE_MEMORY_MS).toISOString();
  await ctx.db
    .insertInto('login_throttles')
    .values({ key_hash: key, failures: 0, last_failure_at: now, next_attempt_at: null })
    .onConflict((oc) => oc.column('key_hash').doNothing())
    .execute();
  // A quiet day forgets the count.
  await ctx.db
    .updateTable('login_throttles')
    .set({ failures: 0, next_attempt_at: null })
    .where('key_hash', '=', key)
    .where('last_failure_at', '<', forgetBefore)
    .execute();
  // The next wait as a CASE over the new count: portable (SQLite has no pow() by default).
  const cases: string[] = [];
  for (let f = FREE_FAILURES; delaySecondsAfter(f - 1) < MAX_DELAY_SECONDS; f++) {
    cases.push(`when ${f} then '${new Date(nowMs + delaySecondsAfter(f) * 1000).toISOString()}'`);
  }
  const capped = new Date(nowMs + MAX_DELAY_SECONDS * 1000).toISOString();
  const row = await ctx.db
    .updateTable('login_throttles')
    .set({
      failures: sql<number>`failures + 1`,
      last_failure_at: now,
      next_attempt_at: sql<
        string | null
      >`case when failures + 1 < ${sql.lit(FREE_FAILURES)} then null else case failures + 1 ${sql.raw(cases.join(' '))} else ${sql.lit(capped)} end end`,
    })
    .where('key_hash', '=', key)
    .where((eb) => eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', now)]))
    .returning('failures')
    .executeTakeFirst();
  if (row) return Number(row.failures);
  const waiting = await ctx.db
    .selectFrom('login_throttles')
    .select('next_attempt_at')
    .where('key_hash', '=', key)
    .executeTakeFirst();
  const until = waiting?.next_attempt_at ? Date.parse(waiting.next_attempt_at) : nowMs + 1000;
  throw domainError('LOGIN_THROTTLED', { retryAfterSeconds: Math.max(1, Math.ceil((until - nowMs) / 1000)) });
}

/** Forgets the count of `key` (a correct password, or an administrator's unlock). */
export async function clearAttempts(ctx: Pick<Ctx, 'db'>, key: string): Promise<void> {
  await ctx.db.deleteFrom('login_throttles').where('key_hash', '=', key).execute();
}

/** Deletes counts quiet for longer than the memory (the daily purge). */
export async function purgeQuietThrottles(ctx: Pick<Ctx, 'db'>, nowMs: number): Promise<void> {
  await ctx.db
    .deleteFrom('login_throttles')
    .where('last_failure_at', '<', new Date(nowMs - FAILURE_MEMORY_MS).toISOString())
    .execute();
}
