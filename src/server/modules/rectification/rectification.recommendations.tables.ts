/** Kysely table type of `recommendations` (migration 2026120718c), composed in `RectificationTables`. */
import type { Selectable } from 'kysely';
import type { ScopedColumns } from '../../shared/scope.js';

/**
 * One recommendation (监察建议书 / 纪律检查建议书). The scope columns are the recipient unit's
 * (主送单位); the issuer columns the issuing commission's.
 */
export interface RecommendationTable extends ScopedColumns {
  id: string;
  /** A `RECOMMENDATION_KINDS` code. */
  kind: string;
  /** 文号, given at issue. */
  number: string | null;
  subject: string;
  issuer_unit_id: string;
  issuer_unit_path: string;
  issuer_region_path: string;
  recipient_principal: string | null;
  situation: string | null;
  problems: string | null;
  requirements: string | null;
  /** The rectification deadline written in it (YYYY-MM-DD). */
  deadline: string | null;
  report_back: string | null;
  source_kind: string | null;
  source_id: string | null;
  /** A `RECOMMENDATION_STATUSES` code. */
  status: string;
  reply_due_on: string | null;
  issued_at: string | null;
  issued_by: string | null;
  replied_at: string | null;
  replied_by: string | null;
  reply_note: string | null;
  refused_at: string | null;
  refused_by: string | null;
  refusal_reason: string | null;
  /** The issuer's ruling on a refusal's reason: 1 justified, 0 not, null not ruled. */
  refusal_justified: number | null;
  refusal_ruling_note: string | null;
  /** Set when refused without good reason: recorded for accountability (JCF24 第七十一条). */
  accountability_flagged_at: string | null;
  created_by: string | null;
  /** The approval (`rectification.recommendation`) last started for it (migration 2026120807a). */
  approval_id: string | null;
  submitted_by: string | null;
  submitted_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** A row of `recommendations` as read. */
export type RecommendationRow = Selectable<RecommendationTable>;
