/**
 * The sanctions pages' requests and the shapes they read: the ledger, a sanction's page and its
 * writes (edit, defence, branch meeting, direct decision, decision, steps, notices, 留党察看's
 * end), appeals, documents, a case's sanctions and a person's integrity file (廉政档案). Code
 * lists are the server's own (src/server/shared/sanctions.codes.ts).
 *
 * The shapes are written out here, every field the pages use and nothing more, because the
 * routes were built alongside the pages; each names the route it reads.
 */
import { apiGet, apiPatch, apiPost, buildUrl } from '../../api/request.js';
import type { Query } from '../../api/request.js';

export * from '../../../../../src/server/shared/sanctions.codes.js';

/** Paging answer of a list route. */
export interface SanctionPageAnswer<T> {
  items: T[];
  total: number;
  page?: number;
  pageSize?: number;
}

/** The person a sanction is given to. */
export interface SanctionPerson {
  name: string;
  position?: string | null;
  employer?: string | null;
  subjectId?: string | null;
  partyMember?: boolean;
  limitedSubject?: string | null;
}

/** A ledger line (`GET /api/sanctions`). */
export interface SanctionLine {
  id: string;
  subjectId?: string | null;
  personName: string;
  personPosition?: string | null;
  personEmployer?: string | null;
  caseId?: string | null;
  caseNumber?: string | null;
  system: string;
  kind: string;
  outcomeCode?: string;
  outcomeLabel?: string;
  probationYears?: number | null;
  status: string;
  fourForm?: number | null;
  decidedOn?: string | null;
  decisionRef?: string | null;
  approvingBodyName?: string | null;
  effectStart?: string | null;
  effectEnd?: string | null;
  liftsOn?: string | null;
  liftedOn?: string | null;
  stackedDays?: number;
  ownerUnitName?: string | null;
  zoneName?: string | null;
}

/** Filters of the ledger (and of the under-effect export). */
export interface SanctionFilters extends Query {
  system?: string;
  kind?: string;
  status?: string;
  fourForm?: number;
  zoneId?: string;
  ownerUnitId?: string;
  decidedFrom?: string;
  decidedTo?: string;
  personName?: string;
  underEffectOn?: string;
}

/** One clock of a sanction (timers 14–22). */
export interface SanctionClock {
  id?: string;
  kind?: string;
  timerCode?: string | null;
  label?: string | null;
  dueOn?: string | null;
  legalDueOn?: string | null;
  state?: string | null;
  metOn?: string | null;
  metAt?: string | null;
  overdue?: boolean;
}

/** One step of a sanction's trail. */
export interface SanctionTrailStep {
  at: string;
  actorName: string;
  action: string;
  label: string;
  note: string | null;
}

/** A 支部大会 as recorded. */
export interface SanctionBranchMeeting {
  id?: string;
  branchName: string;
  heldOn: string;
  shouldAttend: number;
  present: number;
  yes: number;
  no: number;
  abstain: number;
  quorate: boolean;
  passed: boolean;
  resolution: string;
  personSignature: string;
  personOpinion?: string | null;
}

/** A notice sent on a decision, change, lifting or probation outcome. */
export interface SanctionNoticeLine {
  id?: string;
  kind: string;
  recipient: string;
  sentOn: string;
  note?: string | null;
}

/** An appeal as listed on the sanction's page. */
export interface SanctionAppealLine {
  id: string;
  kind: string;
  applicant: string;
  grounds?: string;
  appliedOn: string;
  status: string;
  outcome?: string | null;
  decidedOn?: string | null;
  dueOn?: string | null;
  newSanctionId?: string | null;
}

