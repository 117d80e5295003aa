import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  Bool,
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
import { NOTIFICATION_KINDS, listMyNotifications, markNotificationRead } from './notifications.service.js';

/** Routes of the caller's in-app notifications. */
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
};
