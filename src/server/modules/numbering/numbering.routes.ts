import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Enum, IdParams, Obj, Str, errorResponses } from '../../http/schema.js';
import { getUnit } from '../org/index.js';
import { NUMBER_SERIES, getPatterns, setUnitPattern } from './numbering.service.js';

const Patterns = Obj(
  {
    report: Str('Pattern of report numbers, e.g. {abbr}信〔{year}〕{seq:4}号'),
    clue: Str('Pattern of clue numbers'),
    approval: Str('Pattern of approval (呈批件) numbers'),
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
      await setUnitPattern(req.ctx, req.params.id, req.params.series, req.body.pattern);
      return getPatterns(req.ctx, req.params.id);
    },
  );
};
