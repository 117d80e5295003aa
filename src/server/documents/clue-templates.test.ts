import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import {
  SAMPLE_APPROVAL,
  SAMPLE_ASSIGNMENT,
  SAMPLE_CLARIFICATION,
  SAMPLE_CLUE_REGISTRATION,
  SAMPLE_CONCLUSION,
  SAMPLE_INQUIRY_LETTER,
  SAMPLE_INQUIRY_REQUEST,
  SAMPLE_PRINCIPAL,
  SAMPLE_TALK_PLAN,
  SAMPLE_TEAM,
  SAMPLE_VERIFICATION_PLAN,
  SAMPLE_VERIFICATION_REPORT,
} from './clue-templates.fixtures.js';
import {
  type OfficialDocument,
  approvalForm,
  assignmentOpinion,
  clarificationLetter,
  clueRegistrationForm,
  conclusionLetter,
  emWidth,
  inquiryLetter,
  inquiryRequest,
  renderDocx,
  renderPdf,
  talkPlan,
  verificationPlan,
  verificationReport,
} from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'qf-clue-documents-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
/** One page of each document, rasterised for a person to look at. */
const shots = join(process.cwd(), '.test-results', 'screenshots', 'clue-documents');
mkdirSync(shots, { recursive: true });

const run = (cmd: string, args: string[]): string => execFileSync(cmd, args, { encoding: 'utf8' });
/** pdftotext in reading order (cells kept whole, not -layout's interleaved lines), whitespace removed. */
const pdfText = (file: string): string => run('pdftotext', [file, '-']).replace(/\s+/g, '');
const pdfPages = (file: string): number => Number(/^Pages:\s+(\d+)/m.exec(run('pdfinfo', [file]))?.[1]);

async function docxText(buffer: Buffer): Promise<string> {
  const xml = await (await JSZip.loadAsync(buffer)).file('word/document.xml')?.async('string');
  if (!xml) throw new Error('word/document.xml missing');
  return xml.replace(/<[^>]+>/g, '').replace(/\s+/g, '');
}

interface Case {
  name: string;
  doc: OfficialDocument;
  /** Strings that must appear in both renderings. */
  expected: string[];
  /** Strings that must appear in neither. */
  absent?: string[];
}

const cases: Case[] = [
  {
    name: 'clueRegistrationForm',
    doc: clueRegistrationForm(SAMPLE_CLUE_REGISTRATION),
    expected: [
      '问题线索登记表',
      '编号：渑纪线〔2026〕0007号',
      '渑纪信〔2026〕0042号',
      '2026年11月10日',
      '李四（坡头乡张村党支部书记，中共党员，乡党委管理）',
      '周九（坡头乡张村村委会委员，乡党委管理）',
      '1.违反廉洁纪律：',
      '2.违反群众纪律：',
      '约2000元',
      '吴十',
      '案件监督管理室郑某',
      '2026年11月12日',
      '不属于应报情形',
      '领导批示',
      '签字：',
    ],
  },
  {
    name: 'approvalForm',
    doc: approvalForm(SAMPLE_APPROVAL),
    expected: [
      '谈话函询呈批表',
      '编号：渑纪批〔2026〕0031号',
      '第三纪检监察室',
      '2026年11月20日',
      '承办部门意见',
      '同意函询。',
      '签批人：冯某2026年11月21日',
      '分管领导意见',
      '（线下签批）',
      '签批人：陈某2026年11月23日',
      '主要负责人审批',
    ],
  },
  {
    name: 'assignmentOpinion',
    doc: assignmentOpinion(SAMPLE_ASSIGNMENT),
    expected: [
      '问题线索分办意见呈批表',
      '渑纪分〔2026〕0012号',
      '案件监督管理室',
      '渑纪线〔2026〕0007号',
      '拟分送第二协作区办理',
      '签批人：卫某2026年11月13日',
    ],
  },
  {
    name: 'inquiryRequest',
    doc: inquiryRequest(SAMPLE_INQUIRY_REQUEST),
    expected: [
      '关于对钱七同志进行谈话的请示',
      '渑纪三室〔2026〕12号',
      '县纪委监委主要负责人：',
      '渑纪线〔2026〕0009号',
      '具备安全保障条件的场所',
      '报委主要负责人审批',
      '妥否，请批示。',
      '附件：1.谈话方案',
      '2.工作预案',
      '2026年11月25日',
    ],
  },
  {
    name: 'talkPlan',
    doc: talkPlan(SAMPLE_TALK_PLAN),
    expected: [
      '谈话方案',
      '钱七，中共坡头乡委员会书记（县委管理）',
      '2026年12月3日上午9时',
      '县纪委监委谈话室（二类）',
      '记录人：吴十',
      '坡头乡纪委书记褚某参加谈话',
      '15个工作日内作出书面说明',
      '六、安全措施',
    ],
  },
  {
    name: 'inquiryLetter',
    doc: inquiryLetter(SAMPLE_INQUIRY_LETTER),
    expected: [
      '函询函',
      '渑纪办函〔2026〕15号',
      '李四同志：',
      '收到本函之日起15个工作日内书面回复',
      '须经中共坡头乡委员会书记签署意见',
      '中共渑池县纪律检查委员会办公室',
      '2026年11月26日',
      '抄送：中共坡头乡委员会。',
    ],
    absent: ['直接报送我委'],
  },
  {
    name: 'verificationPlan',
    doc: verificationPlan(SAMPLE_VERIFICATION_PLAN),
    expected: [
      '初步核实工作方案',
      '核查组由3人组成',
      '组长：王五',
      '成员：赵六',
      '成员：孙八',
      '2026年12月6日至12月20日',
      '调取张村2025年至2026年集体土地流转合同',
      '一般不与被核查人接触',
    ],
  },
  {
    name: 'verificationReport',
    doc: verificationReport(SAMPLE_VERIFICATION_REPORT),
    expected: [
      '初步核实情况报告',
      '一、被核查人基本情况',
      '二、反映的主要问题',
      '三、核查依据',
      '四、核实情况',
      '五、存疑问题',
      '六、处置建议',
      '建议拟立案审查调查。',
      // every member's own signature line (GB: 核查组全体成员签字)
      '组长王五（签字）：',
      '成员赵六（签字）：',
      '成员孙八（签字）：',
      '2026年12月26日',
    ],
  },
  {
    name: 'conclusionLetter',
    doc: conclusionLetter(SAMPLE_CONCLUSION),
    expected: [
      '关于问题线索予以了结的函',
      '渑纪函〔2026〕0021号',
      '李四同志：',
      '经函询，反映问题不存在或者缺乏证据证实（收益按村民代表会议决议分配）',
      '予以了结',
      '2026年12月28日',
    ],
  },
  {
    name: 'clarificationLetter',
    doc: clarificationLetter(SAMPLE_CLARIFICATION),
    expected: [
      '关于为李四同志澄清正名的函',
      '中共坡头乡委员会：',
      '反映问题不属实',
      '经我委主要负责人批准，现予以澄清',
      '在张村党员大会上予以澄清',
      '抄送：李四同志。',
    ],
  },
];

