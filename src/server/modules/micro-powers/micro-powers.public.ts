/**
 * What the public sees of the small powers (the phone page `/r/<code>/powers`): the county's list
 * as it stands, and the village's uses whose publication runs today (title, item, step, period).
 * Nothing personal: no names of people, no amounts, no documents. The same rule answers whether a
 * use can be reported about (`micro_power_use`): one that has been published.
 */
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { type Ctx, nowIso } from '../../shared/context.js';
import { errors } from '../../shared/errors.js';
import type { MicroPowerArea } from '../../shared/micro-powers.codes.js';
import { stepsOf } from './micro-powers.items.js';

/** The public view of one village. */
export interface PublicPowers {
  villageCode: string;
  villageName: string;
  items: {
    id: string;
    area: MicroPowerArea;
    code: string;
    name: string;
    steps: { seq: number; name: string; actor: string; publishes: boolean; publicationDays: number | null }[];
  }[];
  publishing: {
    id: string;
    itemName: string;
    title: string;
    stepName: string;
    publicationFrom: string;
    publicationTo: string;
  }[];
}

/** The village `code`'s list and uses under publication today. NOT_FOUND for a code that is not a village. */
export async function publicPowers(ctx: Ctx, code: string): Promise<PublicPowers> {
  const village = await ctx.db
    .selectFrom('regions')
    .select(['code', 'name', 'county_code'])
    .where('code', '=', code)
    .where('level', '=', 'village')
    .executeTakeFirst();
  if (!village?.county_code) throw errors.notFound('village');
  const today = toShanghaiDate(nowIso(ctx));
  const items = await ctx.db
    .selectFrom('micro_power_items')
    .select(['id', 'area', 'code', 'name', 'steps'])
    .where('county_code', '=', village.county_code)
    .where('current', '=', 1)
    .where('retired', '=', 0)
    .orderBy('code')
    .limit(500)
    .execute();
  const publishing = await ctx.db
    .selectFrom('micro_power_use_steps as s')
    .innerJoin('micro_power_uses as u', 'u.id', 's.use_id')
    .innerJoin('micro_power_items as i', 'i.id', 'u.item_id')
    .select(['u.id', 'u.title', 'i.name as item_name', 'i.steps', 's.seq', 's.publication_from', 's.publication_to'])
    .where('u.village_code', '=', village.code)
    .where('s.publication_from', '<=', today)
    .where('s.publication_to', '>=', today)
    .orderBy('s.publication_to')
    .limit(200)
    .execute();
  return {
    villageCode: village.code,
    villageName: village.name,
    items: items.map((i) => ({
      id: i.id,
      area: i.area as MicroPowerArea,
      code: i.code,
      name: i.name,
      steps: stepsOf(i).map((s) => ({
        seq: s.seq,
        name: s.name,
        actor: s.actor,
        publishes: s.publishes,
        publicationDays: s.publicationDays,
      })),
    })),
    publishing: publishing.map((p) => ({
      id: p.id,
      itemName: p.item_name,
      title: p.title,
      stepName: stepsOf(p).find((s) => s.seq === p.seq)?.name ?? `第${p.seq}步`,
      publicationFrom: p.publication_from!,
      publicationTo: p.publication_to!,
    })),
  };
}

/**
 * The report-about resolver of `micro_power_use`: a use that has been published (a publication of
 * it has begun), labelled as the public page shows it; null otherwise.
 */
export async function resolvePublishedUse(ctx: Ctx, id: string): Promise<{ label: string; regionCode: string } | null> {
  const today = toShanghaiDate(nowIso(ctx));
  const row = await ctx.db
    .selectFrom('micro_power_uses as u')
    .innerJoin('micro_power_items as i', 'i.id', 'u.item_id')
    .select(['u.title', 'u.village_code', 'i.name'])
    .where('u.id', '=', id)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('micro_power_use_steps as s')
          .select('s.id')
          .whereRef('s.use_id', '=', 'u.id')
          .where('s.publication_from', '<=', today),
      ),
    )
    .executeTakeFirst();
  if (!row) return null;
  return { label: `小微权力：${row.name}（${row.title}）`, regionCode: row.village_code };
}
