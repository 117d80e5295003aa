/**
 * A clue's verification as the 初核 panel reads it (plan, team, report, signatures, what the
 * reader may do), and its documents filled from the record: 初步核实工作方案, 初步核实情况报告 with
 * every member's signature and date, and the 澄清正名 letter after a `clarified` outcome.
 */
import {
  type OfficialDocument,
  type SignatureLine,
  type TeamMember,
  clarificationLetter,
  renderDocx,
  renderPdf,
  toChineseDate,
  verificationPlan,
  verificationReport,
} from '../../documents/index.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { CLUE_OUTCOME_LABELS, type ClueStatus } from '../../shared/clues.codes.js';
import { type Ctx, inTransaction, nowIso, requireActor, scopeFor } from '../../shared/context.js';
import { domainError } from '../../shared/errors.js';
import { REPORT_CATEGORIES, type ReportCategory } from '../../shared/reports.codes.js';
import { scopePredicate } from '../../shared/scope.js';
import {
  VERIFICATION_MEASURE_LABELS,
  VERIFICATION_TEAM_ROLE_LABELS,
  type VerificationMeasure,
  type VerificationStatus,
  type VerificationTeamRole,
} from '../../shared/verification.codes.js';
import { loadInScope } from '../access/index.js';
import { recordAudit } from '../audit/index.js';
import { type ClueAction, cluePolicy } from './clues.policy.js';
import { type LetterTo, resolveAddressee } from './clues.letter.js';
import { clueSubjectsOf } from './clues.service.js';
import type { ClueRow } from './clues.tables.js';
import {
  type SchedulePhaseInput,
  type VerificationOutcome,
  type VerificationRecord,
  type VerificationReportInput,
  currentVerification,
  liveSignatures,
} from './clues.verification.js';

/** A verification as the panel shows it. */
export interface VerificationView {
  clueStatus: ClueStatus;
  clueVersion: number;
  verification: {
    id: string;
    status: VerificationStatus;
    version: number;
    objectives: string;
    measures: VerificationMeasure[];
    schedule: SchedulePhaseInput[];
    /** The planned completion date as extended; null on a plan from before it was asked. */
    plannedEndOn: string | null;
    planApprovalId: string | null;
    planApprovedAt: string | null;
    team: {
      userId: string;
      name: string;
      role: VerificationTeamRole;
      position: string;
      signedAt: string | null;
    }[];
    report: VerificationReportInput | null;
    reportHash: string | null;
    reportApprovalId: string | null;
    /** Signatures voided by changes of the text (kept on record). */
    voidedSignatures: number;
    outcome: VerificationOutcome | null;
    decidedAt: string | null;
  } | null;
  /** What the reader may do now (the server stays the authority). */
  abilities: { plan: boolean; edit: boolean; sign: boolean; submit: boolean };
}

/** The clue (need-to-know) and its verification, or NOT_FOUND / NEED_TO_KNOW. */
async function loadBoth(tx: Ctx, clueId: string) {
  const clue = await loadInScope<ClueAction, ClueRow>(tx, cluePolicy, clueId, 'detail');
  return { clue, v: await currentVerification(tx, clueId) };
}

/**
 * Reads a clue's current verification for the 初核 panel (needs to be on the clue: NOT_FOUND
 * out of scope or recused, NEED_TO_KNOW otherwise). `verification` is null before any plan.
 */
