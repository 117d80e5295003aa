/** The caller's notifications (`/api/notifications`). */
import { apiGet, apiPatch, apiPath } from './request.js';
import type { QueryOf, ResponseOf } from './types.js';

/** A page of notifications with the unread count. */
export type NotificationPage = ResponseOf<'/api/notifications', 'get'>;

/** A notification. */
export type AppNotification = NotificationPage['items'][number];

/** One page of the caller's notifications. */
export function listNotifications(
  query: QueryOf<'/api/notifications', 'get'>,
  signal?: AbortSignal,
): Promise<NotificationPage> {
  return apiGet('/api/notifications', query, signal);
}

/** Marks a notification read. */
export function markNotificationRead(id: string): Promise<ResponseOf<'/api/notifications/{id}', 'patch'>> {
  return apiPatch(apiPath('/api/notifications/{id}', { id }), { read: true });
}
