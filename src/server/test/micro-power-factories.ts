/**
 * Test factories of the small powers: a village clerk (村务专干, role `village_clerk`, scope its own
 * unit) at the first village's 村民委员会 of the demo county, made in the test through the auth and
 * access modules (not depending on a seeded account).
 */
import { assignRole } from '../modules/access/index.js';
import { createUser } from '../modules/auth/index.js';
import { ctxAs } from './factories.js';
import { TEST_PASSWORD, type TestEnv } from './harness.js';

/** Makes a `village_clerk` account at the first village's 村民委员会; returns its ids and the village. */
export async function makeVillageClerk(
  env: TestEnv,
  username: string,
  displayName: string,
): Promise<{ userId: string; unitId: string; regionCode: string }> {
  const unit = await env
    .ctx()
    .db.selectFrom('units')
    .select(['id', 'region_code'])
    .where('kind', '=', 'other')
    .where('name', 'like', '%村民委员会')
    .orderBy('region_code')
    .executeTakeFirstOrThrow();
  const admin = await ctxAs(env, 'sysadmin');
  const userId = await createUser(admin, {
    username,
    displayName,
    unitId: unit.id,
    password: TEST_PASSWORD,
    mustChangePassword: false,
  });
  const sec = await ctxAs(env, 'secadmin');
  await assignRole(sec, { userId, roleKey: 'village_clerk', scopeType: 'own_unit', scopeUnitId: unit.id });
  return { userId, unitId: unit.id, regionCode: unit.region_code };
}
