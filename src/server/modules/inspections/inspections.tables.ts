/** Kysely table types of the tables this module owns. Columns mirror migration 2026120718d. */
import type { Selectable } from 'kysely';
import type { ScopedColumns } from '../../shared/scope.js';

/** One version of a checklist template (一手册两清单, 四张清单), owned by the issuing unit. */
export interface ChecklistTemplateTable extends ScopedColumns {
  id: string;
  /** The lineage of versions this one belongs to. */
  series_id: string;
  /** A `CHECKLIST_KINDS` code. */
  kind: string;
  title: string;
  /** county | township. */
  level: string;
  township_code: string | null;
  template_version: number;
  /** draft | issued | superseded. */
  status: string;
  /** The county version a township's adaptation started from. */
  based_on_id: string | null;
  /** JSON `ChecklistItem[]`. */
  items: string;
  created_by: string | null;
  issued_by: string | null;
  issued_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** An inspection (监督检查), owned by the organising unit. */
export interface InspectionTable extends ScopedColumns {
  id: string;
  title: string;
  /** An `INSPECTION_KINDS` code. */
  kind: string;
  topic: string | null;
  topic_text: string | null;
  scope_text: string;
  period_from: string;
  period_to: string;
  /** draft | submitted | approved | in_progress | reported | closed. */
  status: string;
  approval_id: string | null;
  leader_id: string;
  report_summary: string | null;
  report_recommendations: string | null;
  reported_at: string | null;
  reported_by: string | null;
  closed_at: string | null;
  closed_by: string | null;
  created_by: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** A target of an inspection: a unit, a region (village, township) or a project. */
export interface InspectionTargetTable {
  id: string;
  inspection_id: string;
  seq: number;
  /** unit | region | project. */
  kind: string;
  unit_id: string | null;
  region_code: string | null;
  label: string;
  region_path: string;
}

/** A member of an inspection's team (检查组). */
export interface InspectionMemberTable {
  inspection_id: string;
  user_id: string;
  name: string;
  unit_id: string | null;
  unit_name: string;
  /** leader | member. */
  role: string;
  /** The conflict check that cleared them. */
  check_id: string | null;
}

/** A checklist an inspection works through, frozen as it stood when the plan was made. */
export interface InspectionChecklistTable {
  id: string;
  inspection_id: string;
  template_id: string;
  template_version: number;
  kind: string;
  title: string;
  /** JSON `ChecklistItem[]`. */
  items: string;
}

/** One checklist item's result on one target. */
export interface InspectionCheckTable {
  id: string;
  inspection_id: string;
  target_id: string;
  checklist_id: string;
  item_code: string;
  /** pass | wanting | not_applicable. */
  result: string;
  note: string | null;
  recorded_by: string | null;
  recorded_by_name: string | null;
  recorded_at: string;
}

/** A photo or document of a check, sealed in the blob store (no check yet: uploaded before recording). */
export interface InspectionCheckFileTable {
  id: string;
  inspection_id: string;
  check_id: string | null;
  content_type: string;
  size_bytes: number;
  sha256: string;
  name_enc: string;
  blob_id: string;
  key_enc: string;
  user_id: string | null;
  created_at: string;
}

/** A finding: an item found wanting, with what happens next. */
export interface InspectionFindingTable {
  id: string;
  inspection_id: string;
  check_id: string | null;
  target_id: string;
  seq: number;
  item_label: string;
  what: string;
  severity: string;
  responsible_unit_id: string | null;
  responsible_person: string | null;
  subject_id: string | null;
  /** null (undecided) | rectification | talk | recommendation | clue. */
  next_step: string | null;
  due_on: string | null;
  rectification_item_id: string | null;
  talk_id: string | null;
  clue_id: string | null;
  recommendation_id: string | null;
  decision_note: string | null;
  decided_by: string | null;
  decided_at: string | null;
  version: number;
  created_at: string;
}

/** A talk of the first form with a registry person, on their integrity file. */
export interface InspectionTalkTable extends ScopedColumns {
  id: string;
  inspection_id: string;
  finding_id: string;
  subject_id: string;
  person_name: string;
  /** A `TALK_KINDS` code. */
  kind: string;
  talked_on: string;
  note: string | null;
  created_by: string | null;
  created_by_name: string | null;
  created_at: string;
}

/** The tables of this module, as `Database` composes them. */
export interface InspectionsTables {
  checklist_templates: ChecklistTemplateTable;
  inspections: InspectionTable;
  inspection_targets: InspectionTargetTable;
  inspection_members: InspectionMemberTable;
  inspection_checklists: InspectionChecklistTable;
  inspection_checks: InspectionCheckTable;
  inspection_check_files: InspectionCheckFileTable;
  inspection_findings: InspectionFindingTable;
  inspection_talks: InspectionTalkTable;
}

/** A row of `checklist_templates` as read. */
export type ChecklistTemplateRow = Selectable<ChecklistTemplateTable>;
/** A row of `inspections` as read. */
export type InspectionRow = Selectable<InspectionTable>;
/** A row of `inspection_findings` as read. */
export type InspectionFindingRow = Selectable<InspectionFindingTable>;
