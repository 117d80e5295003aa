import { hash, verify } from '@node-rs/argon2';
import { domainError } from '../../shared/errors.js';

/** argon2id parameters (OWASP 2023 baseline: m=19 MiB, t=2, p=1). */
const ARGON2 = { algorithm: 2 as const, memoryCost: 19456, timeCost: 2, parallelism: 1 };

/**
 * Checks the password policy: at least 10 characters and 3 of the 4 classes (upper, lower,
 * digit, symbol). Throws WEAK_PASSWORD.
 */
export function assertPasswordPolicy(password: string): void {
  const classes = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if ([...password].length < 10 || classes < 3 || password.length > 256) {
    throw domainError('WEAK_PASSWORD', { minLength: 10, minClasses: 3 });
  }
}

/** Hashes a password with argon2id; the PHC string carries salt and parameters. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

/** Verifies a password against a PHC string; false on any malformed hash. */
export async function verifyPassword(phc: string, password: string): Promise<boolean> {
  try {
    return await verify(phc, password);
  } catch {
    return false;
  }
}

// Computed once at start (not at the first unknown name, which would then take twice as long).
let dummyHash: Promise<string> | undefined;

/** Computes the dummy hash ahead of the first sign-in (called when the routes register). */
export function prepareDummyHash(): Promise<string> {
  dummyHash ??= hashPassword('qingfeng-dummy-password-Aa1!');
  return dummyHash;
}

/**
 * Burns the same time as a real verification (same argon2id parameters), so unknown user names
 * cannot be told apart by timing.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  await verifyPassword(await prepareDummyHash(), password);
  return false;
}
