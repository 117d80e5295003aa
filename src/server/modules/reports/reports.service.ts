import { randomInt } from 'node:crypto';
import type { Ctx } from '../../shared/context.js';
import { inTransaction, nowIso, scopeFor } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import type { ReportRow } from '../../db/types.js';
import { inScope, scopeColumns, scopePredicate } from '../access/scope.js';
import { recordAudit } from '../audit/audit.service.js';
import { computeDeadline } from '../calendar/calendar.service.js';
import { findCompetentUnit } from '../org/org.service.js';

/** Intake channels (glossary: intake). */
export const REPORT_CHANNELS = ['qr', 'online', 'visit', 'letter', 'phone', 'informant', 'transfer'] as const;
/** An intake channel. */
export type ReportChannel = (typeof REPORT_CHANNELS)[number];
/** Kinds of report: an accusation against a person (检举控告) or a general petition. */
export const REPORT_KINDS = ['accusation', 'petition'] as const;
/** A kind of report. */
export type ReportKind = (typeof REPORT_KINDS)[number];
/** Report statuses (only `received` in this slice). */
export const REPORT_STATUSES = ['received'] as const;
/** A report status. */
export type ReportStatus = (typeof REPORT_STATUSES)[number];
/** Who wrote a receipt-page message. */
export const MESSAGE_AUTHORS = ['reporter', 'staff'] as const;
/** A message author. */
export type MessageAuthor = (typeof MESSAGE_AUTHORS)[number];
/** A receipt-page message as the API shows it. */
export interface MessageView {
  author: MessageAuthor;
  body: string;
  createdAt: string;
}

function presentMessage(m: { author: string; body: string; created_at: string }): MessageView {
  return { author: m.author as MessageAuthor, body: m.body, createdAt: m.created_at };
}

/** Working days within which a named reporter is told whether the report was accepted (JK 第二十六条). */
export const ACK_WORKING_DAYS = 15;

/** What identity looks like in staff lists: never the identity itself. */
export const REPORTER_LABEL = { named: '实名（已保护）', anonymous: '匿名' } as const;

const MAC_RECEIPT = 'receipt';
const MAC_IDEMPOTENCY = 'reports.idempotency';
const reporterContext = (id: string) => `reports.reporter:${id}`;
const receiptContext = (id: string) => `reports.receipt:${id}`;

/** A public submission. */
export interface SubmitInput {
  regionCode: string;
  named: boolean;
  reporter?: { name: string; phone: string } | undefined;
  subject: { name: string; position?: string | undefined; employer?: string | undefined };
  content: string;
  occurredOn?: string | undefined;
  place?: string | undefined;
  amountFen?: number | undefined;
}

/** The answer to a submission: the receipt is shown once (and again only to an idempotent replay). */
export interface SubmitResult {
  receipt: string;
  receivedAt: string;
  ackDueOn: string | null;
}

/** Returns a new 16-digit receipt code from the CSPRNG. */
export function newReceipt(): string {
  return String(randomInt(0, 100_000_000)).padStart(8, '0') + String(randomInt(0, 100_000_000)).padStart(8, '0');
}

/** Which cadre authority decides the competent body for a report about a region of `level`. */
function authorityForLevel(level: string): string | null {
  if (level === 'village' || level === 'villager_group') return 'village_cadre';
  if (level === 'township') return 'township_managed';
  if (level === 'county') return 'county_managed';
  return null;
}

async function replay(ctx: Ctx, idempotencyHash: string): Promise<SubmitResult | null> {
  const row = await ctx.db
    .selectFrom('reports')
    .select(['id', 'receipt_enc', 'received_at', 'ack_due_on'])
    .where('idempotency_hash', '=', idempotencyHash)
    .executeTakeFirst();
  if (!row?.receipt_enc) return null;
  return {
    receipt: ctx.keyring.openText(row.receipt_enc, receiptContext(row.id)),
    receivedAt: row.received_at,
    ackDueOn: row.ack_due_on,
  };
}

