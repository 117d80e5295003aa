import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  Bool,
  DateStr,
  Enum,
  Id,
  IdParams,
  Instant,
  Int,
  Nullable,
  Obj,
  Ok,
  PageQuery,
  PagedOf,
  Str,
  errorResponses,
} from '../../http/schema.js';
import { DEADLINE_KINDS, worklist } from '../deadlines/deadlines.service.js';
import { NOTIFICATION_KINDS, listMyNotifications, markNotificationRead } from './notifications.service.js';

/** Routes of the caller's in-app notifications and of the due-soon / overdue worklist. */
export const notificationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/notifications',
    {
      schema: {
        tags: ['notifications'],
        summary: "The caller's notifications, newest first",
        querystring: Obj(
          { unreadOnly: Type.Optional(Bool('Only unread ones')), ...PageQuery },
          { description: 'Filters' },
        ),
        response: {
          200: PagedOf(
            Obj(
              {
                id: Id('Notification id'),
                kind: Enum(NOTIFICATION_KINDS, 'Kind'),
                title: Str('Title'),
                body: Str('Text'),
                resourceType: Nullable(Str('Record type it is about')),
                resourceId: Nullable(Id('Record it is about')),
                read: Bool('Read'),
                createdAt: Instant('When'),
              },
              { description: 'Notification' },
            ),
            'Notifications',
            { total: 'Matching notifications', extra: { unread: Int('Unread notifications') } },
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => ({
      ...(await listMyNotifications(req.ctx, req.query)),
      page: req.query.page,
      pageSize: req.query.pageSize,
    }),
  );

  app.patch(
    '/api/notifications/:id',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Mark a notification read',
        params: IdParams('Notification id'),
        body: Obj({ read: Type.Literal(true, { description: 'Always true' }) }, { description: 'Change' }),
        response: { 200: Ok, ...errorResponses },
      },
    },
    async (req) => {
      await markNotificationRead(req.ctx, req.params.id);
      return { ok: true as const };
    },
  );

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
