/** Sending a report up (JK 第十五条): on the platform to the county commission, or off it as a transfer record. */
import { type Ctx, inTransaction, nowIso } from '../../shared/context.js';
import { errors } from '../../shared/errors.js';
import { commissionOf } from '../numbering/index.js';
import { meetAllDeadlines, openDeadline } from '../deadlines/index.js';
import { notify, usersCovering } from '../notifications/index.js';
import type { ReportRow } from './reports.tables.js';
import { addReportEvent } from './reports.service.js';
import { loadForUpdate, requireStatus, update } from './reports.workflow.js';

/**
 * Sends a report up (JK 第十五条). With `toBody`, to a higher organ off the platform: the report
 * stays here only as a transfer record, outside the ledger. Without it, on the platform to the
 * county commission above the owning township commission (a county-managed cadre's report taken
 * in by a township): the report moves to the county's ledger (owner and scope columns change, its
 * clocks go with it), waits there for acceptance, and the township no longer sees it.
 * Throws NOT_FOUND, CONFLICT, REPORT_STATE, VALIDATION_FAILED.
 */
export async function transferUp(
  ctx: Ctx,
  id: string,
  input: { version: number; toBody?: string | undefined; note?: string | undefined },
): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const row = await loadForUpdate(tx, id, input.version);
    requireStatus(row, ['received', 'accepted']);
    const now = nowIso(tx);
    if (!input.toBody) {
      await transferUpOnPlatform(tx, row);
      return;
    }
    await update(
      tx,
      row,
      {
        status: 'transferred_up',
        disposition: 'transfer_up',
        in_ledger: 0,
        transferred_to: input.toBody,
        disposition_note: input.note ?? null,
        closed_at: now,
      },
      'report.transfer_up',
      { transferred_to: [null, input.toBody] },
    );
    await meetAllDeadlines(tx, 'report', id);
    await addReportEvent(tx, id, 'transferred_up', { public: true, note: '已按管理权限报送上级机关办理' });
  });
}

/** `transferUp` to the county commission on the platform (the owner's commission must be a township's). */
async function transferUpOnPlatform(tx: Ctx, row: ReportRow): Promise<void> {
  const own = await commissionOf(tx, row.owner_unit_id);
  const county = own.kind === 'township_commission' && own.parent_id ? await commissionOf(tx, own.parent_id) : null;
  if (!county || county.kind !== 'commission' || county.county_code !== row.county_code)
    throw errors.validation({ field: 'toBody' }, '上级机关不在本平台：请填写报送的上级机关名称');
  const now = nowIso(tx);
  const owner = {
    owner_unit_id: county.id,
    owner_unit_path: county.path,
    region_path: row.region_path,
    county_code: row.county_code,
  };
  // The township's clocks (to send it up) are met; the county's start on its receipt (JK
  // 第二十六条: the named reporter hears within 15 working days of the competent organ receiving it).
  await meetAllDeadlines(tx, 'report', row.id);
  const clock = { resourceType: 'report', resourceId: row.id, startAt: now, owner };
  let ackDueOn: string | null = row.ack_due_on;
  if (!row.repeat_of && row.anonymous === 0 && row.kind === 'accusation')
    ackDueOn = await openDeadline(tx, { ...clock, kind: 'ack' });
  if (!row.repeat_of && row.kind === 'petition') await openDeadline(tx, { ...clock, kind: 'register' });
  if (row.assigned === 1) await openDeadline(tx, { ...clock, kind: 'assignment' });
  await update(
    tx,
    row,
    {
      status: 'received',
      ...owner,
      in_ledger: 1,
      ack_due_on: ackDueOn,
      transfer_from_unit_id: row.owner_unit_id,
      transferred_to: county.name,
    },
    'report.transfer_up',
    { owner_unit_id: [row.owner_unit_id, county.id], in_ledger: [row.in_ledger, 1] },
  );
  await addReportEvent(tx, row.id, 'transferred_up', { public: true, note: `已按管理权限移交${county.name}办理` });
  const users = await usersCovering(tx.db, tx.clock.nowMs(), 'report.manage', owner);
  await notify(tx.db, now, users, {
    kind: 'report_transferred_in',
    title: '收到下级移交件',
    body: `${row.number ?? ''}（${row.subject_name}）由${own.name}按管理权限移交，请受理。`,
    resourceType: 'report',
    resourceId: row.id,
    dedupeKey: `transfer-up:${row.id}:${row.version}`,
  });
}