export async function readVerification(ctx: Ctx, clueId: string): Promise<VerificationView> {
  return inTransaction(ctx, async (tx) => {
    const actor = requireActor(tx);
    const { clue, v } = await loadBoth(tx, clueId);
    const inVerification = clue.status === 'verification';
    const canManage = actor.permissions.has('clue.manage');
    const planOpen = !v || v.row.status === 'plan_returned' || v.row.status === 'plan_rejected';
    if (!v)
      return {
        clueStatus: clue.status as ClueStatus,
        clueVersion: clue.version,
        verification: null,
        abilities: { plan: inVerification && canManage && planOpen, edit: false, sign: false, submit: false },
      };
    const signed = await liveSignatures(tx, v.row.id, v.row.report_hash);
    const voided = await tx.db
      .selectFrom('clue_verification_signatures')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('verification_id', '=', v.row.id)
      .where('voided_at', 'is not', null)
      .executeTakeFirstOrThrow();
    const member = v.members.some((m) => m.userId === actor.userId);
    const editable = inVerification && member && (v.row.status === 'active' || v.row.status === 'report_returned');
    return {
      clueStatus: clue.status as ClueStatus,
      clueVersion: clue.version,
      verification: {
        id: v.row.id,
        status: v.row.status as VerificationStatus,
        version: v.row.version,
        objectives: v.row.objectives,
        measures: JSON.parse(v.row.measures) as VerificationMeasure[],
        schedule: JSON.parse(v.row.schedule) as SchedulePhaseInput[],
        plannedEndOn: v.row.planned_end_on,
        planApprovalId: v.row.plan_approval_id,
        planApprovedAt: v.row.plan_approved_at,
        team: v.members.map((m) => ({
          userId: m.userId,
          name: m.name,
          role: m.role,
          position: m.position,
          signedAt: signed.get(m.userId)?.signedAt ?? null,
        })),
        report: v.report,
        reportHash: v.row.report_hash,
        reportApprovalId: v.row.report_approval_id,
        voidedSignatures: Number(voided.n),
        outcome: v.row.outcome as VerificationOutcome | null,
        decidedAt: v.row.decided_at,
      },
      abilities: {
        plan: inVerification && canManage && planOpen,
        edit: editable,
        sign: editable && !!v.row.report_hash && !signed.has(actor.userId),
        submit: editable && !!v.row.report_hash && v.members.every((m) => signed.has(m.userId)),
      },
    };
  });
}

/** The verification documents by glossary name. */
export const VERIFICATION_DOCUMENTS = ['verification_plan', 'verification_report', 'clarification_letter'] as const;
/** A verification document. */
export type VerificationDocument = (typeof VERIFICATION_DOCUMENTS)[number];

function teamOf(v: VerificationRecord): TeamMember[] {
  return v.members.map((m) => ({ name: m.name, role: VERIFICATION_TEAM_ROLE_LABELS[m.role], position: m.position }));
}

async function allegations(clue: ClueRow) {
  const cats = (JSON.parse(clue.categories) as string[]).map((c) => REPORT_CATEGORIES[c as ReportCategory] ?? c);
  return [{ category: cats.join('、') || '其他问题', summary: clue.summary }];
}

/** Builds the document model of `kind` from the record (VERIFICATION_STATE when it does not exist yet). */
async function documentModel(
  tx: Ctx,
  clue: ClueRow,
  v: VerificationRecord,
  kind: VerificationDocument,
  recipient?: string,
): Promise<OfficialDocument> {
  const subjects = await clueSubjectsOf(tx, clue.id);
  const unit = await tx.db.selectFrom('units').select('name').where('id', '=', clue.owner_unit_id).executeTakeFirst();
  const today = toShanghaiDate(nowIso(tx));
  if (kind === 'verification_plan')
    return verificationPlan({
      clueNumber: clue.number,
      subjects: subjects.map((s) => ({
        name: s.name,
        position: [s.employer, s.position].filter(Boolean).join(''),
        cadreAuthority: s.authority ?? '',
      })),
      allegations: await allegations(clue),
      team: teamOf(v),
      measures: [
        `核查目标：${v.row.objectives}`,
        ...(JSON.parse(v.row.measures) as VerificationMeasure[]).map((m) => VERIFICATION_MEASURE_LABELS[m]),
      ],
      schedule: JSON.parse(v.row.schedule) as SchedulePhaseInput[],
      plannedEndOn: v.row.planned_end_on,
      department: unit?.name ?? '',
      date: toShanghaiDate(v.row.created_at),
    });
  const report = v.report;
  if (!report) throw domainError('VERIFICATION_STATE', { status: v.row.status, report: null });
  if (kind === 'clarification_letter') {
    if (v.row.outcome !== 'clarified') throw domainError('VERIFICATION_STATE', { status: v.row.status });
    const s = subjects[0]!;
    return clarificationLetter({
      number: `${clue.number}（澄清）`,
      recipient: recipient ?? s.employer ?? '有关党组织',
      subjectLabel: `${s.employer ?? ''}${s.position ?? ''}${s.name}`,
      subjectName: s.name,
      matter: clue.summary.replace(/[。.]$/, ''),
      howVerified: '经初步核实',
      finding: report.findings.join('；').replace(/[。.]$/, ''),
      scope: '在一定范围内予以澄清',
      commissionName: unit?.name ?? '',
      date: toShanghaiDate(v.row.decided_at ?? nowIso(tx)),
    });
  }
  const mapped = {
    case_proposed: 'file_case',
    concluded: 'conclude',
    clarified: 'conclude',
    reminder: 'reminder_talk',
    shelved: 'shelve',
    transferred: 'transfer',
  } as const;
  const doc = verificationReport({
    clueNumber: clue.number,
    background: report.background,
    allegations: await allegations(clue),
    basis: report.basis,
    findings: report.findings,
    doubts: report.doubts,
    proposal: mapped[report.proposal],
    proposalReason: `${report.proposal === 'clarified' ? `${CLUE_OUTCOME_LABELS.clarified}。` : ''}${report.transferTo ? `移送${report.transferTo}。` : ''}${report.proposalReason}`,
    team: teamOf(v),
    issuer: '初步核实组',
    date: today,
  });
  // Every member's line with the date they signed this text (a blank slot where they have not).
  const signed = await liveSignatures(tx, v.row.id, v.row.report_hash);
  const lines: SignatureLine[] = v.members.map((m) => {
    const at = signed.get(m.userId)?.signedAt;
    return at
      ? {
          label: `${VERIFICATION_TEAM_ROLE_LABELS[m.role]}${m.name}（已签字）  ${toChineseDate(toShanghaiDate(at))}`,
          date: false,
        }
      : { label: `${VERIFICATION_TEAM_ROLE_LABELS[m.role]}${m.name}（签字）` };
  });
  return {
    ...doc,
    blocks: doc.blocks.map((b) => (b.kind === 'signatures' ? { kind: 'signatures', lines } : b)),
  };
}

