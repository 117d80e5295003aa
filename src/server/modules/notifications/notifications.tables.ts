/** Kysely table types of the tables this module owns: in-app notifications. Columns mirror the migrations. */
import type { Selectable } from 'kysely';

/** An in-app notification to one user. */
export interface NotificationTable {
  id: string;
  user_id: string;
  kind: string;
  title: string;
  body: string;
  resource_type: string | null;
  resource_id: string | null;
  dedupe_key: string | null;
  read_at: string | null;
  created_at: string;
}

/** The tables of this module, as the `Database` type composes them. */
export interface NotificationsTables {
  notifications: NotificationTable;
}

/** A row of `notifications` as read. */
export type NotificationRow = Selectable<NotificationTable>;