/**
 * Takes in a public report: routes it to the competent body, seals the reporter's identity and
 * returns a receipt that exists in the database only as a keyed hash. Nothing about the sender's
 * connection (address, user agent, cookie) is stored. With an idempotency key, a repeat returns
 * the first answer. Throws VALIDATION_FAILED, INVALID_REGION_CODE.
 */
export async function submitReport(ctx: Ctx, input: SubmitInput, idempotencyKey?: string): Promise<SubmitResult> {
  if (input.named && !input.reporter) throw errors.validation({ field: 'reporter' }, '实名举报须填写举报人姓名和电话');
  if (!input.named && input.reporter) throw errors.validation({ field: 'reporter' }, '匿名举报不填写举报人信息');
  const idempotencyHash = idempotencyKey ? ctx.keyring.mac(MAC_IDEMPOTENCY, idempotencyKey) : null;
  if (idempotencyHash) {
    const first = await replay(ctx, idempotencyHash);
    if (first) return first;
  }
  try {
    return await inTransaction(ctx, async (tx) => {
      const region = await tx.db
        .selectFrom('regions')
        .selectAll()
        .where('code', '=', input.regionCode)
        .executeTakeFirst();
      const authority = region ? authorityForLevel(region.level) : null;
      const unit = region && authority ? await findCompetentUnit(tx, region.code, authority) : null;
      if (!region || !unit) throw domainError('INVALID_REGION_CODE', { field: 'regionCode' });
      const id = newId();
      const receivedAt = nowIso(tx);
      const receipt = newReceipt();
      const ackDueOn = input.named
        ? (
            await computeDeadline(tx, {
              start: toShanghaiDate(receivedAt),
              amount: ACK_WORKING_DAYS,
              unit: 'working_days',
            })
          ).due
        : null;
      await tx.db
        .insertInto('reports')
        .values({
          id,
          number: null,
          channel: 'online',
          kind: 'accusation',
          anonymous: input.named ? 0 : 1,
          status: 'received',
          region_code: region.code,
          region_path: region.path,
          county_code: region.county_code,
          owner_unit_id: unit.id,
          owner_unit_path: unit.path,
          subject_name: input.subject.name,
          subject_position: input.subject.position ?? null,
          subject_employer: input.subject.employer ?? null,
          content: input.content,
          occurred_on: input.occurredOn ?? null,
          place: input.place ?? null,
          amount_fen: input.amountFen ?? null,
          reporter_enc:
            input.named && input.reporter
              ? tx.keyring.seal(
                  JSON.stringify({ name: input.reporter.name, phone: input.reporter.phone }),
                  reporterContext(id),
                )
              : null,
          receipt_hash: tx.keyring.mac(MAC_RECEIPT, receipt),
          receipt_enc: idempotencyHash ? tx.keyring.seal(receipt, receiptContext(id)) : null,
          idempotency_hash: idempotencyHash,
          received_at: receivedAt,
          ack_due_on: ackDueOn,
          version: 1,
          created_at: receivedAt,
          updated_at: receivedAt,
        })
        .execute();
      await recordAudit(tx, { action: 'report.submit', resourceType: 'report', resourceId: id, unitId: unit.id });
      return { receipt, receivedAt, ackDueOn };
    });
  } catch (err) {
    // Two submissions with the same key at once: the loser answers what the winner stored.
    if (idempotencyHash) {
      const first = await replay(ctx, idempotencyHash);
      if (first) return first;
    }
    throw err;
  }
}

/** What the receipt page shows. */
export interface ReceiptView {
  status: ReportStatus;
  receivedAt: string;
  channel: ReportChannel;
  anonymous: boolean;
  messages: MessageView[];
}

/**
 * Finds the report of a receipt. A wrong receipt costs the same work as a right one: the keyed
 * hash is always computed and the same queries always run.
 */
async function reportByReceipt(ctx: Ctx, receipt: string) {
  const hash = ctx.keyring.mac(MAC_RECEIPT, receipt);
  return ctx.db
    .selectFrom('reports')
    .select(['id', 'status', 'received_at', 'channel', 'anonymous', 'owner_unit_id'])
    .where('receipt_hash', '=', hash)
    .executeTakeFirst();
}

