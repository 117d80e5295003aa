import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { pdfText } from '../test/pdf.js';
import { type CaseAuthorizationData, caseAuthorization, designationDecision } from './case-zone-templates.js';
import { renderDocx, renderPdf } from './index.js';

const AUTHORIZATION: CaseAuthorizationData = {
  number: '渑纪案〔2026〕0007号（授权）',
  zoneName: '第一协作区',
  caseNumber: '渑纪案〔2026〕0007号',
  subjects: '张村党支部书记李四',
  matter: '违规使用村集体资金。',
  team: [
    { name: '王五', role: '组长', unitName: '第一纪检监察室' },
    { name: '赵六', role: '组员', unitName: '英豪镇纪委' },
  ],
  scope: '对被审查调查人开展谈话，调取张村2025年集体资金账目。',
  authorizer: '协作区指挥长孙七',
  handlingUnit: '第一协作区工作室',
  date: '2026-11-20',
};

async function docxText(buffer: Buffer): Promise<string> {
  const xml = await (await JSZip.loadAsync(buffer)).file('word/document.xml')?.async('string');
  if (!xml) throw new Error('word/document.xml missing');
  return xml.replace(/<[^>]+>/g, '').replace(/\s+/g, '');
}

describe('case zone templates', () => {
  it('prints the 授权书 with the case, every member, the scope and the authoriser, in PDF and DOCX', async () => {
    const doc = caseAuthorization(AUTHORIZATION);
    const expected = [
      '授权书',
      '渑纪案〔2026〕0007号（授权）',
      '第一协作区工作室：',
      '张村党支部书记李四涉嫌违规使用村集体资金问题',
      '组长：王五（第一纪检监察室）',
      '组员：赵六（英豪镇纪委）',
      '调取张村2025年集体资金账目',
      '授权人：协作区指挥长孙七',
      '2026年11月20日',
    ];
    const pdf = pdfText(await renderPdf(doc));
    const docx = await docxText(await renderDocx(doc));
    for (const s of expected) {
      expect(pdf).toContain(s);
      expect(docx).toContain(s);
    }
    // The matter's full stop is not doubled before 问题.
    expect(pdf).not.toContain('资金。问题');
  });

  it('refuses a 授权书 for a team of one', () => {
    expect(() => caseAuthorization({ ...AUTHORIZATION, team: AUTHORIZATION.team.slice(0, 1) })).toThrow(RangeError);
  });

  it('prints the 指定管辖决定书 addressed to the designated organ and issued by the deciding one', async () => {
    const doc = designationDecision({
      number: '渑纪案〔2026〕0008号（指定）',
      decidingOrgan: '三门峡市纪委监委',
      designatedOrgan: '渑池县英豪镇纪委',
      caseNumber: '渑纪案〔2026〕0008号',
      subjects: '果园乡乡长周八',
      matter: '违规发放补贴',
      reason: '涉及乡镇党政主要负责人或纪委自身人员',
      date: '2026-11-21',
    });
    const pdf = pdfText(await renderPdf(doc));
    const docx = await docxText(await renderDocx(doc));
    for (const s of [
      '指定管辖决定书',
      '渑池县英豪镇纪委：',
      '果园乡乡长周八涉嫌违规发放补贴一案',
      '因涉及乡镇党政主要负责人或纪委自身人员',
      '指定由你单位管辖',
      '三门峡市纪委监委',
      '2026年11月21日',
    ]) {
      expect(pdf).toContain(s);
      expect(docx).toContain(s);
    }
  });
});
