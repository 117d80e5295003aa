/** The small-powers routes: the county list (configuration), the villages' uses, the public page. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Id, IdParams, Int, Obj, RegionCode, Str, errorResponses } from '../../http/schema.js';
import { sendXlsx } from '../../http/xlsx.js';
import { exportItems, exportUses, itemExportColumns, useExportColumns } from './micro-powers.export.js';
import { createItem, listItems, loadSkeleton, readItem, retireItem, reviseItem } from './micro-powers.items.js';
import { publicPowers } from './micro-powers.public.js';
import {
  ItemBody,
  ItemDetailSchema,
  ItemFilterSchema,
  ItemPageSchema,
  ItemQuerySchema,
  PublicPowersSchema,
  RetireBody,
  ReviseBody,
  SkeletonBody,
  UseBody,
  UseCloseBody,
  UseFilterSchema,
  UsePageSchema,
  UseQuerySchema,
  UseSchema,
  UseStepBody,
} from './micro-powers.schemas.js';
import { closeUse, createUse, listUses, readUse, recordUseStep, recordingVillages } from './micro-powers.uses.js';

async function* fromArray<T>(rows: readonly T[]): AsyncGenerator<T> {
  for (const r of rows) yield r;
}

const tags = ['micro-powers'];
const ItemParams = IdParams('Item version id');
const UseParams = IdParams('Use id');

/** The small-powers routes. */
export const microPowerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const read = { access: { permission: 'micro_power.read' as const } };
  const configure = { access: { permission: 'micro_power.configure' as const } };
  const record = { access: { permission: 'micro_power.record' as const } };

  app.get(
    '/api/micro-power-items',
    {
      config: read,
      schema: {
        tags,
        summary: "The county's small-powers list (current versions) for the counties in reach",
        querystring: ItemQuerySchema,
        response: { 200: ItemPageSchema, ...errorResponses },
      },
    },
    async (req) => ({ ...(await listItems(req.ctx, req.query)), page: req.query.page, pageSize: req.query.pageSize }),
  );

  app.get(
    '/api/micro-power-items/export.xlsx',
    {
      config: read,
      schema: { tags, summary: 'Export the list as the filters select it (audited)', querystring: ItemFilterSchema },
    },
    async (req, reply) =>
      sendXlsx(
        reply,
        '小微权力清单.xlsx',
        '小微权力清单',
        itemExportColumns(),
        fromArray(await exportItems(req.ctx, req.query)),
      ),
  );

  app.post(
    '/api/micro-power-items',
    {
      config: configure,
      schema: {
        tags,
        summary: 'Add an item to the county list (version 1)',
        body: ItemBody,
        response: { 201: Obj({ id: Id('Item version id') }, { description: 'Added' }), ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await createItem(req.ctx, req.body)),
  );

  app.post(
    '/api/micro-power-items/skeleton',
    {
      config: configure,
      schema: {
        tags,
        summary: 'Load the default skeleton into a county that has no list yet',
        body: SkeletonBody,
        response: { 201: Obj({ loaded: Int('Items loaded') }, { description: 'Loaded' }), ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await loadSkeleton(req.ctx, req.body)),
  );

  app.get(
    '/api/micro-power-items/:id',
    {
      config: read,
      schema: {
        tags,
        summary: 'An item version with its history',
        params: ItemParams,
        response: { 200: ItemDetailSchema, ...errorResponses },
      },
    },
    async (req) => readItem(req.ctx, req.params.id),
  );

  app.post(
    '/api/micro-power-items/:id/revision',
    {
      config: configure,
      schema: {
        tags,
        summary: 'Revise an item: writes the next version; uses keep the version they were recorded under',
        params: ItemParams,
        body: ReviseBody,
        response: {
          201: Obj({ id: Id('The new version'), version: Int('Its number') }, { description: 'Revised' }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => reply.code(201).send(await reviseItem(req.ctx, req.params.id, req.body)),
  );

  app.post(
    '/api/micro-power-items/:id/retirement',
    {
      config: configure,
      schema: {
        tags,
        summary: 'Withdraw an item from the list',
        params: ItemParams,
        body: RetireBody,
        response: { 200: ItemDetailSchema, ...errorResponses },
      },
    },
    async (req) => {
      await retireItem(req.ctx, req.params.id, req.body);
      return readItem(req.ctx, req.params.id);
    },
  );

  app.get(
    '/api/micro-power-uses',
    {
      config: read,
      schema: {
        tags,
        summary: 'The uses of powers at the villages in reach, newest first',
        querystring: UseQuerySchema,
        response: { 200: UsePageSchema, ...errorResponses },
      },
    },
    async (req) => ({ ...(await listUses(req.ctx, req.query)), page: req.query.page, pageSize: req.query.pageSize }),
  );

  app.get(
    '/api/micro-power-uses/export.xlsx',
    {
      config: read,
      schema: { tags, summary: 'Export the uses as the filters select them (audited)', querystring: UseFilterSchema },
    },
    async (req, reply) =>
      sendXlsx(
        reply,
        '小微权力运行记录.xlsx',
        '运行记录',
        useExportColumns(),
        fromArray(await exportUses(req.ctx, req.query)),
      ),
  );

  app.get(
    '/api/micro-power-uses/villages',
    {
      config: read,
      schema: {
        tags,
        summary: 'The villages the account records uses for (empty without micro_power.record)',
        response: {
          200: Obj(
            {
              items: Type.Array(
                Obj({ code: Str('Village code'), name: Str('Village') }, { description: 'A village' }),
                {
                  description: 'Villages',
                },
              ),
            },
            { description: 'Villages' },
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => ({ items: await recordingVillages(req.ctx) }),
  );

  app.post(
    '/api/micro-power-uses',
    {
      config: record,
      schema: {
        tags,
        summary: "Record a use of a power at a village, against the item's current version",
        body: UseBody,
        response: { 201: Obj({ id: Id('Use id') }, { description: 'Recorded' }), ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await createUse(req.ctx, req.body)),
  );

  app.get(
    '/api/micro-power-uses/:id',
    {
      config: read,
      schema: {
        tags,
        summary: 'A use: its steps as configured and recorded, its problems and findings',
        params: UseParams,
        response: { 200: UseSchema, ...errorResponses },
      },
    },
    async (req) => readUse(req.ctx, req.params.id),
  );

  app.post(
    '/api/micro-power-uses/:id/steps',
    {
      config: record,
      schema: {
        tags,
        summary: 'Record one step of a use (date, who, documents, publication period)',
        params: UseParams,
        body: UseStepBody,
        response: { 200: UseSchema, ...errorResponses },
      },
    },
    async (req) => recordUseStep(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/micro-power-uses/:id/closure',
    {
      config: record,
      schema: {
        tags,
        summary: "Close a use: its problems become findings in the township's rectification ledger",
        params: UseParams,
        body: UseCloseBody,
        response: { 200: UseSchema, ...errorResponses },
      },
    },
    async (req) => closeUse(req.ctx, req.params.id, req.body),
  );

  app.get(
    '/api/public/micro-powers/:code',
    {
      config: { access: { public: true }, rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: "A village's small-powers list and the uses under publication today (nothing personal)",
        params: Obj({ code: RegionCode('Village') }, { description: 'Path parameters' }),
        response: { 200: PublicPowersSchema, ...errorResponses },
      },
    },
    async (req) => publicPowers(req.ctx, req.params.code),
  );
};
