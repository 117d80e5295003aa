/**
 * The meetings' documents, PDF or DOCX, audited (`meeting.document`):
 *
 * - `meeting_minutes` (会议纪要): the meeting, attendees and absences (with reasons), the agenda,
 *   the minutes, the decisions and the action items with their responsible units and deadlines.
 * - `annual_report_draft` (述职报告初稿): generated from the zone's year for the leader to edit:
 *   reports and clues received, clues disposed by mode, cases filed and closed by handling mode,
 *   sanctions, overdue clocks, the rectification items, and a few closed cases as examples
 *   (titles only: no reporter's identity is ever read).
 */
import { type Block, type OfficialDocument, chineseDate, renderDocx, renderPdf } from '../../documents/index.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { HANDLING_MODE_LABELS, type HandlingMode } from '../../shared/cases.codes.js';
import { CLUE_DISPOSAL_LABELS, type ClueDisposal } from '../../shared/clues.codes.js';
import { type Ctx, inTransaction, nowIso } from '../../shared/context.js';
import { domainError } from '../../shared/errors.js';
import { AGENDA_SOURCE_LABELS, MEETING_KIND_LABELS, type MeetingKind } from '../../shared/meetings.codes.js';
import { RECTIFICATION_OUTSTANDING } from '../../shared/rectification.codes.js';
import { loadInScope } from '../access/index.js';
import { recordAudit } from '../audit/index.js';
import { underAny, zoneTownships } from './meetings.agenda.js';
import { materialsNote, meetingParts } from './meetings.service.js';
import { type MeetingAction, meetingPolicy } from './meetings.policy.js';
import type { MeetingRow } from './meetings.tables.js';

/** The document kinds of a meeting (`/documents/{kind}.pdf|docx`). */
export const MEETING_DOCUMENTS = ['meeting_minutes', 'annual_report_draft'] as const;
/** A meeting document kind. */
export type MeetingDocument = (typeof MEETING_DOCUMENTS)[number];

const ZONE_ROLE_LABELS: Record<string, string> = {
  commander: '指挥长',
  leader: '组长',
  deputy_leader: '副组长',
  member: '成员',
  zone_office_director: '工作室主任',
  village_liaison: '村级联络员',
};

