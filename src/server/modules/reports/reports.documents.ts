import { type Ctx, can, inTransaction, nowIso, requireActor } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import {
  type OfficialDocument,
  type QrPosterInput,
  acceptanceNotice,
  chineseDate,
  closingApproval,
  recheckForward,
  reviewForward,
  renderDocx,
  renderPdf,
  resultFeedback,
  rightsCard,
  transferSlip,
  visitRecord,
} from '../../documents/index.js';
import { recordAudit } from '../audit/index.js';
import { PAUSED_DUE_ON, clockOf } from '../deadlines/index.js';
import { type RegionRow, findCompetentUnit, loadRegionInUnitsReach } from '../org/index.js';
import { loadReportForDocument } from './reports.detail.js';
import { openIdentity } from './reports.export.js';
import { REPORTER_LABEL, SOURCE_BODY_LABELS, type SourceBody } from './reports.model.js';
import type { ReportRow } from './reports.tables.js';

/** Documents generated for a report (glossary names). */
export const REPORT_DOCUMENTS = [
  'visit_record',
  'acceptance_notice',
  'named_feedback_form',
  'forward_slip',
  'report_closing_form',
  'recheck_forward_letter',
  'review_forward_letter',
] as const;
/** A report document kind. */
export type ReportDocument = (typeof REPORT_DOCUMENTS)[number];
/** Output formats. */
export const DOCUMENT_FORMATS = ['pdf', 'docx'] as const;
/** An output format. */
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

/** Chinese titles, for file names. */
export const DOCUMENT_TITLES: Record<ReportDocument | 'reporting_guide', string> = {
  visit_record: '接待来访记录',
  acceptance_notice: '实名举报受理告知书',
  named_feedback_form: '实名举报结果反馈单',
  forward_slip: '信访件转办单',
  report_closing_form: '信访案件结案呈批表',
  recheck_forward_letter: '复查申请转送函',
  review_forward_letter: '复核申请转送函',
  reporting_guide: '检举控告明白卡',
};

/** Documents addressed to the named reporter: they carry the identity. */
const NEEDS_IDENTITY: readonly ReportDocument[] = ['acceptance_notice', 'named_feedback_form'];

const CHANNEL_WORDS: Record<string, string> = {
  qr: '扫码举报',
  online: '网络举报',
  visit: '来访',
  letter: '来信',
  phone: '电话举报',
  video: '视频来访',
  informant: '监督员报送',
  transfer: '移送',
};

/** Shanghai date and time of an instant, e.g. 2026年11月20日 10:05. */
function chineseDateTime(iso: string): string {
  const t = new Date(Date.parse(iso) + 8 * 3600_000).toISOString();
  return `${chineseDate(t.slice(0, 10))} ${t.slice(11, 16)}`;
}

/** Renders a document to bytes. */
export async function render(doc: OfficialDocument, format: DocumentFormat): Promise<Buffer> {
  return format === 'pdf' ? renderPdf(doc) : renderDocx(doc);
}

/**
 * Builds one of a report's documents from its record, in the caller's read scope (NOT_FOUND
 * otherwise). Documents addressed to the named reporter need report.identity (FORBIDDEN
 * otherwise) and exist only for named reports; the others show the identity only to its holders.
 * The generation is audited, noting whether the identity was printed.
 */