/** Returns the status and messages of the report behind `receipt`, or NOT_FOUND. */
export async function lookupReceipt(ctx: Ctx, receipt: string): Promise<ReceiptView> {
  const row = await reportByReceipt(ctx, receipt);
  const messages = await ctx.db
    .selectFrom('report_messages')
    .select(['author', 'body', 'created_at'])
    .where('report_id', '=', row?.id ?? '')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  if (!row) throw errors.notFound();
  return {
    status: row.status as ReportStatus,
    receivedAt: row.received_at,
    channel: row.channel as ReportChannel,
    anonymous: row.anonymous === 1,
    messages: messages.map(presentMessage),
  };
}

/** Adds a reporter's message to the report behind `receipt`; NOT_FOUND for a wrong receipt. */
export async function addReporterMessage(ctx: Ctx, receipt: string, body: string): Promise<{ createdAt: string }> {
  return inTransaction(ctx, async (tx) => {
    const row = await reportByReceipt(tx, receipt);
    if (!row) throw errors.notFound();
    const id = newId();
    const createdAt = nowIso(tx);
    await tx.db
      .insertInto('report_messages')
      .values({ id, report_id: row.id, author: 'reporter', body, created_at: createdAt })
      .execute();
    await recordAudit(tx, {
      action: 'report.message',
      resourceType: 'report',
      resourceId: row.id,
      unitId: row.owner_unit_id,
    });
    return { createdAt };
  });
}

/** A report as staff see it: the reporter's identity is only ever a label here. */
export interface ReportView {
  id: string;
  number: string | null;
  channel: ReportChannel;
  kind: ReportKind;
  anonymous: boolean;
  reporter: string;
  status: ReportStatus;
  regionCode: string;
  regionName: string | null;
  ownerUnitId: string;
  ownerUnitName: string | null;
  subjectName: string;
  subjectPosition: string | null;
  subjectEmployer: string | null;
  content: string;
  occurredOn: string | null;
  place: string | null;
  amountFen: number | null;
  receivedAt: string;
  ackDueOn: string | null;
  version: number;
}

type ListedRow = Omit<ReportRow, 'reporter_enc' | 'receipt_hash' | 'receipt_enc' | 'idempotency_hash'> & {
  region_name: string | null;
  unit_name: string | null;
};

function present(r: ListedRow): ReportView {
  return {
    id: r.id,
    number: r.number,
    channel: r.channel as ReportChannel,
    kind: r.kind as ReportKind,
    anonymous: r.anonymous === 1,
    reporter: r.anonymous === 1 ? REPORTER_LABEL.anonymous : REPORTER_LABEL.named,
    status: r.status as ReportStatus,
    regionCode: r.region_code,
    regionName: r.region_name,
    ownerUnitId: r.owner_unit_id,
    ownerUnitName: r.unit_name,
    subjectName: r.subject_name,
    subjectPosition: r.subject_position,
    subjectEmployer: r.subject_employer,
    content: r.content,
    occurredOn: r.occurred_on,
    place: r.place,
    amountFen: r.amount_fen === null ? null : Number(r.amount_fen),
    receivedAt: r.received_at,
    ackDueOn: r.ack_due_on,
    version: r.version,
  };
}

const VISIBLE = [
  'r.id',
  'r.number',
  'r.channel',
  'r.kind',
  'r.anonymous',
  'r.status',
  'r.region_code',
  'r.region_path',
  'r.county_code',
  'r.owner_unit_id',
  'r.owner_unit_path',
  'r.subject_name',
  'r.subject_position',
  'r.subject_employer',
  'r.content',
  'r.occurred_on',
  'r.place',
  'r.amount_fen',
  'r.received_at',
  'r.ack_due_on',
  'r.version',
  'r.created_at',
  'r.updated_at',
] as const;

/** Filters of the report list. */
export interface ReportQuery {
  status?: string | undefined;
  channel?: string | undefined;
  anonymous?: boolean | undefined;
  /** Received on or after this Shanghai date. */
  from?: string | undefined;
  /** Received on or before this Shanghai date. */
  to?: string | undefined;
  page: number;
  pageSize: number;
}

