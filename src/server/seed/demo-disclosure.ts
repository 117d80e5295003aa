/**
 * Demo disclosure of the first village (阳光村务): the three months before now and the last quarter's
 * general items (村务一般事项, with a masked 低保 名单), prepared by its clerk (vclerk1), signed by
 * its supervision committee (village1), the middle month corrected once, so
 * the village's public page and display screen show something at first start. Written through
 * the disclosure module's own functions; no random draws.
 */
import type { Kysely } from 'kysely';
import type { DialectHelpers } from '../db/dialect.js';
import type { Database } from '../db/types.js';
import { type LineInput, prepareBatch, signBatch, submitBatch } from '../modules/disclosure/index.js';
import type { Clock } from '../shared/clock.js';
import { idCheckCharacter } from '../shared/id-number.js';
import { demoCtx } from './demo-clues.js';

/** The demo lines of a month: a few expenses and incomes, private counterparties with ID numbers. */
export function demoLines(period: string, n = 8): LineInput[] {
  const id = (seed: number) => {
    const first17 = `41122119${60 + (seed % 30)}0${1 + (seed % 9)}1${seed % 10}${String(100 + seed).slice(-3)}`;
    return first17 + idCheckCharacter(first17);
  };
  const who = ['张建国', '李秀英', '王德明', '刘桂兰', '县供电公司', '村民小组', '陈志强', '农商银行'];
  const what = ['修路材料', '保洁工资', '办公用品', '土地承包费', '电费', '村民小组误工补贴', '绿化苗木', '存款利息'];
  return Array.from({ length: n }, (_, i) => {
    const income = i % 4 === 3;
    const personal = !/公司|小组|银行/.test(who[i % who.length]!);
    return {
      voucherNo: `记-${String(i + 1).padStart(3, '0')}`,
      occurredOn: `${period}-${String(3 + i * 3).padStart(2, '0')}`,
      direction: income ? 'income' : 'expense',
      counterparty: who[i % who.length]!,
      partyNumber: personal ? id(i + Number(period.slice(5, 7))) : null,
      amount: (i + 1) * 12_345 + (income ? 500_000 : 0),
      paymentMethod: i % 3 === 0 ? 'cash' : 'transfer',
      account: i % 3 === 0 ? null : `62284800${String(10000000 + i * 7919).slice(0, 8)}`,
      purpose: what[i % what.length]!,
      category: income ? '经营收入' : '管理费用',
      approvalPath: '村两委商议、村务监督委员会审核',
      approvers: '村党支部书记、村委会主任',
    } satisfies LineInput;
  });
}

/** Seeds the first village's demo months; nothing when the demo accounts are absent. */
export async function seedDemoDisclosure(
  db: Kysely<Database>,
  dialect: DialectHelpers,
  clock: Clock,
  masterKey: Buffer,
): Promise<void> {
  const clerk = await demoCtx(db, dialect, clock, masterKey, 'vclerk1');
  const committee = await demoCtx(db, dialect, clock, masterKey, 'village1');
  if (!clerk || !committee || !clerk.actor?.unitId) return;
  const unit = await db
    .selectFrom('units')
    .select('region_code')
    .where('id', '=', clerk.actor.unitId)
    .executeTakeFirstOrThrow();
  const now = new Date(clock.nowMs() + 8 * 3600_000);
  const periods = [3, 2, 1].map((back) => {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
    return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  });
  let balance = 5_000_000;
  for (const period of periods) {
    const lines = demoLines(period);
    const income = lines.filter((l) => l.direction === 'income').reduce((s, l) => s + l.amount, 0);
    const expense = lines.filter((l) => l.direction === 'expense').reduce((s, l) => s + l.amount, 0);
    const closing = balance + income - expense;
    const made = await prepareBatch(clerk, {
      regionCode: unit.region_code,
      kind: 'finance',
      period,
      openingBalance: balance,
      closingBalance: closing,
      lines,
    });
    await submitBatch(clerk, made.id);
    await signBatch(committee, made.id, '经审核，收支真实，同意公开');
    if (period === periods[1]) {
      const fixed = lines.map((l, i) => (i === 1 ? { ...l, purpose: `${l.purpose}（更正：含 10 月份）` } : l));
      const again = await prepareBatch(clerk, {
        regionCode: unit.region_code,
        kind: 'finance',
        period,
        openingBalance: balance,
        closingBalance: closing,
        correctionReason: '第 2 笔用途摘要漏写月份',
        lines: fixed,
      });
      await submitBatch(clerk, again.id);
      await signBatch(committee, again.id, '更正属实，同意公开');
    }
    balance = closing;
  }
  // The last quarter's general items (村务一般事项): a 低保 名单 (names sealed, shown masked) and a works entry.
  const q = Math.floor(now.getUTCMonth() / 3);
  const quarter = q === 0 ? `${now.getUTCFullYear() - 1}-Q4` : `${now.getUTCFullYear()}-Q${q}`;
  const general = await prepareBatch(clerk, {
    regionCode: unit.region_code,
    kind: 'general',
    period: quarter,
    entries: [
      {
        topic: 'subsistence',
        title: '本季度低保对象名单和标准',
        text: '经村民代表会议评议、乡镇人民政府审核、县民政局审批。',
        roster: [
          { name: '王秀兰', amount: 60_000, reason: '一类低保 每月 200 元 × 3 个月' },
          { name: '赵德福', amount: 45_000, reason: '二类低保 每月 150 元 × 3 个月' },
          { name: '孙桂芝', amount: 45_000, reason: '二类低保 每月 150 元 × 3 个月' },
        ],
      },
      { topic: 'project_progress', title: '村道硬化工程进展', text: '全长 1.2 公里，路基已完成，正在铺筑面层。' },
      { topic: 'relief', title: '救灾救济款物发放', text: '本季度无救灾救济款物发放。' },
    ],
  });
  await submitBatch(clerk, general.id);
  await signBatch(committee, general.id, '经审核，名单与村民代表会议评议结果一致，同意公开');
}
