import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Enum, Id, IdParams, Int, Nullable, Obj, Str, errorResponses } from '../../http/schema.js';
import { DeadlineSchema, ExtensionStepSchema } from './deadlines.schema.js';
import { extensionApprovers } from './deadlines.service.js';
import { worklist } from './deadlines.views.js';

/** Routes of the due-soon / overdue worklist and of a clock's approvers. */
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
                    ...DeadlineSchema.properties,
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

  app.get(
    '/api/deadlines/:id/approvers',
    {
      config: { access: { permission: 'report.manage' } },
      schema: {
        tags: ['notifications'],
        summary: "Who may approve a running clock's next extension (holders of the rule's roles over its unit)",
        params: IdParams('Clock id'),
        response: {
          200: Obj(
            {
              step: Nullable(ExtensionStepSchema),
              approvers: Type.Array(
                Obj(
                  {
                    userId: Id('Account'),
                    username: Str('User name'),
                    displayName: Str('Name'),
                    roleKey: Str('Role held'),
                    roleName: Str('Role name'),
                  },
                  { description: 'Approver' },
                ),
                { description: 'Who may approve' },
              ),
            },
            { description: 'Next extension step (null: none left) and its approvers' },
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => extensionApprovers(req.ctx, req.params.id, 'report.manage'),
  );
};