export async function buildReportDocument(ctx: Ctx, id: string, kind: ReportDocument): Promise<OfficialDocument> {
  const actor = requireActor(ctx);
  return inTransaction(ctx, async (tx) => {
    const r = await loadReportForDocument(tx, id);
    const named = r.anonymous === 0 && r.reporter_enc !== null;
    const mayIdentify = can(tx, 'report.identity');
    if (NEEDS_IDENTITY.includes(kind)) {
      if (!named) throw domainError('REPORT_STATE', { anonymous: true }, '匿名举报没有此文书');
      if (!mayIdentify) throw errors.forbidden('report.identity');
    }
    const identity = named && mayIdentify ? openIdentity(tx, id, r.reporter_enc!) : null;
    const reporter = identity ? identity.name : named ? REPORTER_LABEL.named : REPORTER_LABEL.anonymous;
    const accused = [r.subject_name, r.subject_position].filter(Boolean).join('，');
    const number = r.number ?? '';
    const today = toShanghaiDate(nowIso(tx));
    const unit = await tx.db
      .selectFrom('units')
      .select('name')
      .where('id', '=', r.owner_unit_id)
      .executeTakeFirstOrThrow();
    const details = r.details
      ? (JSON.parse(r.details) as { visitors?: number; receptionPlace?: string; demands?: string })
      : {};
    let doc: OfficialDocument;
    switch (kind) {
      case 'visit_record':
        doc = visitRecord({
          number,
          visitTime: chineseDateTime(r.received_at),
          place: details.receptionPlace ?? '',
          visitor: reporter,
          headcount: details.visitors ? `${details.visitors}人` : '',
          accused,
          problem: r.content,
          demand: details.demands ?? '',
          receptionist: actor.displayName,
          recorder: actor.displayName,
          ...(r.disposition_note ? { opinion: r.disposition_note } : {}),
        });
        break;
      case 'acceptance_notice':
        doc = acceptanceNotice({
          number,
          reporterName: identity!.name,
          reportDate: r.received_on,
          channel: CHANNEL_WORDS[r.channel] ?? r.channel,
          subject: accused,
          decision:
            r.status === 'forwarded' || r.status === 'transferred_up'
              ? { kind: 'transferred', transferredTo: r.transferred_to ?? '有关机关' }
              : { kind: 'accepted', acceptedDate: r.received_on },
          commissionName: unit.name,
          date: today,
        });
        break;
      case 'named_feedback_form':
        if (!r.closed_at) throw domainError('REPORT_STATE', { status: r.status }, '办结后才能生成结果反馈单');
        doc = resultFeedback({
          number,
          reporter: identity!.name,
          reportDate: r.received_on,
          accused,
          problem: r.content,
          result: r.disposition_note ?? '',
          method: '回执页告知',
          feedbackBy: actor.displayName,
          feedbackDate: today,
          commissionName: unit.name,
        });
        break;
      case 'forward_slip': {
        if (!r.transferred_to) throw domainError('REPORT_STATE', { status: r.status }, '该件尚未转办');
        const from = r.transfer_from_unit_id
          ? await tx.db.selectFrom('units').select('name').where('id', '=', r.transfer_from_unit_id).executeTakeFirst()
          : undefined;
        const files = await tx.db
          .selectFrom('attachments')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('report_id', '=', id)
          .executeTakeFirstOrThrow();
        doc = transferSlip({
          number,
          toAgency: r.transferred_to,
          sourceNumber: r.source_ref ?? number,
          source: r.source_body
            ? SOURCE_BODY_LABELS[r.source_body as SourceBody]
            : (CHANNEL_WORDS[r.channel] ?? r.channel),
          accused,
          summary: r.content,
          requirement:
            r.status === 'received'
              ? '请于收到之日起5个工作日内受理或转出，办理结果报送我委。'
              : '请依法依规处理，并将处理结果告知反映人。',
          attachments: Number(files.n),
          commissionName: from?.name ?? unit.name,
          date: today,
          contactPerson: actor.displayName,
          contactPhone: tx.config.hotline,
        });
        break;
      }
      case 'recheck_forward_letter': {
        // Only for a re-check sent up because nobody on the platform answers for the higher organ.
        if (!r.recheck_forwarded_to || !r.recheck_requested_at)
          throw domainError('REPORT_STATE', { recheckForwarded: false }, '该件没有需转送上级机关的复查申请');
        const [organ, clock] = await Promise.all([
          tx.db.selectFrom('units').select('name').where('id', '=', r.recheck_forwarded_to).executeTakeFirstOrThrow(),
          clockOf(tx, 'report', id, 'recheck'),
        ]);
        if (!clock) throw domainError('REPORT_STATE', { recheckForwarded: true }, '复查时限不存在');
        doc = recheckForward({
          number,
          applicant: reporter,
          toAgency: organ.name,
          accused,
          summary: r.content,
          result: r.disposition_note ?? '',
          closedOn: toShanghaiDate(r.closed_at ?? r.recheck_requested_at),
          requestedOn: toShanghaiDate(r.recheck_requested_at),
          reason: r.recheck_reason ?? '',
          dueOn: clock.due_on,
          commissionName: unit.name,
          date: today,
          contactPerson: actor.displayName,
          contactPhone: tx.config.hotline,
        });
        break;
      }
      case 'review_forward_letter':
        doc = await reviewForwardLetter(tx, r, { applicant: reporter, accused, commissionName: unit.name, today });
        break;
      case 'report_closing_form': {
        if (!r.closed_at) throw domainError('REPORT_STATE', { status: r.status }, '办结后才能生成结案呈批表');
        const steps = await tx.db
          .selectFrom('report_events')
          .select(['event', 'note', 'created_at'])
          .where('report_id', '=', id)
          .orderBy('created_at')
          .orderBy('id')
          .execute();
        const words: Record<string, string> = {
          received: '收件登记',
          accepted: '受理',
          forwarded_down: '转下级办理',
          forwarded: '转主管部门',
          clue_registered: '按问题线索处置',
          concluded: '办结',
          kept_on_file: '留存备查',
          transferred_up: '报送上级',
        };
        doc = closingApproval({
          number,
          petitioner: reporter,
          accused,
          problem: r.content,
          process: steps
            .filter((s) => words[s.event])
            .map((s) => `${chineseDate(toShanghaiDate(s.created_at))}${words[s.event]}${s.note ? `（${s.note}）` : ''}`)
            .join('；'),
          result: r.disposition_note ?? '',
        });
        break;
      }
    }
    await recordAudit(tx, {
      // Printing the review's forwarding letter is the step that sends the request off the
      // platform: its own action, so the audit log shows when the review left for the higher organ.
      action: kind === 'review_forward_letter' ? 'report.review_forward_letter' : 'report.document',
      resourceType: 'report',
      resourceId: id,
      unitId: r.owner_unit_id,
      changes: { document: [null, kind], identityPrinted: [null, identity !== null] },
    });
    return doc;
  });
}

