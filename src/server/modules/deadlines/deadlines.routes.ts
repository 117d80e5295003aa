import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Bool, DateStr, Enum, Id, Instant, Int, Nullable, Obj, Str, errorResponses } from '../../http/schema.js';
import { DEADLINE_KINDS, worklist } from './deadlines.service.js';

/** Routes of the due-soon / overdue worklist. */
export const deadlineRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/deadlines',
    {
      config: { access: { permission: 'report.read' } },
      schema: {
        tags: ['notifications'],
        summary: 'Worklist: running time limits due within 3 days or past due, in scope, most urgent first',
        querystring: Obj(
          {
            state: Type.Optional(Enum(['overdue', 'due_soon'] as const, 'Only overdue, or only due soon')),
            unitId: Type.Optional(Id('Only this unit')),
            limit: Type.Optional(Int('At most this many', { min: 1, max: 500 })),
          },
          { description: 'Filters' },
        ),
        response: {
          200: Obj(
            {
              items: Type.Array(
                Obj(
                  {
                    kind: Enum(Object.keys(DEADLINE_KINDS) as (keyof typeof DEADLINE_KINDS)[], 'Time limit'),
                    label: Str('Its Chinese name'),
                    startsOn: DateStr('Start'),
                    dueOn: DateStr('Due'),
                    extended: Bool('Extended once'),
                    metAt: Nullable(Instant('Done')),
                    overdue: Bool('Past due'),
                    dueSoon: Bool('Due within 3 days'),
                    resourceType: Str('Record type'),
                    resourceId: Id('Record'),
                    ownerUnitId: Id('Unit'),
                    ownerUnitName: Nullable(Str('Unit name')),
                    reportNumber: Nullable(Str('Report number')),
                    subjectName: Nullable(Str('Person reported')),
                  },
                  { description: 'Worklist entry' },
                ),
                { description: 'Entries' },
              ),
            },
            { description: 'Worklist' },
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => ({
      items: await worklist(req.ctx, {
        state: req.query.state,
        unitId: req.query.unitId,
        limit: req.query.limit ?? 200,
      }),
    }),
  );
};
