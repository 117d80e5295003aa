/**
 * Security events: refused attempts (a record out of the person's scope, answered 404; a route
 * or record they may not use, answered 403) recorded in the audit chain under the `security.`
 * actions, for the security administrator. They are written after the request failed, in a
 * transaction of their own, and rate-limited per account so a scanner cannot flood the chain:
 * the first `SECURITY_EVENTS_PER_WINDOW` refusals of an account in a `SECURITY_WINDOW_MS`
 * window are written one by one; the next writes one `security.access_denied_burst` event; the
 * rest are counted, and the count is carried on the account's next written event.
 */
import type { Ctx, SecurityDenial } from '../../shared/context.js';
import { inTransaction } from '../../shared/context.js';
import { recordAudit } from './audit.service.js';

/** The action prefix of every security event (the audit log's `category=security`). */
export const SECURITY_ACTION_PREFIX = 'security.';

/** One refused attempt. */
export const ACCESS_DENIED = 'security.access_denied';

/** An account went over the per-window limit: later refusals in the window are counted only. */
export const ACCESS_DENIED_BURST = 'security.access_denied_burst';

/** Refusals of one account written one by one per window. */
export const SECURITY_EVENTS_PER_WINDOW = 20;

/** The limiter's window (10 minutes). */
export const SECURITY_WINDOW_MS = 10 * 60_000;

interface Window {
  start: number;
  written: number;
  suppressed: number;
}

/** Per-account windows (per process: each process bounds what it writes). */
const windows = new Map<string, Window>();

/** Forgets every window (tests only). */
export function resetSecurityLimiterForTest(): void {
  windows.clear();
}

/**
 * Records the request's refused attempts as security events, in one transaction of their own,
 * under the per-account limit. `route` is the matched route (`GET /api/reports/:id`). Never
 * throws: a failure to record is logged (without content) and the request's answer stands.
 */
export async function recordSecurityDenials(ctx: Ctx, denials: SecurityDenial[], route: string): Promise<void> {
  const actor = ctx.actor;
  if (!actor || denials.length === 0) return;
  const now = ctx.clock.nowMs();
  let w = windows.get(actor.userId);
  let carried = 0;
  if (!w || now - w.start >= SECURITY_WINDOW_MS) {
    carried = w?.suppressed ?? 0;
    w = { start: now, written: 0, suppressed: 0 };
    windows.set(actor.userId, w);
  }
  const toWrite: { action: string; d: SecurityDenial; extra: Record<string, [unknown, unknown]> }[] = [];
  for (const d of denials) {
    if (w.written < SECURITY_EVENTS_PER_WINDOW) {
      w.written += 1;
      toWrite.push({ action: ACCESS_DENIED, d, extra: carried > 0 ? { suppressedBefore: [null, carried] } : {} });
      carried = 0;
    } else if (w.written === SECURITY_EVENTS_PER_WINDOW) {
      w.written += 1;
      toWrite.push({
        action: ACCESS_DENIED_BURST,
        d,
        extra: { limit: [null, SECURITY_EVENTS_PER_WINDOW], windowMinutes: [null, SECURITY_WINDOW_MS / 60_000] },
      });
    } else {
      w.suppressed += 1;
    }
  }
  if (toWrite.length === 0) return;
  try {
    await inTransaction({ ...ctx, db: ctx.db }, async (tx) => {
      for (const { action, d, extra } of toWrite)
        await recordAudit(tx, {
          action,
          resourceType: d.resourceType,
          resourceId: d.resourceId,
          unitId: d.unitId,
          changes: { status: [null, d.status], attempted: [null, d.attempted], route: [null, route], ...extra },
        });
    });
  } catch (err) {
    ctx.log.error({ err: { type: (err as Error).name } }, 'security event not recorded');
  }
}
