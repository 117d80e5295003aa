import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { pdfText } from '../test/pdf.js';
import { renderDocx, renderPdf } from './index.js';
import { type BranchResolutionData, branchResolution, circular, stateDecision } from './sanction-templates.js';

async function docxText(buffer: Buffer): Promise<string> {
  const xml = await (await JSZip.loadAsync(buffer)).file('word/document.xml')?.async('string');
  if (!xml) throw new Error('word/document.xml missing');
  return xml.replace(/<[^>]+>/g, '').replace(/\s+/g, '');
}

const person = { name: '李四', position: '坡头乡张村党支部书记', partyMember: true };

const MEETING: BranchResolutionData = {
  branchName: '中共坡头乡张村支部',
  heldOn: '2026-11-02',
  matter: '给予李四党内警告处分',
  shouldAttend: 8,
  present: 4,
  yes: 4,
  no: 0,
  abstain: 0,
  quorate: false,
  passed: false,
  resolution: '未形成决议，报请上级党组织',
  personName: '李四',
  personOpinion: null,
  personSignature: 'absent',
};

describe('sanction templates', () => {
  it('the 政务处分决定书 of a 警告 names the period, the lifting and both appeal routes with their month', async () => {
    const doc = stateDecision({
      issuer: '渑池县坡头乡监察办公室',
      upperOrgan: '渑池县监察委员会',
      docNumber: '坡监〔2026〕1号',
      person: { ...person, partyMember: false },
      facts: '李四违规发放补贴。',
      defence: '对事实无异议',
      sanction: '政务警告',
      decidedOn: '2026-11-20',
      months: 6,
      periodEnd: '2027-05-20',
      liftsOn: '2027-05-21',
      rankNotRestored: false,
      date: '2026-11-20',
    });
    const texts = [pdfText(await renderPdf(doc)), await docxText(await renderDocx(doc))];
    for (const t of texts) {
      for (const s of [
        '政务处分决定书',
        '李四的陈述和申辩：对事实无异议',
        '处分期为6个月，自2026年11月20日起至2027年5月20日止',
        '自2027年5月21日起自动解除',
        '自收到本决定书之日起一个月内，向渑池县坡头乡监察办公室申请复审',
        '自收到复审决定之日起一个月内，向渑池县监察委员会申请复核',
      ])
        expect(t).toContain(s);
      // Not a 降级/撤职: nothing about rank.
      expect(t).not.toContain('不视为恢复原级别');
      expect(t).not.toContain('中共党员');
    }
  });

  it('a 开除 has no period and no lifting, but still the appeal routes', async () => {
    const doc = stateDecision({
      issuer: '渑池县监察委员会',
      upperOrgan: '三门峡市监察委员会',
      docNumber: null,
      person,
      facts: '李四贪污公款。',
      defence: null,
      sanction: '开除',
      decidedOn: '2026-11-20',
      months: null,
      periodEnd: null,
      liftsOn: null,
      rankNotRestored: false,
      date: '2026-11-20',
    });
    const t = pdfText(await renderPdf(doc));
    expect(t).toContain('李四未提出陈述和申辩');
    expect(t).not.toContain('处分期为');
    expect(t).not.toContain('自动解除');
    expect(t).toContain('向三门峡市监察委员会申请复核');
  });

  it('a branch resolution without quorum says so, and an absent member is named as absent', async () => {
    const t = await docxText(await renderDocx(branchResolution(MEETING)));
    for (const s of [
      '应到会有表决权的党员8名，实际到会4名，未超过半数，不能表决',
      '赞成票未超过应到会有表决权党员的半数（5票），未形成决议',
      '李四本人未到会',
    ])
      expect(t).toContain(s);
    const signed = pdfText(
      await renderPdf(branchResolution({ ...MEETING, personSignature: 'signed', personOpinion: '接受处分' })),
    );
    expect(signed).toContain('李四本人已签署意见：接受处分');
  });

  it('the 通报材料 goes to its addressees with the outcome', async () => {
    const t = pdfText(
      await renderPdf(
        circular({
          issuer: '中共渑池县纪律检查委员会',
          person,
          facts: '李四违规收受礼金。',
          outcome: '经研究，给予李四党内警告处分',
          addressee: '各乡镇（街道）纪（工）委：',
          date: '2026-11-20',
        }),
      ),
    );
    for (const s of ['关于李四违纪违法问题的通报', '各乡镇（街道）纪（工）委：', '给予李四党内警告处分。', '中共党员'])
      expect(t).toContain(s);
  });
});