/**
 * Builds 复核申请转送函 for a review sent up because nobody on the platform answers for the organ
 * one level above the re-checking organ (XF 第三十六条): to that organ, with the re-check and its
 * answer, the petitioner's reason and the review clock's due date. REPORT_STATE when the review
 * was not forwarded (or not asked for), or its clock or the re-check's answer time is missing.
 */
async function reviewForwardLetter(
  tx: Ctx,
  r: ReportRow,
  o: { applicant: string; accused: string; commissionName: string; today: string },
): Promise<OfficialDocument> {
  if (!r.review_forwarded_to || !r.review_requested_at)
    throw domainError('REPORT_STATE', { reviewForwarded: false }, '该件没有需转送上级机关的复核申请');
  const [organ, clock, recheckClock] = await Promise.all([
    tx.db.selectFrom('units').select('name').where('id', '=', r.review_forwarded_to).executeTakeFirstOrThrow(),
    clockOf(tx, 'report', r.id, 'petition_review'),
    clockOf(tx, 'report', r.id, 'recheck'),
  ]);
  // The re-check answer is the staff message written when the re-check was marked answered (the
  // last one up to then: re-checks answered before the answer time was kept have it backfilled
  // from their clock, a moment after the message).
  const answer = r.recheck_answered_at
    ? await tx.db
        .selectFrom('report_messages')
        .select('body')
        .where('report_id', '=', r.id)
        .where('author', '=', 'staff')
        .where('created_at', '<=', r.recheck_answered_at)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst()
    : undefined;
  if (!clock || !r.recheck_answered_at)
    throw domainError('REPORT_STATE', { reviewForwarded: true }, '复核时限或复查答复不存在');
  const recheckOrganId = r.recheck_forwarded_to ?? recheckClock?.owner_unit_id ?? r.owner_unit_id;
  const recheckOrgan = await tx.db
    .selectFrom('units')
    .select(['name', 'short_name'])
    .where('id', '=', recheckOrganId)
    .executeTakeFirstOrThrow();
  return reviewForward({
    number: r.number ?? '',
    applicant: o.applicant,
    toAgency: organ.name,
    accused: o.accused,
    summary: r.content,
    result: r.disposition_note ?? '',
    recheckOrgan: recheckOrgan.short_name ?? recheckOrgan.name,
    recheckAnswer: answer?.body ?? '',
    recheckAnsweredOn: toShanghaiDate(r.recheck_answered_at),
    requestedOn: toShanghaiDate(r.review_requested_at),
    reason: r.review_reason ?? '',
    // a hearing pauses the clock: no date to give until it resumes
    dueOn: clock.due_on === PAUSED_DUE_ON ? null : clock.due_on,
    commissionName: o.commissionName,
    date: o.today,
    contactPerson: requireActor(tx).displayName,
    contactPhone: tx.config.hotline,
  });
}