/** A sanction's page (`GET /api/sanctions/:id`): the fields the page shows, all optional but id and status. */
export interface SanctionDetail {
  id: string;
  version: number;
  status: string;
  system: string;
  kind: string;
  outcomeCode?: string;
  probationYears?: number | null;
  inPlaceOfPostRemoval?: boolean;
  /** Whether the person holds a party post (党内职务); null: not recorded yet. */
  holdsPartyPost?: boolean | null;
  fourForm?: number | null;
  caseId?: string | null;
  caseNumber?: string | null;
  reviewId?: string | null;
  summary?: string;
  exemptionConclusion?: string | null;
  person?: SanctionPerson;
  personName?: string;
  personPosition?: string | null;
  personEmployer?: string | null;
  subjectId?: string | null;
  requiredBody?: string | null;
  approvingBody?: string | null;
  approvingBodyName?: string | null;
  decisionRef?: string | null;
  decidedOn?: string | null;
  directReason?: string | null;
  directNote?: string | null;
  defenceHeardOn?: string | null;
  defenceSummary?: string | null;
  newFact?: string | null;
  effectStart?: string | null;
  effectEnd?: string | null;
  effectMonths?: number | null;
  priorId?: string | null;
  stackedDays?: number;
  readmissionAfter?: string | null;
  deliveredOn?: string | null;
  announcedOn?: string | null;
  jobPayOn?: string | null;
  executionReportedOn?: string | null;
  submittedOn?: string | null;
  submittedUpOn?: string | null;
  liftedOn?: string | null;
  probationOutcome?: string | null;
  probationOutcomeOn?: string | null;
  /** A restored 留党察看: rights back on, and the post restriction's last day. */
  restoredOn?: string | null;
  restrictionEnd?: string | null;
  /** The record this one replaced (an appeal's change, an expulsion during 留党察看), and the one that replaced it. */
  supersedesId?: string | null;
  supersededBy?: string | null;
  /** The engine's warnings (party/state match, a village cadre's allowance). */
  warnings?: { code: string; reason?: string }[];
  branchMeetings?: SanctionBranchMeeting[];
  /** What may be done next: edit, withdraw, decide, defence, branch_meeting, direct_decision, submit, or the open steps. */
  next?: string[];
  clocks?: SanctionClock[];
  events?: SanctionTrailStep[];
  notices?: SanctionNoticeLine[];
  appeals?: SanctionAppealLine[];
  documents?: string[];
  can?: { manage?: boolean; export?: boolean };
  /** The server's today (Asia/Shanghai): what remains of the period and overdue clocks count from it, never the browser's clock. */
  today: string;
}

/** The party/state match and other warnings of a case's outcomes (`GET /api/cases/:id/sanctions`). */
export interface CaseSanctionsAnswer {
  /** The server's today (Asia/Shanghai), as on a sanction's page. */
  today: string;
  items: SanctionLine[];
  warnings?: { code: string; reason?: string; personName?: string }[];
}

/** One record of an integrity file. */
export interface IntegrityRecord extends SanctionLine {
  underEffect: boolean;
  remainder: { months: number; days: number } | null;
  stackedDays: number;
  readmissionAfter: string | null;
  restoration: { outcome: string; on: string | null; ref: string | null } | null;
  appeals: {
    id: string;
    kind: string;
    kindLabel?: string;
    appliedOn: string;
    status: string;
    outcome: string | null;
    decidedOn: string | null;
    newSanctionId: string | null;
  }[];
}

/** A person's integrity file (廉政档案, `GET /api/integrity-files/:id`). */
export interface IntegrityFile {
  subject: { id: string; name: string; position: string; employer: string };
  today: string;
  underEffect: boolean;
  records: IntegrityRecord[];
}

/** One page of the ledger. */
export function listSanctions(
  query: SanctionFilters & { page: number; pageSize: number },
  signal?: AbortSignal,
): Promise<SanctionPageAnswer<SanctionLine>> {
  return apiGet('/api/sanctions', query, signal);
}

/** The Excel list of who is under an effect period on `on`, within the ledger's other filters. */
export function underEffectExportUrl(on: string, filters: SanctionFilters): string {
  const { underEffectOn: _ignored, ...rest } = filters;
  return buildUrl('/api/sanctions/under-effect.xlsx', { on, ...rest });
}

/** A sanction's page. */
export function getSanction(id: string): Promise<SanctionDetail> {
  return apiGet(`/api/sanctions/${encodeURIComponent(id)}`);
}

/** A case's outcomes, with the party/state match warning. */
export function listCaseSanctions(caseId: string): Promise<CaseSanctionsAnswer> {
  return apiGet(`/api/cases/${encodeURIComponent(caseId)}/sanctions`);
}