describe.each(cases)('$name', ({ name, doc, expected, absent }) => {
  it('renders a PDF with the content, read back with pdftotext, and a page to look at', async () => {
    const file = join(dir, `${name}.pdf`);
    writeFileSync(file, await renderPdf(doc));
    const text = pdfText(file);
    for (const s of expected) expect(text).toContain(s);
    for (const s of absent ?? []) expect(text).not.toContain(s);
    expect(text).toContain('—1—');
    expect(run('pdfinfo', [file])).toMatch(new RegExp(`^Title:\\s+${doc.title}$`, 'm'));
    // every page (at most a few), so the last page's signatures can be looked at too
    const png = join(shots, name);
    run('pdftoppm', ['-r', '60', '-png', file, png]);
    const pages = pdfPages(file);
    const first = pages > 9 ? `${png}-01.png` : `${png}-1.png`;
    // a blank A4 page compresses to a few KB; text and rules make it far larger
    expect(statSync(first).size).toBeGreaterThan(15_000);
  });

  it('renders a DOCX with the same content', async () => {
    const buffer = await renderDocx(doc);
    const text = await docxText(buffer);
    for (const s of expected) expect(text).toContain(s);
    for (const s of absent ?? []) expect(text).not.toContain(s);
    // a signature line (label, blank, date) stays on one line of 28 characters
    const xml = (await (await JSZip.loadAsync(buffer)).file('word/document.xml')?.async('string')) ?? '';
    for (const p of xml.split('</w:p>').filter((x) => x.includes('日期：'))) {
      const runs = [...p.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]!).join('');
      expect(emWidth(runs)).toBeLessThanOrEqual(27.6);
    }
  });
});

/**
 * The DOCX opened by a real word processor: LibreOffice converts every case to PDF in one run, on
 * its own profile directory; it must lay each out on as many A4 pages as our PDF.
 */
