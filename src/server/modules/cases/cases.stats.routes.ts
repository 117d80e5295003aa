/** The zone dashboard's route (协作区案件看板): counts over the case ledger lines the reader may see. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Id, Int, Nullable, Obj, Str, errorResponses } from '../../http/schema.js';
import { caseStats } from './cases.stats.js';

const Group = Obj(
  {
    key: Nullable(Str('Code of the mode, id of the township commission or of the zone (null: none)')),
    name: Nullable(Str('Name of the township commission or zone (null for a mode, or none)')),
    count: Int('Cases'),
  },
  { description: 'A count of one group' },
);

/** The dashboard's counts. */
export const CaseStatsSchema = Obj(
  {
    total: Int('Cases in the selection'),
    filingWaiting: Int('Filing requests up or returned for revision'),
    inProgress: Int('Filed and under investigation'),
    overdueClocks: Int('Running case clocks past their due date'),
    dueSoonClocks: Int('Running case clocks due within three days'),
    byMode: Type.Array(Group, { description: 'By handling mode' }),
    byTownship: Type.Array(Group, { description: "By the subject's township commission" }),
    byZone: Type.Array(Group, { description: 'By zone' }),
  },
  { description: 'Case counts' },
);

/** The dashboard's route. */
export const caseStatsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/cases/stats',
    {
      config: { access: { permission: 'case.read' } },
      schema: {
        tags: ['cases'],
        summary:
          'Counts of the case ledger lines the reader may see: filing requests waiting, in progress, clocks overdue, by mode, township and zone',
        querystring: Obj({ zoneId: Type.Optional(Id('Only the cases this zone handles')) }, { description: 'Filters' }),
        response: { 200: CaseStatsSchema, ...errorResponses },
      },
    },
    async (req) => caseStats(req.ctx, req.query),
  );
};