/** The UTC instant at which Shanghai date `day` (+ `plusDays`) begins. */
function shanghaiDayStart(day: string, plusDays = 0): string {
  const ms = Date.parse(`${day}T00:00:00+08:00`);
  if (Number.isNaN(ms)) throw errors.validation({ field: 'from/to' }, '日期不正确');
  return new Date(ms + plusDays * 86_400_000).toISOString();
}

/** Lists reports inside the caller's scope (one SQL predicate), newest first. */
export async function listReports(ctx: Ctx, q: ReportQuery): Promise<{ items: ReportView[]; total: number }> {
  const scope = scopeFor(ctx, 'report.read');
  let base = ctx.db.selectFrom('reports as r').where((eb) => scopePredicate(eb, scope, scopeColumns('r')));
  if (q.status) base = base.where('r.status', '=', q.status);
  if (q.channel) base = base.where('r.channel', '=', q.channel);
  if (q.anonymous !== undefined) base = base.where('r.anonymous', '=', q.anonymous ? 1 : 0);
  if (q.from) base = base.where('r.received_at', '>=', shanghaiDayStart(q.from));
  if (q.to) base = base.where('r.received_at', '<', shanghaiDayStart(q.to, 1));
  const [count, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    base
      .leftJoin('regions as g', 'g.code', 'r.region_code')
      .leftJoin('units as u', 'u.id', 'r.owner_unit_id')
      .select(VISIBLE)
      .select(['g.name as region_name', 'u.name as unit_name'])
      .orderBy('r.received_at', 'desc')
      .orderBy('r.id', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
  ]);
  return { items: rows.map(present), total: Number(count.n) };
}

async function loadInScope(ctx: Ctx, id: string, permission: 'report.read' | 'report.identity') {
  const row = await ctx.db
    .selectFrom('reports as r')
    .leftJoin('regions as g', 'g.code', 'r.region_code')
    .leftJoin('units as u', 'u.id', 'r.owner_unit_id')
    .select(VISIBLE)
    .select(['r.reporter_enc', 'g.name as region_name', 'u.name as unit_name'])
    .where('r.id', '=', id)
    .executeTakeFirst();
  if (!row || !inScope(scopeFor(ctx, permission), row)) throw errors.notFound('report');
  return row;
}

/** A report with its receipt-page messages. */
export interface ReportDetail extends ReportView {
  messages: MessageView[];
}

/** Reads one report in scope (NOT_FOUND outside it); the read is audited. */
export async function readReportAudited(ctx: Ctx, id: string): Promise<ReportDetail> {
  return inTransaction(ctx, async (tx) => {
    const row = await loadInScope(tx, id, 'report.read');
    const messages = await tx.db
      .selectFrom('report_messages')
      .select(['author', 'body', 'created_at'])
      .where('report_id', '=', id)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    await recordAudit(tx, { action: 'report.read', resourceType: 'report', resourceId: id, unitId: row.owner_unit_id });
    return {
      ...present(row),
      messages: messages.map(presentMessage),
    };
  });
}

/**
 * Reveals a named reporter's identity to a holder of `report.identity` in scope, recording who
 * looked and why in the same transaction. NOT_FOUND outside scope or for an anonymous report;
 * INTEGRITY_ERROR if the sealed identity was altered.
 */
export async function revealIdentity(ctx: Ctx, id: string, reason: string): Promise<{ name: string; phone: string }> {
  return inTransaction(ctx, async (tx) => {
    const row = await loadInScope(tx, id, 'report.identity');
    if (row.anonymous === 1 || !row.reporter_enc) throw errors.notFound('reporter');
    await recordAudit(tx, {
      action: 'report.identity_reveal',
      resourceType: 'report',
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: { reason: [null, reason] },
    });
    const identity = JSON.parse(tx.keyring.openText(row.reporter_enc, reporterContext(id))) as {
      name: string;
      phone: string;
    };
    return { name: identity.name, phone: identity.phone };
  });
}
