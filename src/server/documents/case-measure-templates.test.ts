import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { pdfText } from '../test/pdf.js';
import {
  type MeasureDecisionData,
  STANDBY_DUTIES,
  custodyDecision,
  detentionDecision,
  detentionNotice,
  standbyDecision,
} from './case-measure-templates.js';
import { renderDocx, renderPdf } from './index.js';

async function docxText(buffer: Buffer): Promise<string> {
  const xml = await (await JSZip.loadAsync(buffer)).file('word/document.xml')?.async('string');
  if (!xml) throw new Error('word/document.xml missing');
  return xml.replace(/<[^>]+>/g, '').replace(/\s+/g, '');
}

const DATA: MeasureDecisionData = {
  number: '渑监留〔2026〕1号',
  subjectName: '张某某',
  subjectPosition: '坡头乡张村党支部书记',
  caseNumber: '渑纪案〔2026〕0001号',
  reason: '涉嫌贪污村集体资金',
  legalBasis: '《中华人民共和国监察法》第二十四条',
  approvedBy: '经本机关领导人员集体研究决定，并报经三门峡市监察委员会批准',
  startOn: '2026-11-20',
  organName: '渑池县监察委员会',
  date: '2026-11-20',
};

describe('measure documents', () => {
  it('prints 留置决定书 with the approval, the period and the receipt, in PDF and DOCX alike', async () => {
    const doc = detentionDecision(DATA);
    for (const text of [pdfText(await renderPdf(doc)), await docxText(await renderDocx(doc))]) {
      expect(text).toContain('留置决定书');
      expect(text).toContain('渑监留〔2026〕1号');
      expect(text).toContain('三门峡市监察委员会批准');
      expect(text).toContain('2026年11月20日起计算，不超过三个月');
      expect(text).toContain('被留置人（签名、捺指印）');
    }
  });

  it('addresses 留置通知书 to the unit or family, and leaves a blank without one', async () => {
    const to = pdfText(await renderPdf(detentionNotice({ ...DATA, recipient: '坡头乡人民政府' })));
    expect(to).toContain('坡头乡人民政府：');
    expect(to).toContain('第五十条');
    const blank = await docxText(await renderDocx(detentionNotice({ ...DATA, recipient: '' })));
    expect(blank).toContain('__________：');
  });

  it('lists the duties of 责令候查 and the 24-hour and 7-day limits of 管护', async () => {
    const standby = await docxText(await renderDocx(standbyDecision({ ...DATA, startOn: '' })));
    for (const duty of STANDBY_DUTIES) expect(standby).toContain(duty.replace(/\s+/g, ''));
    expect(standby).toContain('____年__月__日起执行');
    const custody = pdfText(await renderPdf(custodyDecision(DATA)));
    expect(custody).toContain('管护决定书');
    expect(custody).toContain('至迟不得超过二十四小时');
    expect(custody).toContain('七日以内');
  });
});