/**
 * Renders a verification document of clue `clueId` as PDF or DOCX, audited (needs to be on the
 * clue: NOT_FOUND / NEED_TO_KNOW; VERIFICATION_STATE before the document exists).
 */
export async function verificationDocument(
  ctx: Ctx,
  clueId: string,
  kind: VerificationDocument,
  format: 'pdf' | 'docx',
  to: LetterTo = {},
): Promise<{ bytes: Buffer; title: string }> {
  return inTransaction(ctx, async (tx) => {
    const { clue, v } = await loadBoth(tx, clueId);
    if (!v) throw domainError('VERIFICATION_STATE', { status: null });
    // 澄清函: addressed as the 了结函 is (picked from the clue or typed); without either, the unit recorded for the first subject.
    const chosen =
      kind === 'clarification_letter' && (to.addressee || to.recipient) ? await resolveAddressee(tx, clueId, to) : null;
    const model = await documentModel(tx, clue, v, kind, chosen?.text);
    await recordAudit(tx, {
      action: 'clue.document',
      resourceType: 'clue',
      resourceId: clueId,
      unitId: clue.owner_unit_id,
      changes: {
        document: [null, `${kind}.${format}`],
        ...(chosen ? { recipient: [null, chosen.text], addressee: [null, chosen.chosen] } : {}),
      },
    });
    const bytes = format === 'pdf' ? await renderPdf(model) : await renderDocx(model);
    return { bytes, title: `${model.title}（${clue.number}）` };
  });
}

/**
 * The people the team picker offers for a clue's verification: active accounts of the actor's own
 * unit (a 纪检监察室's colleagues lie outside a zone's scope) and of the units in their
 * clue.manage scope, by name (`q`), at most 100. Needs `manage` on the clue (NOT_FOUND, NEED_TO_KNOW).
 */
export async function verificationCandidates(
  ctx: Ctx,
  clueId: string,
  q: string | undefined,
): Promise<{ id: string; name: string; unitName: string | null }[]> {
  await loadInScope<ClueAction, ClueRow>(ctx, cluePolicy, clueId, 'manage');
  const actor = requireActor(ctx);
  const scope = scopeFor(ctx, 'clue.manage');
  let query = ctx.db
    .selectFrom('users as u')
    .innerJoin('units as n', 'n.id', 'u.unit_id')
    .select(['u.id', 'u.display_name', 'n.name as unit_name'])
    .where('u.disabled', '=', 0)
    .where((eb) =>
      eb.or([
        eb('u.unit_id', '=', actor.unitId ?? ''),
        scopePredicate(eb, scope, { unitId: 'n.id', unitPath: 'n.path', regionPath: 'n.region_path' }),
      ]),
    );
  if (q?.trim()) query = query.where('u.display_name', 'like', `%${q.trim().replace(/[\\%_]/g, '')}%`);
  const rows = await query.orderBy('u.display_name').orderBy('u.id').limit(100).execute();
  return rows.map((r) => ({ id: r.id, name: r.display_name, unitName: r.unit_name }));
}