/** The minutes' model. */
async function minutesModel(ctx: Ctx, m: MeetingRow, issuer: string): Promise<OfficialDocument> {
  if (m.status !== 'minutes_recorded' && m.status !== 'closed')
    throw domainError(
      'MEETING_STATE',
      { status: m.status, action: 'meeting_minutes' },
      '会议纪要尚未记录，不能生成纪要',
    );
  const parts = await meetingParts(ctx, m);
  const present = parts.attendees.filter((a) => a.presence === 'present');
  const absent = parts.attendees.filter((a) => a.presence === 'absent');
  const who = (a: (typeof parts.attendees)[number]) =>
    `${a.name}${a.zoneRole ? `（${ZONE_ROLE_LABELS[a.zoneRole] ?? a.zoneRole}）` : ''}`;
  // An item the chair accepted from the proposed agenda is listed once, where it was proposed.
  const key = (a: { source: string; refId: string | null; title: string }) => `${a.source}:${a.refId ?? a.title}`;
  const proposedKeys = new Set(parts.agenda.proposed.map(key));
  const agenda = [...parts.agenda.proposed, ...parts.agenda.custom.filter((a) => !proposedKeys.has(key(a)))];
  const blocks: Block[] = [
    {
      kind: 'fields',
      columns: 2,
      fields: [
        { label: '会议名称', value: m.title, wide: true },
        { label: '会议类型', value: MEETING_KIND_LABELS[m.kind as MeetingKind] ?? m.kind, wide: true },
        { label: '时间', value: `${chineseDate(m.held_on)} ${m.starts_at}`, wide: true },
        { label: '地点', value: m.place, wide: true },
        { label: '主持人', value: m.chair_name, wide: true },
        { label: '出席人员', value: present.map(who).join('、') || '无', wide: true },
        {
          label: '缺席人员',
          value: absent.map((a) => `${who(a)}：${a.absenceReason ?? ''}`).join('；') || '无',
          wide: true,
        },
      ],
    },
    { kind: 'heading', level: 1, text: '一、会议议题' },
    ...(agenda.length === 0
      ? [{ kind: 'paragraph' as const, text: '无。' }]
      : agenda.map((a, i) => ({
          kind: 'paragraph' as const,
          text: `${i + 1}. 【${AGENDA_SOURCE_LABELS[a.source]}】${a.title}${a.detail ? `（${a.detail}）` : ''}${a.dueOn ? `，期限${a.dueOn}${a.overdue ? '，已逾期' : ''}` : ''}`,
        }))),
    { kind: 'heading', level: 1, text: '二、会议纪要' },
    ...(m.minutes ?? '')
      .split(/\n+/)
      .filter(Boolean)
      .map((text) => ({ kind: 'paragraph' as const, text })),
    { kind: 'heading', level: 1, text: '三、议定事项' },
    ...(parts.decisions.length === 0
      ? [{ kind: 'paragraph' as const, text: '无。' }]
      : parts.decisions.map((text, i) => ({ kind: 'paragraph' as const, text: `${i + 1}. ${text}` }))),
    { kind: 'heading', level: 1, text: '四、交办事项' },
    ...(parts.actions.length === 0
      ? [{ kind: 'paragraph' as const, text: '无。' }]
      : parts.actions.map((a) => ({
          kind: 'fields' as const,
          columns: 2 as const,
          fields: [
            { label: `事项${a.seq}`, value: a.problem, wide: true },
            ...(a.measures ? [{ label: '整改举措', value: a.measures, wide: true }] : []),
            {
              label: '责任单位',
              value: `${a.ownerUnitName}${a.responsiblePerson ? `（责任人：${a.responsiblePerson}）` : ''}`,
              wide: true,
            },
            { label: '完成期限', value: chineseDate(a.dueOn), wide: true },
          ],
        }))),
    {
      kind: 'paragraph',
      text: '交办事项已列入整改台账，责任单位应按期完成并通过平台报送整改情况，逾期未完成的按规定督促、约谈、通报。',
    },
  ];
  return {
    title: '会议纪要',
    docNumber: m.period_label ? `${parts.zoneName}${m.period_label}` : parts.zoneName,
    confidentiality: '内部资料',
    blocks,
    issuer,
    date: chineseDate(m.held_on),
  };
}

/** The zone's year in counts, for the 述职 report. */
export interface ZoneYear {
  year: number;
  reports: number;
  clues: number;
  disposals: { mode: string; label: string; count: number }[];
  casesFiled: number;
  casesClosed: number;
  closedByMode: { mode: string; label: string; count: number }[];
  sanctions: number;
  overdueClocks: number;
  rectification: { opened: number; closed: number; outstanding: number; overdue: number };
  examples: string[];
}

