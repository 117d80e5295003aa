/**
 * Subsidy rosters (补贴发放名册) imported per department and year from Excel: every row checked
 * (GB 11643 ID numbers with the reason in words, amounts, dates, accounts; merged cells and
 * formulas refused), all or nothing. A rejected file leaves a record of its rows' problems (the
 * department's workbench shows it until a later import for the same title and year is accepted);
 * an accepted one stores each line with the recipient's ID number and account as the platform's
 * keyed hashes (`personNumberHash`, `bankAccountHash`: the cross-checks join on them) and the
 * particulars (name, ID number, household, account, holder, approver) sealed, never in clear.
 */
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { type Ctx, inTransaction, nowIso, requireActor } from '../../shared/context.js';
import { errors } from '../../shared/errors.js';
import { ID_NUMBER_PROBLEMS, idNumberProblem, normalizeIdNumber } from '../../shared/id-number.js';
import { newId } from '../../shared/ids.js';
import { maskAccount, maskIdNumber, maskName } from '../../shared/masking.js';
import { bankAccountHash, personNumberHash } from '../../shared/personal-keys.js';
import { ROSTER_UPLOAD_HEADERS, type RosterStatus } from '../../shared/qr-supervision.codes.js';
import { type XlsxCell, readXlsxSheets } from '../../shared/spreadsheet/xlsx-reader.js';
import {
  cellDate,
  cellFen,
  cellText,
  hiddenSheetProblems,
  importRejected,
} from '../../shared/spreadsheet/strict-import.js';
import { loadInScope } from '../access/index.js';
import { recordAudit } from '../audit/index.js';
import { type QrAction, qrItemPolicy, rosterListWhere, subsidyRosterPolicy } from './qr-supervision.policy.js';
import type { QrItemRow, SubsidyRosterRow } from './qr-supervision.tables.js';

/** Most lines one roster may carry. */
export const MAX_ROSTER_LINES = 50_000;

/** A problem of one row (row number as Excel shows it; null for the file as a whole). */
export interface RowProblem {
  row: number | null;
  field: string;
  reason: string;
}

/** A roster line as read from the file. */
export interface RosterLine {
  row: number;
  name: string;
  idNumber: string;
  household: string;
  account: string;
  holder: string;
  amount: number;
  paidOn: string;
  approver: string;
}

/** The particulars sealed in one value per line. */
export interface SealedParticulars {
  name: string;
  idNumber: string;
  household: string;
  account: string;
  holder: string;
  approver: string;
}

/** The seal's context of a line's particulars. */
export function sealContext(lineId: string): string {
  return `subsidy_lines.sealed:${lineId}`;
}

/** Yuan to whole fen; null when not a positive number of at most two decimals. */
function fenOf(cell: XlsxCell | undefined): number | null {
  const fen = cellFen(cell);
  return fen !== null && fen !== undefined && fen > 0 ? fen : null;
}

/**
 * The lines of a roster file, every row checked against `today` (`YYYY-MM-DD`). Throws
 * INVALID_FILE (not an xlsx) or IMPORT_REJECTED with `details.rows` listing every bad row.
 */