/** A person's integrity file by their subject id. */
export function getIntegrityFile(subjectId: string): Promise<IntegrityFile> {
  return apiGet(`/api/integrity-files/${encodeURIComponent(subjectId)}`);
}

/** Who was told of the sanction (`GET /api/sanctions/:id/notices`), oldest first. */
export function listSanctionNotices(id: string): Promise<{ items: SanctionNoticeLine[] }> {
  return apiGet(`/api/sanctions/${encodeURIComponent(id)}/notices`);
}

/** The appeals of a sanction (`GET /api/sanctions/:id/appeals`), oldest first. */
export function listSanctionAppeals(id: string): Promise<{ items: SanctionAppealLine[] }> {
  return apiGet(`/api/sanctions/${encodeURIComponent(id)}/appeals`);
}

/** A write on a sanction: `POST /api/sanctions/:id/<action>` with the version checked. */
export function sanctionWrite(id: string, action: string, body: Record<string, unknown>): Promise<unknown> {
  return apiPost(`/api/sanctions/${encodeURIComponent(id)}/${action}`, body);
}

/** Edits a drafted record (`PATCH /api/sanctions/:id`). */
export function editSanction(id: string, body: Record<string, unknown>): Promise<unknown> {
  return apiPatch(`/api/sanctions/${encodeURIComponent(id)}`, body);
}

/** Download link of one of a sanction's documents. */
export function sanctionDocumentUrl(id: string, name: string, format: 'pdf' | 'docx'): string {
  return `/api/sanctions/${encodeURIComponent(id)}/documents/${encodeURIComponent(name)}.${format}`;
}

/** The sanction as the engine names it (`党内警告`, `留党察看一年`, `政务警告`, `记过`, `诫勉`…). */
export function outcomeName(
  s: { system: string; kind: string; probationYears?: number | null },
  labels: {
    party: Record<string, string>;
    state: Record<string, string>;
    lighter: Record<string, string>;
  },
): string {
  if (s.system === 'party') {
    if (s.kind === 'probation') return `留党察看${s.probationYears === 2 ? '二年' : '一年'}`;
    if (s.kind === 'warning') return '党内警告';
    if (s.kind === 'serious_warning') return '党内严重警告';
    return labels.party[s.kind] ?? s.kind;
  }
  if (s.system === 'state') return s.kind === 'warning' ? '政务警告' : (labels.state[s.kind] ?? s.kind);
  if (s.system === 'lighter') return labels.lighter[s.kind] ?? s.kind;
  return '移送审查起诉';
}

/** Days from `today` to the last day of an effect period, both counted (0 once it has ended). */
export function remainingDays(effectEnd: string | null | undefined, today: string): number | null {
  if (!effectEnd) return null;
  const ms = Date.parse(`${effectEnd}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`);
  return Math.max(0, Math.round(ms / 86_400_000) + 1);
}

/** One member on the branch meeting's roll, as the roll editor keeps it. */
export interface RollEntry {
  key: string;
  name: string;
  /** The person being sanctioned: may attend and defend themselves, has no vote and is not counted. */
  isSubject: boolean;
  votingRights: boolean;
  shouldAttend: boolean;
  present: boolean;
  vote: 'yes' | 'no' | 'abstain' | null;
}

/** The roll's quorum and majority as the engine counts them (PZ 第十三条): against those who should attend. */
export function rollResult(roll: readonly RollEntry[]): {
  shouldAttend: number;
  present: number;
  yes: number;
  no: number;
  abstain: number;
  needed: number;
  quorum: boolean;
  majority: boolean;
} {
  let shouldAttend = 0;
  let present = 0;
  let yes = 0;
  let no = 0;
  let abstain = 0;
  for (const l of roll) {
    if (l.isSubject || !l.votingRights) continue;
    if (!l.shouldAttend && !l.present) continue;
    shouldAttend++;
    if (l.present) present++;
    if (l.present && l.vote === 'yes') yes++;
    if (l.present && l.vote === 'no') no++;
    if (l.present && l.vote === 'abstain') abstain++;
  }
  const needed = Math.floor(shouldAttend / 2) + 1;
  return { shouldAttend, present, yes, no, abstain, needed, quorum: present >= needed, majority: yes >= needed };
}
