/**
 * Waiting on a condition instead of sleeping: a test that waits for the state it needs is both
 * faster (it stops as soon as the state is there) and not flaky on a slow machine (it waits as
 * long as it takes, up to a generous limit that fails with a message).
 */

/** Polls `condition` every `everyMs` until it holds; throws after `timeoutMs` naming `what`. */
export async function waitFor(
  what: string,
  condition: () => boolean | Promise<boolean>,
  opts: { timeoutMs?: number; everyMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, opts.everyMs ?? 5));
  }
}

/** A promise with its resolver, for a test to learn that something happened (a signal). */
export function signal<T = void>(): { promise: Promise<T>; fire: (value: T) => void } {
  let fire!: (value: T) => void;
  const promise = new Promise<T>((r) => (fire = r));
  return { promise, fire };
}
