import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { pdfText } from '../test/pdf.js';
import { evidenceList, evidenceRequestNotice, propertyList, talkRecord } from './case-evidence-templates.js';
import { renderDocx, renderPdf } from './index.js';

const TALK = {
  title: '谈话笔录',
  caseNumber: '渑纪案〔2026〕0001号',
  startedAt: '2026-11-21T01:30:00.000Z',
  endedAt: '2026-11-21T03:00:00.000Z',
  place: '第一协作区办案点',
  room: '一号谈话室',
  officers: ['张三', '李四'],
  personName: '王五',
  personRole: '被审查调查人',
  notice: '出示工作证件，送达谈话通知书',
  recordingRef: 'LX-2026-001',
};

describe('case evidence templates', () => {
  it('fills the talk record header from the action (Shanghai time) and leaves the questions to write', async () => {
    const text = pdfText(await renderPdf(talkRecord(TALK)));
    for (const w of [
      '谈话笔录',
      '2026年11月21日9时30分',
      '一号谈话室',
      '张三、李四',
      '王五',
      'LX-2026-001',
      '问：',
      '答：',
    ])
      expect(text).toContain(w);
    const zip = await JSZip.loadAsync(await renderDocx(talkRecord(TALK)));
    const xml = (await zip.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
    expect(xml).toContain('审查调查人员 李四（签名）');
  });

  it('refuses every document with fewer than two officers', () => {
    expect(() => talkRecord({ ...TALK, officers: ['张三'] })).toThrow(RangeError);
    const items = [{ number: '1', name: '账簿', quantity: '1册' }];
    expect(() =>
      evidenceRequestNotice({
        caseNumber: 'x',
        recipient: 'y',
        caseName: 'z',
        items,
        officers: ['张三'],
        issuer: 'i',
        date: '2026-11-21',
      }),
    ).toThrow(RangeError);
    expect(() =>
      evidenceList({ caseNumber: 'x', holder: 'y', items, officers: [], place: 'p', date: '2026-11-21' }),
    ).toThrow(RangeError);
    expect(() =>
      propertyList({ caseNumber: 'x', holder: 'y', place: 'p', date: '2026-11-21', items: [], officers: ['张三'] }),
    ).toThrow(RangeError);
  });

  it('lists the items obtained and seized with their numbers and values', async () => {
    const notice = pdfText(
      await renderPdf(
        evidenceRequestNotice({
          caseNumber: '渑纪案〔2026〕0001号',
          recipient: '某村村民委员会',
          caseName: '王五涉嫌违纪违法',
          items: [{ number: '1', name: '2025年度会计账簿', quantity: '复制件', note: '原件存放于村档案室' }],
          officers: ['张三', '李四'],
          issuer: '中共渑池县纪律检查委员会',
          date: '2026-11-22',
        }),
      ),
    );
    expect(notice).toContain('调取证据通知书');
    expect(notice).toContain('第二十八条');
    expect(notice).toContain('2025年度会计账簿');
    const list = pdfText(
      await renderPdf(
        propertyList({
          caseNumber: '渑纪案〔2026〕0001号',
          holder: '王五',
          place: '王五住所',
          date: '2026-11-20',
          items: [{ number: '扣押-001', name: '人民币现金', kind: '现金', quantity: '50000元', value: '50000.00元' }],
          officers: ['张三', '李四'],
        }),
      ),
    );
    expect(list).toContain('扣押-001');
    expect(list).toContain('共1项');
  });
});
