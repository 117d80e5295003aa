import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { pdfText } from '../test/pdf.js';
import { filingDecision, filingNotice, filingRequestReport, investigationReport } from './case-templates.js';
import { type OfficialDocument, renderDocx, renderPdf } from './index.js';

async function docxText(buffer: Buffer): Promise<string> {
  const xml = await (await JSZip.loadAsync(buffer)).file('word/document.xml')?.async('string');
  if (!xml) throw new Error('word/document.xml missing');
  return xml.replace(/<[^>]+>/g, '').replace(/\s+/g, '');
}

const SUBJECTS = [{ name: '张某某', position: '坡头乡张村党支部书记' }];
const NUMBER = '渑纪案〔2026〕0003号';
const UNIT = '第一协作区工作室';

const cases: { name: string; doc: OfficialDocument; expected: string[] }[] = [
  {
    name: 'filingRequestReport',
    doc: filingRequestReport({
      approvalNumber: '渑纪呈〔2026〕0010号',
      caseNumber: null,
      title: '关于对张某某立案审查调查的请示',
      subjects: SUBJECTS,
      targetKind: '对人立案',
      summary: '涉嫌违规使用村集体资金',
      basis: '初步核实查明集体资金3万元未经民主程序支出',
      conditions: ['已经掌握部分违纪违法事实和证据', '需要进一步审查调查'],
      handling: '协作区办理，承办单位：第一协作区工作室。理由：本乡镇干部需回避',
      filingUnit: '渑池县纪委监委',
      handlingUnit: UNIT,
      draftingUnit: '案件监督管理室',
      drafter: '案管室干部',
      submittedAt: '2026-11-20T02:00:00.000Z',
      approvals: [
        { label: '主要负责人审批', text: '同意\n县纪委监委领导 2026-11-20' },
        { label: '同级党委主要负责人审批', text: '' },
      ],
      contentHash: 'a'.repeat(64),
    }),
    expected: ['立案审查调查呈批报告', '（批准立案后编号）', '张某某', UNIT, '主要负责人审批', '同意', '妥否，请批示'],
  },
  {
    name: 'filingDecision',
    doc: filingDecision({
      caseNumber: NUMBER,
      subjects: SUBJECTS,
      summary: '违规使用村集体资金。',
      filingUnit: '渑池县纪委监委',
      handlingUnit: UNIT,
      mode: '协作区办理',
      filedOn: '2026-11-20',
    }),
    expected: ['立案决定书', NUMBER, '决定对张某某（坡头乡张村党支部书记）立案审查调查', UNIT, '2026年11月20日'],
  },
  {
    name: 'filingNotice',
    doc: filingNotice({
      caseNumber: NUMBER,
      recipient: '中共坡头乡委员会',
      subjects: SUBJECTS,
      filingUnit: '渑池县纪委监委',
      handlingUnit: UNIT,
      filedOn: '2026-11-20',
      date: '2026-11-21',
    }),
    expected: ['立案通知书', '中共坡头乡委员会：', '张某某', UNIT, '特此通知', '2026年11月21日'],
  },
  {
    name: 'investigationReport',
    doc: investigationReport({
      caseNumber: NUMBER,
      subjects: SUBJECTS,
      handlingUnit: UNIT,
      background: ['张某某，男，1975年出生，中共党员。'],
      facts: ['2025年违规支出村集体资金3万元。'],
      attitude: [],
      proposal: '建议给予党内警告处分。',
      evidence: ['证据 甲'],
      attachments: ['忏悔反思材料（卷二第3页）'],
      team: [
        { role: '组长', name: '王组长', signedAt: '2026-11-20T03:00:00.000Z' },
        { role: '组员', name: '李组员', signedAt: null },
      ],
      date: '2026-11-20',
    }),
    expected: [
      '审查调查报告',
      NUMBER,
      '张某某',
      UNIT,
      '二、违纪违法事实',
      '王组长（已签字）2026年11月20日',
      '李组员（签字）',
    ],
  },
];

describe('case documents (立案 and 审查调查报告)', () => {
  it.each(cases)('$name reads back from PDF and DOCX', async ({ doc, expected }) => {
    const pdf = pdfText(await renderPdf(doc));
    const docx = await docxText(await renderDocx(doc));
    for (const w of expected) {
      expect(pdf, w).toContain(w);
      expect(docx, w).toContain(w);
    }
  });

  it('refuses a report signed by a team of one', () => {
    expect(() =>
      investigationReport({
        caseNumber: NUMBER,
        subjects: SUBJECTS,
        handlingUnit: UNIT,
        background: [],
        facts: ['事实'],
        attitude: [],
        proposal: '建议',
        evidence: [],
        attachments: [],
        team: [{ role: '组长', name: '王组长', signedAt: null }],
        date: '2026-11-20',
      }),
    ).toThrow(RangeError);
  });
});
