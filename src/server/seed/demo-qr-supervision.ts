/**
 * Demo QR supervision (立码监督) of the first village: the county 农业农村局's liaison (dept1)
 * publishes a policy and a fund allocated to it, keeps a project as a draft, and imports a small
 * roster of the policy's subsidy, so the village's 惠民资金 and 补贴查询 pages show something at
 * first start. Written through the module's own functions; no random draws. The demo look-up:
 * `DEMO_SUBSIDY_PERSON` (a made-up ID number with a valid check character).
 */
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import type { DialectHelpers } from '../db/dialect.js';
import type { Database } from '../db/types.js';
import { createItem, importRoster, setItemPublished } from '../modules/qr-supervision/index.js';
import type { Clock } from '../shared/clock.js';
import { idCheckCharacter } from '../shared/id-number.js';
import { ROSTER_UPLOAD_HEADERS } from '../shared/qr-supervision.codes.js';
import { demoCtx } from './demo-clues.js';

const id = (first17: string) => first17 + idCheckCharacter(first17);

/** The demo villager whose subsidies the look-up finds (made-up number, valid check character). */
export const DEMO_SUBSIDY_PERSON = { name: '张建国', idNumber: id('41122119700305123') };

/** Seeds the first village's demo items and roster; nothing when the demo accounts are absent. */
export async function seedDemoQrSupervision(
  db: Kysely<Database>,
  dialect: DialectHelpers,
  clock: Clock,
  masterKey: Buffer,
): Promise<void> {
  const dept = await demoCtx(db, dialect, clock, masterKey, 'dept1');
  const village = await db
    .selectFrom('users as us')
    .innerJoin('units as u', 'u.id', 'us.unit_id')
    .select('u.region_code')
    .where('us.username', '=', 'village1')
    .executeTakeFirst();
  if (!dept || !village) return;
  const year = new Date(clock.nowMs() + 8 * 3600_000).getUTCFullYear();
  const policy = await createItem(dept, {
    kind: 'policy',
    title: `${year}年耕地地力保护补贴`,
    year,
    summary: '对拥有耕地承包权并正常种植的农户，按确权面积发放补贴，引导保护耕地地力。',
    eligibility: '拥有耕地承包权、耕地正常耕种的农户（撂荒地、非农化耕地不予补贴）',
    standard: '每亩 105 元',
    applyWhere: '向村委会申报种植面积，乡镇农业农村服务中心审核，县农业农村局公示后发放到户',
    contactPhone: '0391-6123456',
    allocations: [{ regionCode: village.region_code }],
  });
  await setItemPublished(dept, policy.id, true);
  const fund = await createItem(dept, {
    kind: 'fund',
    title: `${year}年农村道路硬化资金`,
    year,
    summary: '用于村组道路硬化，按里程分配到村，由乡镇统一招标。',
    budget: 50_000_000,
    contactPhone: '0391-6123456',
    allocations: [{ regionCode: village.region_code, amount: 12_000_000, note: '村北道路 1.2 公里' }],
  });
  await setItemPublished(dept, fund.id, true);
  await createItem(dept, {
    kind: 'project',
    title: `${year}年高标准农田建设项目`,
    year,
    summary: '田间道路、灌溉渠道和机井配套。',
    budget: 80_000_000,
    contractor: '县水利建筑工程有限公司',
    progress: '施工中，完成 60%',
    allocations: [{ regionCode: village.region_code, amount: 30_000_000 }],
  });
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('发放名册');
  ws.addRow([...ROSTER_UPLOAD_HEADERS]);
  // A month ago: a payment date may not lie ahead of today.
  const paid = new Date(clock.nowMs() - 30 * 86_400_000).toISOString().slice(0, 10);
  const people = [
    [DEMO_SUBSIDY_PERSON.name, DEMO_SUBSIDY_PERSON.idNumber, 1218],
    ['李秀英', id('41122119650812234'), 840],
    ['王小明', id('41122119801123345'), 577.5],
  ] as const;
  people.forEach(([name, number, amount], i) =>
    ws.addRow([name, number, name, `62284800123456${String(78 + i)}`, name, amount, paid, '县农业农村局 王局长']),
  );
  await importRoster(
    dept,
    { title: `${year}年耕地地力保护补贴`, year, itemId: policy.id, fileName: 'demo.xlsx' },
    Buffer.from(await wb.xlsx.writeBuffer()),
  );
}
