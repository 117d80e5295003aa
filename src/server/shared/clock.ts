/** The one source of "now", so tests can move time (lockouts, idle timeouts, deadlines). */
export interface Clock {
  /** Milliseconds since the epoch. */
  nowMs(): number;
}

/** The wall clock. */
export const systemClock: Clock = { nowMs: () => Date.now() };

/** A clock tests can set and advance. */
export class ManualClock implements Clock {
  /** Starts at `startMs` (default: the real now). */
  constructor(private ms: number = Date.now()) {}
  /** Returns the current manual time. */
  nowMs(): number {
    return this.ms;
  }
  /** Moves the clock forward by `ms`. */
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** Returns `ms` as an ISO-8601 UTC string (the storage format of every instant). */
export function isoAt(ms: number): string {
  return new Date(ms).toISOString();
}
