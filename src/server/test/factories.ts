/**
 * Test factories: records and contexts built the same way in every test file. A new module adds
 * its `make<Record>` here (or in a `<module>.factories.ts` beside it) instead of rewriting
 * helpers per file. Factories write through the modules' own functions where one exists, so a
 * factory never produces a row the platform could not.
 */
import type { Ctx } from '../shared/context.js';
import { buildAccessProfile } from '../modules/access/index.js';
import type { TestEnv } from './harness.js';

/** A service context acting as demo account `username`, with its access profile of `today`. */
export async function ctxAs(env: TestEnv, username: string, today = '2026-11-20'): Promise<Ctx> {
  const db = env.ctx().db;
  const user = await db
    .selectFrom('users')
    .select(['id', 'unit_id', 'display_name'])
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
  const profile = await buildAccessProfile(db, user.id, today);
  return {
    ...env.ctx(),
    actor: {
      userId: user.id,
      username,
      displayName: user.display_name,
      unitId: user.unit_id,
      sessionId: 'test',
      restriction: null,
      permissions: profile.permissions,
      scopes: profile.scopes,
    },
  };
}

/** The id of the unit of demo account `username`. */
export async function unitOf(env: TestEnv, username: string): Promise<string> {
  const row = await env
    .ctx()
    .db.selectFrom('users')
    .select('unit_id')
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
  if (!row.unit_id) throw new Error(`${username} has no unit`);
  return row.unit_id;
}