export async function readRoster(buffer: Buffer, today: string): Promise<RosterLine[]> {
  const problems: RowProblem[] = [...(await hiddenSheetProblems(buffer))];
  const lines: RosterLine[] = [];
  const seen = new Map<string, number>();
  let headerSeen = false;
  for await (const sheet of readXlsxSheets(buffer)) {
    if (headerSeen) {
      for await (const _ of sheet.rows) break;
      continue;
    }
    for await (const r of sheet.rows) {
      const cells = r.cells;
      if (!headerSeen) {
        headerSeen = true;
        const got = ROSTER_UPLOAD_HEADERS.map((_, i) => cellText(cells[i + 1]));
        const wrong = ROSTER_UPLOAD_HEADERS.map((h, i) => [h, got[i]] as const).filter(([h, g]) => h !== g);
        if (wrong.length > 0)
          importRejected([
            {
              row: r.number,
              field: '表头',
              reason: `表头应依次为：${ROSTER_UPLOAD_HEADERS.join('、')}；${wrong
                .slice(0, 3)
                .map(([h, g]) => `应为“${h}”，实为“${g || '空'}”`)
                .join('；')}`,
            },
          ]);
        continue;
      }
      if (cells.every((c) => c === null || c === undefined || cellText(c) === '')) continue;
      if (lines.length >= MAX_ROSTER_LINES)
        importRejected([{ row: r.number, field: '行数', reason: `一份名册最多 ${MAX_ROSTER_LINES} 行` }]);
      const bad = (field: string, reason: string) => problems.push({ row: r.number, field, reason });
      const name = cellText(cells[1]);
      if (!name || [...name].length > 30) bad('姓名', '请填写领取人姓名（不超过 30 字）');
      const idNumber = normalizeIdNumber(cellText(cells[2]));
      const idProblem = idNumberProblem(idNumber, today);
      if (idProblem) bad('身份证号码', ID_NUMBER_PROBLEMS[idProblem]);
      else if (seen.has(idNumber)) bad('身份证号码', `与第 ${seen.get(idNumber)} 行的身份证号码重复`);
      else seen.set(idNumber, r.number);
      const household = cellText(cells[3]);
      if (!household) bad('户主', '请填写户主姓名');
      const account = cellText(cells[4]).replace(/[\s-]+/g, '');
      if (!/^\d{8,30}$/.test(account)) bad('银行账号', '银行账号应为 8 至 30 位数字');
      const holder = cellText(cells[5]);
      if (!holder) bad('账户持有人', '请填写账户持有人');
      const amount = fenOf(cells[6]);
      if (amount === null) bad('金额（元）', `金额“${cellText(cells[6])}”不是大于零、最多两位小数的数字`);
      const paidOn = cellDate(cells[7]);
      if (!paidOn) bad('发放日期', `日期“${cellText(cells[7])}”无法识别，应写作 2026-11-05`);
      else if (paidOn > today) bad('发放日期', '发放日期不能晚于今天');
      const approver = cellText(cells[8]);
      if (!approver) bad('审批人', '请填写审批人');
      lines.push({
        row: r.number,
        name,
        idNumber,
        household,
        account,
        holder,
        amount: amount ?? 0,
        paidOn: paidOn ?? '',
        approver,
      });
    }
  }
  if (!headerSeen) importRejected([{ row: 1, field: '表头', reason: '文件中没有数据：第一行应为表头' }]);
  if (problems.length > 0) importRejected(problems.sort((a, b) => (a.row ?? 0) - (b.row ?? 0)));
  if (lines.length === 0) importRejected([{ row: 2, field: '行数', reason: '文件中没有发放明细行' }]);
  return lines;
}

/** What a roster import states beside its file. */
export interface RosterMeta {
  title: string;
  year: number;
  /** The policy, project or fund the roster pays (one of the department's items), if any. */
  itemId?: string | null | undefined;
  fileName?: string | null | undefined;
}

/** An import's outcome. */
export interface RosterImported {
  id: string;
  status: RosterStatus;
  lineCount: number;
  totalAmount: number;
}

async function departmentUnit(ctx: Ctx) {
  const actor = requireActor(ctx);
  if (!actor.unitId) throw errors.forbidden('qr_supervision.manage');
  return ctx.db
    .selectFrom('units')
    .select(['id', 'path', 'region_path', 'county_code'])
    .where('id', '=', actor.unitId)
    .executeTakeFirstOrThrow();
}

/**
 * Imports a roster file for the actor's department (`qr_supervision.manage`): read and checked
 * row by row (`readRoster`). A bad file is recorded as a rejected import with its problems (one
 * `qr_supervision.roster_reject` event, its own transaction) and then answers IMPORT_REJECTED
 * with every bad row; nothing of it is stored. A good one stores the roster and its lines (one
 * `qr_supervision.roster_import` event in the same transaction). An `itemId` not managed by the
 * actor answers NOT_FOUND.
 */
