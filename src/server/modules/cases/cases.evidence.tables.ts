/** Kysely table types of the case team's work records (actions, evidence, custody, files, property). Columns mirror migration 2026120614c. */

/** One investigative action (谈话, 询问, 讯问, 查询, 调取 …). */
export interface CaseActionTable {
  id: string;
  case_id: string;
  /** Order within the case (第N次). */
  seq: number;
  /** A `CASE_ACTION_KINDS` code. */
  kind: string;
  started_at: string;
  ended_at: string | null;
  place: string;
  /** The person talked to, questioned or whose records were taken (or the unit). */
  person_name: string | null;
  /** 被审查调查人, 证人, 有关人员, 单位 … in words. */
  person_role: string | null;
  /** JSON `[{ userId, name }]`: the officers present (≥ 2 team members). */
  officers: string;
  /** The written notice issued (e.g. 调取证据通知书 number) and the credentials shown, in words. */
  notice: string;
  credentials_shown: number;
  /** Talks: the talk room. */
  room: string | null;
  /** Talks: 1 when the room has monitoring equipment. */
  room_monitored: number | null;
  /** 1: an important talk (审查调查谈话, 讯问, or marked so). */
  important: number;
  /** 1: full audio and video were recorded. */
  audio_video: number;
  /** The recording's file reference (storage number). */
  recording_ref: string | null;
  /** 1: the safety checklist (GZ 第六十九条) was confirmed before the talk. */
  safety_checked: number;
  summary: string | null;
  created_by: string | null;
  created_at: string;
}

/** An evidence item with its provenance. */
export interface CaseEvidenceTable {
  id: string;
  case_id: string;
  /** 证据编号 within the case. */
  seq: number;
  /** An `EVIDENCE_TYPES` code (TL21 第五十九条). */
  type: string;
  title: string;
  description: string | null;
  /** The action in which it was collected, if recorded. */
  action_id: string | null;
  /** Source or holder (提供人、持有人). */
  source: string | null;
  /** JSON `[{ userId, name }]`: the collectors (team members, current or former). */
  collectors: string;
  collected_at: string | null;
  place: string | null;
  method: string | null;
  /** 1: the original; 0: a copy. */
  original: number;
  /** A copy: where the original is kept. */
  original_location: string | null;
  /** A copy: why only a copy was taken. */
  copy_reason: string | null;
  /** 1: the holder and witnesses signed. */
  signed: number;
  /** Who refused to sign, and that it was noted (拒绝签名的，应当记明). */
  refusal_note: string | null;
  /** Who keeps the item now (the custody chain's last receiver; first: the collectors). */
  holder: string | null;
  /** JSON array of `PROVENANCE_FIELD_LABELS` keys still lacking (empty: complete). */
  missing: string;
  version: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** One handover of an evidence item. */
export interface CaseEvidenceCustodyTable {
  id: string;
  evidence_id: string;
  case_id: string;
  seq: number;
  from_name: string;
  to_name: string;
  at: string;
  reason: string;
  recorded_by: string | null;
  recorded_at: string;
}

/** A seized item (涉案财物). */
export interface CasePropertyTable {
  id: string;
  case_id: string;
  seq: number;
  /** 编号 as written on the register (e.g. 扣押-001). */
  number: string;
  /** A `PROPERTY_KINDS` code. */
  kind: string;
  description: string;
  quantity: string | null;
  /** Value in fen (分); null until known. */
  value_fen: number | string | null;
  /** Appraisal (估价、鉴定) in words, for items of unclear value. */
  appraisal: string | null;
  /** Whom it was taken from. */
  holder: string;
  seized_at: string;
  place: string;
  action_id: string | null;
  /** A `PROPERTY_STATUSES` code. */
  status: string;
  /** JSON array of steps taken: `{ step, at, note, by }`. */
  steps: string;
  version: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** A file of a case (an evidence file or a property photo), sealed in the evidence blob store. */
export interface CaseFileTable {
  id: string;
  case_id: string;
  evidence_id: string | null;
  property_id: string | null;
  content_type: string;
  size_bytes: number;
  /** SHA-256 (hex) of the bytes as received: the integrity hash shown with the file. */
  sha256: string;
  name_enc: string;
  blob_id: string;
  key_enc: string;
  user_id: string | null;
  created_at: string;
}

/** The tables of the case team's work records, as `Database` composes them. */
export interface CaseEvidenceTables {
  case_actions: CaseActionTable;
  case_evidence: CaseEvidenceTable;
  case_evidence_custody: CaseEvidenceCustodyTable;
  case_property: CasePropertyTable;
  case_files: CaseFileTable;
}
