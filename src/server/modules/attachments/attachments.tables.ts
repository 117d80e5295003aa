/** Kysely table types of the tables this module owns: attached files. Columns mirror the migrations. */
import type { Selectable } from 'kysely';

/** A file attached to a report; its bytes are sealed in the blob store under blob_id. */
export interface AttachmentTable {
  id: string;
  report_id: string;
  content_type: string;
  size_bytes: number;
  name_enc: string;
  blob_id: string;
  key_enc: string;
  uploaded_by: string;
  user_id: string | null;
  created_at: string;
}

/** The tables of this module, as the `Database` type composes them. */
export interface AttachmentsTables {
  attachments: AttachmentTable;
}

/** A row of `attachments` as read. */
export type AttachmentRow = Selectable<AttachmentTable>;