/** Counts the zone's year (its current townships' regions) up to today. */
export async function zoneYear(ctx: Ctx, zoneId: string, year: number): Promise<ZoneYear> {
  const paths = (await zoneTownships(ctx, zoneId)).map((t) => t.path);
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const today = toShanghaiDate(nowIso(ctx));
  const n = (r: { n: unknown } | undefined) => Number(r?.n ?? 0);
  const [reports, clues, disposals, filed, closed, sanctions, clocks, rect, examples] = await Promise.all([
    ctx.db
      .selectFrom('reports as r')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('r.received_on', '>=', from)
      .where('r.received_on', '<=', to)
      .where((eb) => underAny(eb as never, 'r.region_path', paths))
      .executeTakeFirst(),
    ctx.db
      .selectFrom('clues as c')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('c.received_on', '>=', from)
      .where('c.received_on', '<=', to)
      .where((eb) => underAny(eb as never, 'c.region_path', paths))
      .executeTakeFirst(),
    ctx.db
      .selectFrom('clues as c')
      .select(['c.disposal', (eb) => eb.fn.countAll().as('n')])
      .where('c.disposal', 'is not', null)
      .where('c.received_on', '>=', from)
      .where('c.received_on', '<=', to)
      .where((eb) => underAny(eb as never, 'c.region_path', paths))
      .groupBy('c.disposal')
      .execute(),
    ctx.db
      .selectFrom('cases as c')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('c.filed_on', '>=', from)
      .where('c.filed_on', '<=', to)
      .where((eb) => underAny(eb as never, 'c.region_path', paths))
      .executeTakeFirst(),
    ctx.db
      .selectFrom('cases as c')
      .select(['c.mode', (eb) => eb.fn.countAll().as('n')])
      .where('c.status', '=', 'closed')
      .where('c.updated_at', '>=', `${from}T00:00:00`)
      .where('c.updated_at', '<=', `${to}T23:59:59.999Z`)
      .where((eb) => underAny(eb as never, 'c.region_path', paths))
      .groupBy('c.mode')
      .execute(),
    ctx.db
      .selectFrom('sanctions as s')
      .innerJoin('cases as c', 'c.id', 's.case_id')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('s.decided_on', '>=', from)
      .where('s.decided_on', '<=', to)
      .where((eb) => underAny(eb as never, 'c.region_path', paths))
      .executeTakeFirst(),
    ctx.db
      .selectFrom('deadlines as d')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('d.met_at', 'is', null)
      .where('d.due_on', '<', today)
      .where((eb) => underAny(eb as never, 'd.region_path', paths))
      .executeTakeFirst(),
    ctx.db
      .selectFrom('rectification_items as i')
      .select(['i.status', 'i.due_on'])
      .where('i.zone_id', '=', zoneId)
      .where('i.created_at', '>=', `${from}T00:00:00`)
      .where('i.created_at', '<=', `${to}T23:59:59.999Z`)
      .execute(),
    ctx.db
      .selectFrom('cases as c')
      .select('c.title')
      .where('c.status', '=', 'closed')
      .where('c.updated_at', '>=', `${from}T00:00:00`)
      .where((eb) => underAny(eb as never, 'c.region_path', paths))
      .orderBy('c.updated_at', 'desc')
      .limit(5)
      .execute(),
  ]);
  const outstanding = rect.filter((r) => (RECTIFICATION_OUTSTANDING as readonly string[]).includes(r.status));
  return {
    year,
    reports: n(reports),
    clues: n(clues),
    disposals: disposals.map((d) => ({
      mode: d.disposal!,
      label: CLUE_DISPOSAL_LABELS[d.disposal as ClueDisposal] ?? d.disposal!,
      count: Number(d.n),
    })),
    casesFiled: n(filed),
    casesClosed: closed.reduce((s, c) => s + Number(c.n), 0),
    closedByMode: closed.map((c) => ({
      mode: c.mode,
      label: HANDLING_MODE_LABELS[c.mode as HandlingMode] ?? c.mode,
      count: Number(c.n),
    })),
    sanctions: n(sanctions),
    overdueClocks: n(clocks),
    rectification: {
      opened: rect.length,
      closed: rect.filter((r) => r.status === 'closed').length,
      outstanding: outstanding.length,
      overdue: outstanding.filter((r) => r.due_on < today).length,
    },
    examples: examples.map((e) => e.title),
  };
}

