/**
 * The default checklist templates (一手册两清单, 四张清单) every county commission issues as
 * version 1 at seeding: a few realistic items per kind, which townships adapt. Deterministic (no
 * random draws), written after everything else of the preset, in its transaction.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/types.js';
import type { ChecklistItem, ChecklistKind, EvidenceKind } from '../shared/inspections.codes.js';
import { newId } from '../shared/ids.js';

type Row = [label: string, method: string, evidence: EvidenceKind, category: string];

/** The default items of each kind. */
export const DEFAULT_CHECKLISTS: Record<ChecklistKind, { title: string; items: Row[] }> = {
  manual: {
    title: '乡镇纪委监督工作手册',
    items: [
      ['是否落实监督责任清单，按月研究监督工作', '查阅会议记录、工作台账', 'document', '责任落实'],
      ['是否对村（社区）“三务”公开开展常态化监督', '查阅监督记录，抽查公开栏', 'note', '日常监督'],
      ['是否对群众反映的问题线索及时登记、按时处置', '核对线索台账和处置时限', 'document', '线索处置'],
      ['是否开展警示教育，做到以案促改', '查阅警示教育记录和整改资料', 'document', '以案促改'],
    ],
  },
  task_list: {
    title: '乡镇纪委监督任务清单',
    items: [
      ['惠民惠农补贴发放专项监督', '抽查补贴发放名册、银行流水，入户核实', 'photo', '专项监督'],
      ['村级工程项目招投标和资金拨付监督', '查阅项目资料，现场查看工程', 'photo', '专项监督'],
      ['上级交办信访件办理', '核对交办单、办理结果和回复', 'document', '信访办理'],
    ],
  },
  village_checklist: {
    title: '村级日常事务监督清单',
    items: [
      ['三资台账是否按月公开', '查看村务公开栏和“三资”台账，拍照留存', 'photo', '三资管理'],
      ['惠农补贴发放是否公示', '查看公示栏和公示照片，核对发放名册', 'photo', '惠民惠农'],
      ['村务监督委员会是否列席村两委会议', '查阅村两委会议记录和签到表', 'document', '村务监督'],
      ['村级大额资金支出是否经“四议两公开”', '查阅会议记录、公开记录和支出凭证', 'document', '三资管理'],
      ['低保、特困等救助对象认定是否公开透明', '查阅评议记录，走访群众', 'note', '民生保障'],
    ],
  },
  responsibility_lists: {
    title: '乡镇“四张清单”（主体责任、监督责任、第一责任人责任、“一岗双责”）',
    items: [
      ['党委主体责任清单是否明确并落实到人', '查阅责任清单和落实台账', 'document', '主体责任'],
      ['纪委监督责任清单是否按季度对账销号', '查阅对账记录', 'document', '监督责任'],
      ['党委书记是否履行第一责任人责任，定期听取汇报', '查阅会议记录', 'note', '第一责任人责任'],
      ['班子成员是否落实“一岗双责”，开展廉政谈话', '查阅谈话记录', 'document', '一岗双责'],
    ],
  },
};

/** The default items of `kind` as stored. */
export function defaultItems(kind: ChecklistKind): ChecklistItem[] {
  return DEFAULT_CHECKLISTS[kind].items.map(([label, method, evidence, category], i) => ({
    code: `item${i + 1}`,
    label,
    method,
    evidence,
    category,
    position: i + 1,
  }));
}

/** Issues version 1 of each default template for every county commission in the database. */
export async function seedChecklistTemplates(trx: Kysely<Database>, at: string): Promise<number> {
  const commissions = await trx
    .selectFrom('units')
    .select(['id', 'path', 'region_path', 'county_code'])
    .where('kind', '=', 'commission')
    .orderBy('path')
    .execute();
  const rows = commissions.flatMap((c) =>
    (Object.keys(DEFAULT_CHECKLISTS) as ChecklistKind[]).map((kind) => ({
      id: newId(),
      series_id: newId(),
      kind,
      title: DEFAULT_CHECKLISTS[kind].title,
      level: 'county',
      township_code: null,
      owner_unit_id: c.id,
      owner_unit_path: c.path,
      region_path: c.region_path,
      county_code: c.county_code,
      template_version: 1,
      status: 'issued',
      based_on_id: null,
      items: JSON.stringify(defaultItems(kind)),
      created_by: null,
      issued_by: null,
      issued_at: at,
      version: 1,
      created_at: at,
      updated_at: at,
    })),
  );
  if (rows.length > 0) await trx.insertInto('checklist_templates').values(rows).execute();
  return rows.length;
}
