import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Enum, IdParams, Obj, Str, errorResponses } from '../../http/schema.js';
import { inTransaction, scopeFor } from '../../shared/context.js';
import { errors } from '../../shared/errors.js';
import { inScope } from '../../shared/scope.js';
import { getUnit } from '../org/index.js';
import { NUMBER_SERIES, getPatterns, setPattern } from './numbering.service.js';

const Patterns = Obj(
  {
    report: Str('Pattern of report numbers, e.g. {abbr}信〔{year}〕{seq:4}号'),
    clue: Str('Pattern of clue numbers'),
  },
  { description: 'Numbering patterns' },
);

/** Routes of a commission's numbering patterns. */
export const numberingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/units/:id/numbering-patterns',
    {
      config: { access: { permission: 'org.read' } },
      schema: {
        tags: ['org'],
        summary: "A commission's numbering patterns (defaults where none is set)",
        params: IdParams('Unit id'),
        response: { 200: Patterns, ...errorResponses },
      },
    },
    async (req) => {
      const unit = await getUnit(req.ctx, req.params.id);
      return getPatterns(req.ctx, unit.id);
    },
  );

  app.put(
    '/api/units/:id/numbering-patterns/:series',
    {
      config: { access: { permission: 'org.manage' } },
      schema: {
        tags: ['org'],
        summary: 'Set the numbering pattern of a series ({abbr}, {year}, {seq} or {seq:N})',
        params: IdParams('Unit id', { series: Enum(NUMBER_SERIES, 'Series') }),
        body: Obj(
          { pattern: Str('Pattern; must contain {year} and one {seq}', { min: 5, max: 60 }) },
          { description: 'Pattern' },
        ),
        response: { 200: Patterns, ...errorResponses },
      },
    },
    async (req) => {
      const unit = await getUnit(req.ctx, req.params.id);
      const owner = { owner_unit_id: unit.id, owner_unit_path: unit.path, region_path: unit.region_path };
      if (!inScope(scopeFor(req.ctx, 'org.manage'), owner)) throw errors.notFound('unit');
      if (unit.kind !== 'commission' && unit.kind !== 'township_commission')
        throw errors.validation({ field: 'id' }, '只有纪检监察机关有编号规则');
      await inTransaction(req.ctx, (tx) => setPattern(tx, unit.id, req.params.series, req.body.pattern));
      return getPatterns(req.ctx, unit.id);
    },
  );
};
