import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { pdfText } from '../test/pdf.js';
import { type OfficialDocument, renderDocx, renderPdf } from './index.js';
import { type AppealDecisionData, appealDecision } from './sanction-appeal-templates.js';

async function docxText(buffer: Buffer): Promise<string> {
  const xml = await (await JSZip.loadAsync(buffer)).file('word/document.xml')?.async('string');
  if (!xml) throw new Error('word/document.xml missing');
  return xml.replace(/<[^>]+>/g, '').replace(/\s+/g, '');
}

const BASE: AppealDecisionData = {
  kind: 'state_review',
  decisionRef: '渑监复审〔2026〕1号',
  person: { name: '张某某', position: '坡头乡张村村委会主任' },
  applicant: '张某某',
  original: { ref: '渑监政〔2026〕3号', decidedOn: '2026-10-10', body: '渑池县监察委员会', sanction: '政务记大过处分' },
  appliedOn: '2026-11-02',
  grounds: '认定的违规金额有误',
  team: ['审理室干部二', '审理室干部三'],
  outcome: 'changed',
  reason: '违规金额应为1万元，情节较轻',
  changedTo: { sanction: '政务记过处分', effectStart: '2026-10-10', effectEnd: '2027-10-10' },
  decidingUnit: '渑池县监察委员会',
  higherOrgan: '三门峡市监察委员会',
  decidedOn: '2026-11-20',
};

const cases: { name: string; doc: OfficialDocument; expected: string[]; absent: string[] }[] = [
  {
    name: '复审决定书 (changed: the new sanction, its period from the original date, how to apply for 复核)',
    doc: appealDecision(BASE),
    expected: [
      '复审决定书',
      '渑监复审〔2026〕1号',
      '政务记大过处分',
      '改为给予张某某政务记过处分',
      '2026年10月10日起计算',
      '2027年10月10日止',
      '一个月内',
      '三门峡市监察委员会申请复核',
      '复审、复核期间，不停',
    ],
    absent: ['最终决定'],
  },
  {
    name: '复核决定书 (upheld, final)',
    doc: appealDecision({
      ...BASE,
      kind: 'state_recheck',
      decisionRef: '三监复核〔2026〕2号',
      outcome: 'upheld',
      changedTo: null,
      decidingUnit: '三门峡市监察委员会',
      higherOrgan: null,
    }),
    expected: ['复核决定书', '三监复核〔2026〕2号', '维持原处分决定', '本复核决定为最终决定'],
    absent: ['申请复核'],
  },
  {
    name: '复查决定 (party, revoked)',
    doc: appealDecision({
      ...BASE,
      kind: 're_examination',
      decisionRef: '渑纪复查〔2026〕1号',
      original: {
        ref: '渑纪〔2026〕5号',
        decidedOn: '2026-09-01',
        body: '中共渑池县纪律检查委员会',
        sanction: '党内严重警告处分',
      },
      outcome: 'revoked',
      changedTo: null,
      decidingUnit: '中共渑池县纪律检查委员会',
      higherOrgan: null,
    }),
    expected: [
      '复查决定',
      '渑纪复查〔2026〕1号',
      '撤销原处分决定（党内严重警告处分）',
      '复查组（审理室干部二、审理室干部三）',
      '未参与原案审查调查和审理',
    ],
    absent: ['申请复核', '最终决定'],
  },
];

describe('appeal decision documents (复查决定, 复审决定书, 复核决定书) read back', () => {
  for (const c of cases)
    it(c.name, async () => {
      const pdf = pdfText(await renderPdf(c.doc));
      const docx = await docxText(await renderDocx(c.doc));
      for (const text of [pdf, docx]) {
        for (const e of c.expected) expect(text).toContain(e);
        for (const a of c.absent) expect(text).not.toContain(a);
      }
    });

  it('refuses a change without its new sanction', () => {
    expect(() => appealDecision({ ...BASE, changedTo: null })).toThrow(RangeError);
  });
});
