/**
 * Demo grid supervision (网格监督): the outpost of township1's first village with two informants of
 * its first villager group, names plainly marked 演示, so the console's grid page is not empty at
 * first start. Written through the grid module's own functions (sealed, audited); no invitation is
 * issued (a link is shown once, to the township).
 */
import type { Kysely } from 'kysely';
import type { DialectHelpers } from '../db/dialect.js';
import type { Database } from '../db/types.js';
import { createInformant, createOutpost } from '../modules/grid/index.js';
import type { Clock } from '../shared/clock.js';
import { idCheckCharacter } from '../shared/id-number.js';
import { demoCtx } from './demo-clues.js';

/** Seeds the demo outpost and informants; nothing when the demo accounts are absent. */
export async function seedDemoGrid(
  db: Kysely<Database>,
  dialect: DialectHelpers,
  clock: Clock,
  masterKey: Buffer,
): Promise<void> {
  const township = await demoCtx(db, dialect, clock, masterKey, 'township1');
  if (!township?.actor?.unitId) return;
  const unit = await db
    .selectFrom('units')
    .select('region_code')
    .where('id', '=', township.actor.unitId)
    .executeTakeFirst();
  if (!unit) return;
  const village = await db
    .selectFrom('regions')
    .select('code')
    .where('parent_code', '=', unit.region_code)
    .where('level', '=', 'village')
    .orderBy('code')
    .executeTakeFirst();
  if (!village) return;
  const group = await db
    .selectFrom('regions')
    .select('code')
    .where('parent_code', '=', village.code)
    .orderBy('code')
    .executeTakeFirst();
  if (!group) return;
  const outpost = await createOutpost(township, {
    regionCode: village.code,
    head: '演示站长',
    deputies: ['演示副站长'],
  });
  const year = new Date(clock.nowMs() + 8 * 3600_000).getUTCFullYear();
  for (const [n, name] of [
    [1, '演示监督员甲'],
    [2, '演示监督员乙'],
  ] as const) {
    const first17 = `41122119800${n}01${String(300 + n)}`;
    await createInformant(township, {
      outpostId: outpost.id,
      groupCode: group.code,
      name,
      phone: `1390000000${n}`,
      idNumber: first17 + idCheckCharacter(first17),
      termStart: `${year}-01-01`,
      termEnd: `${year + 2}-12-31`,
      trainings: [{ on: `${year}-03-01`, topic: '廉情监督员履职培训（演示）' }],
      dutySignedOn: `${year}-03-01`,
    });
  }
}
