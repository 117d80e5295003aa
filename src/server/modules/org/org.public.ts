/**
 * The place behind a QR code, for the phone pages: the names of a region and the regions above
 * it (county, township, village), so the form can say where the report is made from. Region
 * names are printed on the posters anyway; nothing else of the tree (units, people, counts) is
 * given out, and the route needs no account.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Enum, Obj, RegionCode, Str, errorResponses } from '../../http/schema.js';
import type { Ctx } from '../../shared/context.js';
import { errors } from '../../shared/errors.js';
import { REGION_LEVELS, type RegionLevel } from './regions.js';

/** A region as the public pages name it. */
export interface PublicPlace {
  code: string;
  level: RegionLevel;
  name: string;
}

/**
 * The places from the county down to region `code` (the last is `code` itself); throws
 * NOT_FOUND ('region') when the code is not in the region tree.
 */
export async function publicPlaces(ctx: Ctx, code: string): Promise<PublicPlace[]> {
  const region = await ctx.db.selectFrom('regions').select('path').where('code', '=', code).executeTakeFirst();
  if (!region) throw errors.notFound('region');
  const codes = region.path.split('/').filter(Boolean);
  const rows = await ctx.db
    .selectFrom('regions')
    .select(['code', 'level', 'name', 'path'])
    .where('code', 'in', codes)
    .where('level', '!=', 'city')
    .execute();
  return rows
    .sort((a, b) => a.path.length - b.path.length)
    .map((r) => ({ code: r.code, level: r.level as RegionLevel, name: r.name }));
}

const Place = Obj(
  {
    code: RegionCode('GB/T 2260 region code'),
    level: Enum(REGION_LEVELS, 'Level in the region tree'),
    name: Str('Name, e.g. 张村'),
  },
  { description: 'A place' },
);

/** The public route naming the place behind a QR code. */
export const orgPublicRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/public/regions/:code',
    {
      config: { access: { public: true }, rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: {
        tags: ['org'],
        summary: 'The names of a region and the regions above it (county, township, village), for the phone pages',
        params: Obj({ code: RegionCode('Region code from the QR code') }, { description: 'Path parameters' }),
        response: {
          200: Obj(
            { places: Type.Array(Place, { description: 'From the county down to the region itself' }) },
            { description: 'The place behind a QR code' },
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => ({ places: await publicPlaces(req.ctx, req.params.code) }),
  );
};