/**
 * The reporting guide (检举控告明白卡) of the commission competent for a region (the county
 * commission; the demo's when no region is given), with the hotline and the report page's URL.
 */
export async function buildReportingGuide(ctx: Ctx, regionCode: string | undefined): Promise<OfficialDocument> {
  let commissionName = '纪检监察机关';
  let url = `${ctx.config.publicUrl}/r/`;
  if (regionCode) {
    const unit = await findCompetentUnit(ctx, regionCode, 'county_managed');
    if (!unit) throw domainError('INVALID_REGION_CODE', { field: 'regionCode' });
    commissionName = unit.name;
    url = `${ctx.config.publicUrl}/r/${regionCode}`;
  }
  return rightsCard({
    commissionName,
    hotline: ctx.config.hotline,
    address: `${commissionName}信访室`,
    url,
    date: toShanghaiDate(nowIso(ctx)),
  });
}

/**
 * The pages of the QR posters of a township or county: one per village under it, for a region
 * within the reach of the caller's org.export scope (a unit in scope seated at it or above it;
 * NOT_FOUND otherwise). VALIDATION_FAILED for another level; NOT_FOUND ('village') when it has no
 * village. The printing is audited.
 */
export async function qrPosterPages(ctx: Ctx, code: string): Promise<{ region: RegionRow; inputs: QrPosterInput[] }> {
  // Posters are printed for places in the caller's reach (its units' region subtrees).
  const region = await loadRegionInUnitsReach(ctx, code, 'poster');
  if (region.level !== 'township' && region.level !== 'county')
    throw errors.validation({ field: 'code' }, '请选择乡镇或县级区划');
  const villages = await ctx.db
    .selectFrom('regions as v')
    .leftJoin('regions as t', 't.code', 'v.parent_code')
    .select(['v.code', 'v.name', 't.name as township'])
    .where('v.level', '=', 'village')
    .where('v.path', '>=', region.path)
    .where('v.path', '<', `${region.path}\uffff`)
    .orderBy('v.code')
    .execute();
  if (villages.length === 0) throw errors.notFound('village');
  const county = region.county_code
    ? await ctx.db.selectFrom('regions').select('name').where('code', '=', region.county_code).executeTakeFirst()
    : undefined;
  const commission = await findCompetentUnit(ctx, region.code, 'county_managed');
  const inputs: QrPosterInput[] = villages.map((v) => ({
    regionName: `${v.township ?? ''}${v.name}`,
    countyName: county?.name ?? '',
    commissionName: commission?.name ?? '',
    hotline: ctx.config.hotline,
    url: `${ctx.config.publicUrl}/r/${v.code}`,
  }));
  await inTransaction(ctx, (tx) =>
    recordAudit(tx, {
      action: 'region.qr_posters',
      resourceType: 'region',
      resourceId: region.code,
      changes: { pages: [null, inputs.length] },
    }),
  );
  return { region, inputs };
}