let converted: Promise<string> | undefined;
function convertedByLibreOffice(): Promise<string> {
  converted ??= (async () => {
    const lo = join(dir, 'libreoffice');
    mkdirSync(lo);
    const files: string[] = [];
    for (const c of cases) {
      const file = join(lo, `${c.name}.docx`);
      writeFileSync(file, await renderDocx(c.doc));
      files.push(file);
    }
    execFileSync(
      'soffice',
      [`-env:UserInstallation=file://${lo}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', lo, ...files],
      { encoding: 'utf8', timeout: 120_000 },
    );
    return lo;
  })();
  return converted;
}

describe.each(cases)('$name in LibreOffice', ({ name, doc, expected }) => {
  it('opens the DOCX with the content, on as many pages as the PDF', async () => {
    const file = join(await convertedByLibreOffice(), `${name}.pdf`);
    const text = pdfText(file);
    for (const s of expected) expect(text).toContain(s);
    const ours = join(dir, `${name}-ours.pdf`);
    writeFileSync(ours, await renderPdf(doc));
    expect(pdfPages(file)).toBe(pdfPages(ours));
  }, 150_000);
});

describe('clue templates: rules', () => {
  it('refuses a verification team of one (at least 2, GZ 第三十三条) for the plan and the report', () => {
    const one = [SAMPLE_TEAM[0]!];
    expect(() => verificationPlan({ ...SAMPLE_VERIFICATION_PLAN, team: one })).toThrow(RangeError);
    expect(() => verificationReport({ ...SAMPLE_VERIFICATION_REPORT, team: one })).toThrow(RangeError);
    expect(() => verificationReport({ ...SAMPLE_VERIFICATION_REPORT, team: SAMPLE_TEAM.slice(0, 2) })).not.toThrow();
  });

  it('prints one signature line per team member, however large the team, in the PDF', async () => {
    const team = [
      ...SAMPLE_TEAM,
      { role: '成员', name: '欧阳明', position: '县审计局干部' },
      { role: '成员', name: '司马青', position: '县纪委监委案件审理室干部' },
    ];
    const doc = verificationReport({ ...SAMPLE_VERIFICATION_REPORT, team });
    const signatures = doc.blocks.filter((b) => b.kind === 'signatures');
    expect(signatures).toHaveLength(1);
    expect(signatures[0]!.kind === 'signatures' && signatures[0]!.lines.map((l) => l.label)).toEqual(
      team.map((m) => `${m.role}${m.name}（签字）`),
    );
    const file = join(dir, 'big-team.pdf');
    writeFileSync(file, await renderPdf(doc));
    const text = pdfText(file);
    for (const m of team) expect(text).toContain(`${m.role}${m.name}（签字）：`);
    expect(text.match(/（签字）：/g)).toHaveLength(team.length);
  });

  it('sends the reply straight back when the queried person is the principal leader', async () => {
    const doc = inquiryLetter({ ...SAMPLE_INQUIRY_LETTER, subject: SAMPLE_PRINCIPAL, principalLeader: null });
    const text = await docxText(await renderDocx(doc));
    expect(text).toContain('钱七同志：');
    expect(text).toContain('书面说明由你本人直接报送我委');
    expect(text).not.toContain('签署意见后');
  });

  it('asks for a letter, not a talk, in the request, and leaves out the principal-leader approval note', () => {
    const doc = inquiryRequest({ ...SAMPLE_INQUIRY_REQUEST, mode: 'letter', targetIsNextLowerPrincipal: false });
    expect(doc.title).toBe('关于对钱七同志进行函询的请示');
    const text = doc.blocks.map((b) => (b.kind === 'paragraph' ? b.text : '')).join('');
    expect(text).toContain('以委办公室名义');
    expect(text).toContain('15个工作日内');
    expect(text).not.toContain('报委主要负责人审批');
  });

  it('fits any chain: an unsigned step leaves a box to sign by hand, a signed one prints who and when', async () => {
    const steps = [
      { post: '承办人意见', signer: '吴十', opinion: '建议了结。', date: '2026-12-01' },
      { post: '承办部门意见', signer: '冯某', opinion: '同意。', date: '2026-12-02' },
      { post: '分管领导意见', signer: '陈某', offline: true, opinion: 'ignored', date: '2026-12-03' },
      { post: '主要负责人审批', signer: '卫某', opinion: '同意。', date: '2026-12-04' },
      {
        post: '常委会审议',
        signer: '沈某',
        opinion: '证据不足，补充核实。',
        date: '2026-12-05',
        decision: 'returned' as const,
      },
      { post: '同级党委主要负责人审批' },
    ];
    const file = join(dir, 'chain.pdf');
    writeFileSync(file, await renderPdf(approvalForm({ ...SAMPLE_APPROVAL, steps })));
    const text = pdfText(file);
    for (const s of steps) expect(text).toContain(s.post);
    expect(text).toContain('签批人：卫某2026年12月4日');
    expect(text).toContain('（线下签批）签批人：陈某2026年12月3日');
    expect(text).not.toContain('ignored');
    expect(text).toContain('（退回）证据不足，补充核实。签批人：沈某2026年12月5日');
    // exactly one hand-signing slot: the last, unsigned step
    expect(text.match(/签字：/g)).toHaveLength(1);
    expect(pdfPages(file)).toBe(1);
  });

  it('gives the direct-closing reasons of §1.3 and the verification proposals of GZ 第三十五条 in words', () => {
    const doc = conclusionLetter({
      ...SAMPLE_CONCLUSION,
      reason: 'subject_dead',
      howHandled: undefined,
      reasonDetail: undefined,
    });
    const text = doc.blocks.map((b) => (b.kind === 'paragraph' ? b.text : '')).join('');
    expect(text).toContain('的问题。被反映人已去世。');
    const shelve = verificationReport({ ...SAMPLE_VERIFICATION_REPORT, proposal: 'shelve', doubts: ['账目缺失。'] });
    const reportText = shelve.blocks.map((b) => (b.kind === 'paragraph' ? b.text : '')).join('');
    expect(reportText).toContain('建议暂存待查。');
    expect(reportText).toContain('（一）账目缺失。');
  });
});