export async function importRoster(ctx: Ctx, meta: RosterMeta, buffer: Buffer): Promise<RosterImported> {
  const actor = requireActor(ctx);
  const unit = await departmentUnit(ctx);
  if (meta.itemId) await loadInScope<QrAction, QrItemRow>(ctx, qrItemPolicy, meta.itemId, 'manage');
  const today = toShanghaiDate(nowIso(ctx));
  const base = {
    title: meta.title.trim(),
    year: meta.year,
    item_id: meta.itemId ?? null,
    file_name: meta.fileName?.slice(0, 200) ?? null,
    created_by: actor.userId,
    owner_unit_id: unit.id,
    owner_unit_path: unit.path,
    region_path: unit.region_path,
    county_code: unit.county_code,
  };
  let lines: RosterLine[];
  try {
    lines = await readRoster(buffer, today);
  } catch (e) {
    const details = (e as { code?: string; details?: { rows: RowProblem[]; total: number } }).details;
    if ((e as { code?: string }).code === 'IMPORT_REJECTED' && details) {
      await inTransaction(ctx, async (tx) => {
        const id = newId();
        await tx.db
          .insertInto('subsidy_rosters')
          .values({
            id,
            ...base,
            status: 'rejected',
            problems: JSON.stringify(details.rows),
            problem_count: details.total,
            created_at: nowIso(tx),
          })
          .execute();
        await recordAudit(tx, {
          action: 'qr_supervision.roster_reject',
          resourceType: 'subsidy_roster',
          resourceId: id,
          unitId: unit.id,
          changes: { title: [null, base.title], year: [null, base.year], problems: [null, details.total] },
        });
      });
    }
    throw e;
  }
  return inTransaction(ctx, async (tx) => {
    const id = newId();
    const total = lines.reduce((s, l) => s + l.amount, 0);
    await tx.db
      .insertInto('subsidy_rosters')
      .values({
        id,
        ...base,
        status: 'accepted',
        line_count: lines.length,
        total_amount: total,
        problems: null,
        problem_count: 0,
        created_at: nowIso(tx),
      })
      .execute();
    const rows = lines.map((l, i) => {
      const lineId = newId();
      const particulars: SealedParticulars = {
        name: l.name,
        idNumber: l.idNumber,
        household: l.household,
        account: l.account,
        holder: l.holder,
        approver: l.approver,
      };
      return {
        id: lineId,
        roster_id: id,
        seq: i + 1,
        person_hash: personNumberHash(tx.keyring, l.idNumber),
        account_hash: bankAccountHash(tx.keyring, l.account),
        sealed: tx.keyring.seal(JSON.stringify(particulars), sealContext(lineId)),
        name_masked: maskName(l.name),
        amount: l.amount,
        paid_on: l.paidOn,
        year: meta.year,
        department_unit_id: unit.id,
        county_code: unit.county_code,
      };
    });
    for (let i = 0; i < rows.length; i += 500)
      await tx.db
        .insertInto('subsidy_lines')
        .values(rows.slice(i, i + 500))
        .execute();
    await recordAudit(tx, {
      action: 'qr_supervision.roster_import',
      resourceType: 'subsidy_roster',
      resourceId: id,
      unitId: unit.id,
      changes: {
        title: [null, base.title],
        year: [null, base.year],
        lines: [null, lines.length],
        total: [null, total],
      },
    });
    return { id, status: 'accepted' as const, lineCount: lines.length, totalAmount: total };
  });
}

/** A roster import as the console lists it. */
export interface RosterView {
  id: string;
  title: string;
  year: number;
  itemId: string | null;
  itemTitle: string | null;
  status: RosterStatus;
  fileName: string | null;
  lineCount: number;
  totalAmount: number;
  problemCount: number;
  problems: RowProblem[];
  departmentName: string;
  createdAt: string;
}

function rosterView(r: SubsidyRosterRow & { department_name: string; item_title: string | null }): RosterView {
  return {
    id: r.id,
    title: r.title,
    year: r.year,
    itemId: r.item_id,
    itemTitle: r.item_title,
    status: r.status as RosterStatus,
    fileName: r.file_name,
    lineCount: r.line_count,
    totalAmount: Number(r.total_amount),
    problemCount: r.problem_count,
    problems: r.problems ? (JSON.parse(r.problems) as RowProblem[]) : [],
    departmentName: r.department_name,
    createdAt: r.created_at,
  };
}

/** The filters of the roster list. */
export interface RosterFilter {
  status?: RosterStatus | undefined;
  year?: number | undefined;
}

function rosterQuery(ctx: Ctx, f: RosterFilter) {
  let q = ctx.db
    .selectFrom('subsidy_rosters as r')
    .innerJoin('units as u', 'u.id', 'r.owner_unit_id')
    .leftJoin('qr_items as i', 'i.id', 'r.item_id')
    .where(rosterListWhere(ctx, 'r', 'read'));
  if (f.status) q = q.where('r.status', '=', f.status);
  if (f.year) q = q.where('r.year', '=', f.year);
  return q;
}