/** The 述职 report draft's model. */
async function annualReportModel(ctx: Ctx, m: MeetingRow): Promise<OfficialDocument> {
  if (m.kind !== 'annual_report_meeting')
    throw domainError('MEETING_STATE', { kind: m.kind, action: 'annual_report_draft' }, '只有年度述职会有述职报告');
  const year = Number((m.period_key ?? m.held_on).slice(0, 4));
  const zone = await ctx.db.selectFrom('zones').select('name').where('id', '=', m.zone_id).executeTakeFirstOrThrow();
  const y = await zoneYear(ctx, m.zone_id, year);
  const list = (xs: { label: string; count: number }[]) =>
    xs.length === 0 ? '无' : xs.map((x) => `${x.label}${x.count}件`).join('，');
  const blocks: Block[] = [
    {
      kind: 'paragraph',
      text: `根据县纪委常委会安排，现将${zone.name}${year}年度工作情况报告如下（本稿由平台根据${year}年度数据生成，截至${chineseDate(toShanghaiDate(nowIso(ctx)))}，请组长修改完善）。`,
    },
    { kind: 'heading', level: 1, text: '一、主要工作和成效' },
    {
      kind: 'fields',
      columns: 4,
      fields: [
        { label: '受理信访举报', value: `${y.reports}件` },
        { label: '受理问题线索', value: `${y.clues}件` },
        { label: '立案', value: `${y.casesFiled}件` },
        { label: '结案', value: `${y.casesClosed}件` },
        { label: '给予处分', value: `${y.sanctions}人次` },
        { label: '超期未办结时限', value: `${y.overdueClocks}项` },
        { label: '线索处置', value: list(y.disposals), wide: true },
        { label: '结案办理方式', value: list(y.closedByMode), wide: true },
      ],
    },
    {
      kind: 'paragraph',
      text: `全年受理信访举报${y.reports}件，受理问题线索${y.clues}件，处置方式为：${list(y.disposals)}。立案${y.casesFiled}件，结案${y.casesClosed}件（${list(y.closedByMode)}），给予党纪政务处分${y.sanctions}人次。`,
    },
    { kind: 'heading', level: 1, text: '二、整改落实情况' },
    {
      kind: 'paragraph',
      text: `全年交办整改事项${y.rectification.opened}项，已销号${y.rectification.closed}项，尚未完成${y.rectification.outstanding}项，其中逾期${y.rectification.overdue}项；目前超期未办结的办理时限${y.overdueClocks}项。`,
    },
    { kind: 'heading', level: 1, text: '三、典型案例' },
    ...(y.examples.length === 0
      ? [{ kind: 'paragraph' as const, text: '（请补充。）' }]
      : y.examples.map((t, i) => ({ kind: 'paragraph' as const, text: `${i + 1}. ${t}` }))),
    { kind: 'heading', level: 1, text: '四、存在的问题和不足' },
    { kind: 'paragraph', text: '（请组长结合实际填写。）' },
    { kind: 'heading', level: 1, text: '五、下一步工作打算' },
    { kind: 'paragraph', text: '（请组长结合实际填写。）' },
  ];
  return {
    title: `${zone.name}${year}年度述职报告`,
    docNumber: '（初稿）',
    confidentiality: '内部资料',
    blocks,
    issuer: m.reporter_name ? `${zone.name}组长 ${m.reporter_name}` : zone.name,
    date: chineseDate(m.held_on),
    footer: materialsNote(m.materials_due_on) ?? undefined,
  };
}

/**
 * Renders document `kind` of meeting `id` (anyone who may read the meeting: NOT_FOUND otherwise;
 * MEETING_STATE for minutes not yet recorded, or a 述职 report of another kind), audited.
 */
export async function meetingDocument(
  ctx: Ctx,
  id: string,
  kind: MeetingDocument,
  format: 'pdf' | 'docx',
): Promise<{ bytes: Buffer; title: string }> {
  const doc = await inTransaction(ctx, async (tx) => {
    const m = await loadInScope<MeetingAction, MeetingRow>(tx, meetingPolicy, id, 'read');
    const owner = await tx.db
      .selectFrom('units')
      .select('name')
      .where('id', '=', m.owner_unit_id)
      .executeTakeFirstOrThrow();
    const model = kind === 'meeting_minutes' ? await minutesModel(tx, m, owner.name) : await annualReportModel(tx, m);
    await recordAudit(tx, {
      action: 'meeting.document',
      resourceType: 'meeting',
      resourceId: id,
      unitId: m.owner_unit_id,
      changes: { document: [null, `${kind}.${format}`] },
    });
    return { model, title: kind === 'meeting_minutes' ? `${m.title}纪要` : model.title };
  });
  const bytes = format === 'pdf' ? await renderPdf(doc.model) : await renderDocx(doc.model);
  return { bytes, title: doc.title };
}