/** A page of the roster imports the actor may read, newest first. */
export async function listRosters(
  ctx: Ctx,
  f: RosterFilter & { page: number; pageSize: number },
): Promise<{ items: RosterView[]; total: number }> {
  const base = rosterQuery(ctx, f);
  const [{ n }, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    base
      .selectAll('r')
      .select(['u.name as department_name', 'i.title as item_title'])
      .orderBy('r.created_at', 'desc')
      .orderBy('r.id', 'desc')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
  ]);
  return { items: rows.map(rosterView), total: Number(n) };
}

/** Every roster import the filters select (at most 10,000), for the Excel export. */
export async function exportRosters(ctx: Ctx, f: RosterFilter): Promise<RosterView[]> {
  const rows = await rosterQuery(ctx, f)
    .selectAll('r')
    .select(['u.name as department_name', 'i.title as item_title'])
    .orderBy('r.created_at', 'desc')
    .limit(10_000)
    .execute();
  return rows.map(rosterView);
}

/** A roster line as the department reads it: masked (the clear particulars stay sealed). */
export interface RosterLineView {
  seq: number;
  name: string;
  idNumber: string;
  household: string;
  account: string;
  holder: string;
  amount: number;
  paidOn: string;
  approver: string;
}

/**
 * A roster import the actor may read (NOT_FOUND otherwise) with its lines, masked: the seal is
 * opened to mask each particular; the clear values never leave the server.
 */
export async function readRosterImport(ctx: Ctx, id: string): Promise<RosterView & { lines: RosterLineView[] }> {
  const row = await loadInScope<QrAction, SubsidyRosterRow>(ctx, subsidyRosterPolicy, id, 'read');
  const [unit, item, lines] = await Promise.all([
    ctx.db.selectFrom('units').select('name').where('id', '=', row.owner_unit_id).executeTakeFirstOrThrow(),
    row.item_id
      ? ctx.db.selectFrom('qr_items').select('title').where('id', '=', row.item_id).executeTakeFirst()
      : Promise.resolve(undefined),
    ctx.db
      .selectFrom('subsidy_lines')
      .select(['id', 'seq', 'sealed', 'amount', 'paid_on'])
      .where('roster_id', '=', id)
      .orderBy('seq')
      .limit(5_000)
      .execute(),
  ]);
  return {
    ...rosterView({ ...row, department_name: unit.name, item_title: item?.title ?? null }),
    lines: lines.map((l) => {
      const p = JSON.parse(ctx.keyring.openText(l.sealed, sealContext(l.id))) as SealedParticulars;
      return {
        seq: l.seq,
        name: maskName(p.name),
        idNumber: maskIdNumber(p.idNumber),
        household: maskName(p.household),
        account: maskAccount(p.account),
        holder: maskName(p.holder),
        amount: Number(l.amount),
        paidOn: l.paid_on,
        approver: p.approver,
      };
    }),
  };
}

/**
 * Every line of roster `id` the actor may read (NOT_FOUND otherwise), masked like the page, in the
 * file's order, read 2,000 at a time by sequence (a county roster may hold hundreds of thousands).
 * Returns the roster with the stream, so the export can be named after it.
 */
export async function rosterLinesForExport(
  ctx: Ctx,
  id: string,
): Promise<{ roster: SubsidyRosterRow; lines: AsyncGenerator<RosterLineView> }> {
  const roster = await loadInScope<QrAction, SubsidyRosterRow>(ctx, subsidyRosterPolicy, id, 'read');
  async function* lines(): AsyncGenerator<RosterLineView> {
    let after = 0;
    for (;;) {
      const batch = await ctx.db
        .selectFrom('subsidy_lines')
        .select(['id', 'seq', 'sealed', 'amount', 'paid_on'])
        .where('roster_id', '=', id)
        .where('seq', '>', after)
        .orderBy('seq')
        .limit(2_000)
        .execute();
      for (const l of batch) {
        const p = JSON.parse(ctx.keyring.openText(l.sealed, sealContext(l.id))) as SealedParticulars;
        yield {
          seq: l.seq,
          name: maskName(p.name),
          idNumber: maskIdNumber(p.idNumber),
          household: maskName(p.household),
          account: maskAccount(p.account),
          holder: maskName(p.holder),
          amount: Number(l.amount),
          paidOn: l.paid_on,
          approver: p.approver,
        };
      }
      if (batch.length < 2_000) return;
      after = batch[batch.length - 1]!.seq;
    }
  }
  return { roster, lines: lines() };
}
