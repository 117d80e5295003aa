import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import QRCode from 'qrcode';
import { afterAll, describe, expect, it } from 'vitest';
import {
  SAMPLE_ACCEPTANCE,
  SAMPLE_CLOSING,
  SAMPLE_FEEDBACK,
  SAMPLE_RECHECK_FORWARD,
  SAMPLE_REVIEW_FORWARD,
  SAMPLE_RIGHTS,
  SAMPLE_TRANSFER,
  SAMPLE_VILLAGES,
  SAMPLE_VISIT,
} from './documents.fixtures.js';
import {
  LINES_PER_PAGE,
  type OfficialDocument,
  acceptanceNotice,
  chineseDate,
  closingApproval,
  emWidth,
  mmToTwip,
  renderDocx,
  renderPdf,
  recheckForward,
  reviewForward,
  renderQrPosters,
  resultFeedback,
  rightsCard,
  transferSlip,
  visitRecord,
} from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'qf-documents-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let counter = 0;
function tempFile(buffer: Buffer, ext: string): string {
  const file = join(dir, `doc-${++counter}.${ext}`);
  writeFileSync(file, buffer);
  return file;
}

const run = (cmd: string, args: string[]): string => execFileSync(cmd, args, { encoding: 'utf8' });
/** pdftotext -layout with all whitespace removed, so justified spacing cannot split words. */
const pdfText = (file: string): string => run('pdftotext', ['-layout', file, '-']).replace(/\s+/g, '');
const pdfPages = (file: string): number => Number(/^Pages:\s+(\d+)/m.exec(run('pdfinfo', [file]))?.[1]);

async function docxXml(buffer: Buffer, part = 'word/document.xml'): Promise<string> {
  const zip = await JSZip.loadAsync(buffer);
  const xml = await zip.file(part)?.async('string');
  if (!xml) throw new Error(`${part} missing`);
  return xml;
}
const stripTags = (xml: string): string => xml.replace(/<[^>]+>/g, '').replace(/\s+/g, '');
/** The paragraphs of a WordprocessingML part in document order, table cells' included. */
const paragraphsOf = (xml: string): string[] => xml.match(/<w:p[ >].*?<\/w:p>/gs) ?? [];
/** The text of one paragraph. */
const textOf = (p: string): string => [...p.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]!).join('');
/** The value of attribute `name` of the first `<tag …>` in `xml`, or undefined. */
const attr = (xml: string, tag: string, name: string): string | undefined =>
  new RegExp(`<${tag} [^>]*?${name}="([^"]*)"`).exec(xml)?.[1];

interface Case {
  name: string;
  doc: OfficialDocument;
  /** Strings that must appear in both renderings. */
  expected: string[];
}

const cases: Case[] = [
  {
    name: 'visitRecord',
    doc: visitRecord(SAMPLE_VISIT),
    expected: [
      '接待来访记录',
      '渑纪访〔2026〕0012号',
      '实名（已保护）',
      '坡头乡张村党支部书记',
      '来访人（签字）',
      '接待人（签字）',
    ],
  },
  {
    name: 'rightsCard',
    doc: rightsCard(SAMPLE_RIGHTS),
    expected: [
      '检举控告明白卡',
      '诬告陷害',
      // JK 第二十六条, 第二十七条, 第二十九条, 第四十五条 (domain-rules.md §2.5, §2.7)
      '自办结之日起15个工作日内',
      '重复检举控告的，不再告知',
      '匿名检举控告属于受理范围的，同样予以受理',
      '不属于诬告陷害',
      '打击报复',
      '0398-12388',
      'https://qf.example.gov.cn/r/mianchi',
    ],
  },
  {
    name: 'acceptanceNotice',
    doc: acceptanceNotice(SAMPLE_ACCEPTANCE),
    expected: [
      '实名举报受理告知书',
      '渑纪信〔2026〕0001号',
      '张三同志：',
      '我委已于2026年11月12日受理',
      '2026年11月22日',
    ],
  },
  {
    name: 'resultFeedback',
    doc: resultFeedback(SAMPLE_FEEDBACK),
    expected: [
      '实名举报结果反馈单',
      '渑纪反〔2026〕0007号',
      '反映李四违规收受购物卡问题属实',
      '举报人意见',
      '举报人签字',
    ],
  },
  {
    name: 'transferSlip',
    doc: transferSlip(SAMPLE_TRANSFER),
    expected: [
      '信访件转办单',
      '渑纪信转〔2026〕0015号',
      '中共坡头乡纪律检查委员会',
      '请于2026年12月22日前报送办理结果',
      '原件2份',
    ],
  },
  {
    name: 'recheckForward',
    doc: recheckForward(SAMPLE_RECHECK_FORWARD),
    expected: [
      '复查申请转送函',
      '中共三门峡市纪律检查委员会：',
      '赵六',
      '信访工作条例》第三十五条',
      '2026年12月20日前',
      '验收时没有调取施工方账目',
    ],
  },
  {
    name: 'reviewForward',
    doc: reviewForward(SAMPLE_REVIEW_FORWARD),
    expected: [
      '复核申请转送函',
      '中共三门峡市纪律检查委员会：',
      '信访工作条例》第三十六条',
      '对渑池县纪委监委就渑纪信〔2026〕0042号信访件作出的复查意见不服',
      '维持原办理意见',
      '2027年1月27日前',
      '复查没有听取我的意见',
    ],
  },
  {
    name: 'closingApproval',
    doc: closingApproval(SAMPLE_CLOSING),
    expected: ['信访案件结案呈批表', '渑纪结〔2026〕0003号', '谈话了解相关人员8人次', '主要领导审批', '建议结案。'],
  },
];

describe('chineseDate', () => {
  it('formats ISO dates without leading zeros and reads timestamps in Asia/Shanghai', () => {
    expect(chineseDate('2026-11-22')).toBe('2026年11月22日');
    expect(chineseDate('2026-01-05')).toBe('2026年1月5日');
    expect(chineseDate('2026-11-21T17:30:00Z')).toBe('2026年11月22日');
    expect(() => chineseDate('not a date')).toThrow(RangeError);
  });
});

describe('acceptanceNotice', () => {
  it('says where a matter outside the remit was transferred', () => {
    const doc = acceptanceNotice({
      ...SAMPLE_ACCEPTANCE,
      decision: { kind: 'transferred', transferredTo: '县人力资源和社会保障局' },
    });
    const text = doc.blocks.map((b) => (b.kind === 'paragraph' ? b.text : '')).join('');
    expect(text).toContain('不属于本机关受理范围');
    expect(text).toContain('已转交县人力资源和社会保障局处理');
    expect(text).not.toContain('受理。');
  });
});

describe('reviewForward', () => {
  it('names no due date while a hearing pauses the review clock (its time is not counted)', () => {
    const doc = reviewForward({ ...SAMPLE_REVIEW_FORWARD, dueOn: null });
    const text = doc.blocks.map((b) => (b.kind === 'paragraph' ? b.text : '')).join('');
    expect(text).toContain('在规定期限内（听证所需时间不计入）将复核意见函告我委');
    expect(text).not.toContain('2027年');
  });

  it('keeps the sample letter, with its 版记, to one page', async () => {
    expect(pdfPages(tempFile(await renderPdf(reviewForward(SAMPLE_REVIEW_FORWARD)), 'pdf'))).toBe(1);
  });
});

describe.each(cases)('$name', ({ doc, expected }) => {
  it('renders a PDF with the key fields, embedded CJK fonts, page numbers and a visible page', async () => {
    const file = tempFile(await renderPdf(doc), 'pdf');
    const text = pdfText(file);
    for (const s of expected) expect(text).toContain(s);
    expect(text).toContain('—1—');

    const fonts = run('pdffonts', [file]);
    expect(fonts).toMatch(/NotoSerifSC-Regular\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);

    expect(run('pdfinfo', [file])).toMatch(new RegExp(`^Title:\\s+${doc.title}$`, 'm'));
    expect(run('pdfinfo', [file])).toMatch(/^Page size:\s+595\.28 x 841\.89 pts \(A4\)/m);

    run('pdftoppm', ['-r', '40', '-png', '-f', '1', '-l', '1', '-singlefile', file, `${file}-p1`]);
    // a blank A4 page at 40 dpi compresses to well under 2 KB; text and rules make it far larger
    expect(statSync(`${file}-p1.png`).size).toBeGreaterThan(8_000);
  });

  it('renders a DOCX with the same fields and the GB/T 9704 page setup', async () => {
    const buffer = await renderDocx(doc);
    const xml = await docxXml(buffer);
    const text = stripTags(xml);
    for (const s of expected) expect(text).toContain(s);

    const pgMar = /<w:pgMar [^>]*\/>/.exec(xml)?.[0] ?? '';
    // 37, 35, 28 and 26 mm in twips (1 mm = 1440 / 25.4 twips)
    expect([37, 35, 28, 26].map(mmToTwip)).toEqual([2098, 1984, 1587, 1474]);
    expect(pgMar).toContain('w:top="2098"');
    expect(pgMar).toContain('w:bottom="1984"');
    expect(pgMar).toContain('w:left="1587"');
    expect(pgMar).toContain('w:right="1474"');
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);

    // Defects seen when the DOCX were rendered with LibreOffice: a "lines" document grid stretched
    // table lines to the body pitch; fonts must be declared for East Asian text and described in
    // the font table (GB2312 charset, serif) so a reader lacking them substitutes a serif face.
    expect(xml).not.toContain('w:type="lines"');
    expect(xml).toContain('w:eastAsia="仿宋_GB2312"');
    expect(xml).toContain('w:eastAsia="方正小标宋简体"');
    expect(xml).toContain('<w:sz w:val="44"/>'); // the 2号 (22 pt) title
    const fontTable = await docxXml(buffer, 'word/fontTable.xml');
    expect(fontTable).toMatch(/<w:font w:name="仿宋_GB2312">.*?<w:charset w:val="86"\/><w:family w:val="roman"\/>/);
    expect(await docxXml(buffer, 'word/styles.xml')).toContain('w:eastAsia="zh-CN"');
    // A signature line fits on one line: label, blank and date at most 27.6 characters of 16 pt.
    for (const p of xml.split('</w:p>').filter((x) => x.includes('日期：'))) {
      const runs = [...p.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]!).join('');
      expect(emWidth(runs)).toBeLessThanOrEqual(27.6);
    }

    expect(await docxXml(buffer, 'docProps/core.xml')).toContain(`<dc:title>${doc.title}</dc:title>`);
    const footer = await docxXml(buffer, 'word/footer1.xml');
    expect(footer).toContain('PAGE');
    expect(stripTags(footer)).toContain('—');
  });
});

/**
 * The DOCX opened by a real word processor: LibreOffice (installed by `scripts/ensure-test-deps.mjs`)
 * converts every case to PDF in one run, on its own profile directory.
 */
let converted: Promise<Map<string, string>> | undefined;
function convertedByLibreOffice(): Promise<Map<string, string>> {
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
    return new Map(cases.map((c) => [c.name, join(lo, `${c.name}.pdf`)]));
  })();
  return converted;
}

describe.each(cases)('$name in LibreOffice', ({ name, doc, expected }) => {
  it('opens the DOCX and lays it out on as many A4 pages as the PDF, with the key fields and page numbers', async () => {
    const file = (await convertedByLibreOffice()).get(name)!;
    const text = pdfText(file);
    for (const s of expected) expect(text).toContain(s);
    expect(text).toContain('—1—');
    expect(run('pdfinfo', [file])).toMatch(/^Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/m);
    expect(pdfPages(file)).toBe(pdfPages(tempFile(await renderPdf(doc), 'pdf')));
  }, 150_000);
});

describe('DOCX typesetting', () => {
  const noteCases = cases.filter((c) => c.doc.footer);
  it('has cases with and without a 版记', () => {
    expect(noteCases.map((c) => c.name)).toEqual([
      'acceptanceNotice',
      'resultFeedback',
      'transferSlip',
      'recheckForward',
      'reviewForward',
    ]);
  });

  it.each(cases)('$name: no extra space between Chinese and Latin letters or digits', async ({ doc }) => {
    const buffer = await renderDocx(doc);
    const styles = await docxXml(buffer, 'word/styles.xml');
    // Word widens the gap at "2026年" unless autoSpaceDE/autoSpaceDN are off; the document
    // defaults carry both, and nothing below them (a style, a paragraph) may turn them on again.
    const pPrDefault = /<w:pPrDefault>(.*?)<\/w:pPrDefault>/s.exec(styles)?.[1] ?? '';
    expect(pPrDefault).toMatch(/<w:autoSpaceDE w:val="(0|false)"\/>/);
    expect(pPrDefault).toMatch(/<w:autoSpaceDN w:val="(0|false)"\/>/);
    const parts = [styles, await docxXml(buffer), await docxXml(buffer, 'word/footer1.xml')].join('');
    const settings = [...parts.matchAll(/<w:autoSpaceD[EN]( w:val="([^"]*)")?\/>/g)].map((m) => m[2]);
    expect(settings).toEqual(['0', '0']);
    // every paragraph inherits the defaults through Normal; no paragraph names another style
    expect(styles).toMatch(/<w:style w:type="paragraph" w:default="1" w:styleId="Normal">/);
    expect(parts).not.toContain('<w:pStyle');
  });

  it.each(cases)('$name: title in 方正小标宋简体, bold for the substituted 宋体, 2号', async ({ doc }) => {
    const buffer = await renderDocx(doc);
    const paragraphs = paragraphsOf(await docxXml(buffer));
    const title = paragraphs.filter((p) => textOf(p) === doc.title);
    expect(title).toHaveLength(1);
    const rPr = /<w:r>.*?<w:rPr>(.*?)<\/w:rPr>/s.exec(title[0]!)?.[1] ?? '';
    for (const slot of ['ascii', 'hAnsi', 'eastAsia'])
      expect(attr(rPr, 'w:rFonts', `w:${slot}`)).toBe('方正小标宋简体');
    expect(attr(rPr, 'w:rFonts', 'w:hint')).toBe('eastAsia');
    expect(rPr).toMatch(/<w:b\/>|<w:b w:val="(1|true)"\/>/);
    expect(rPr).toContain('<w:sz w:val="44"/>');
    // only the title is bold: 黑体/楷体 headings and the body keep their own weight
    expect(paragraphs.filter((p) => /<w:b(\/| w:val="(1|true)")/.test(p))).toEqual(title);
    const fontTable = await docxXml(buffer, 'word/fontTable.xml');
    expect(fontTable).toMatch(/<w:font w:name="方正小标宋简体">.*?<w:charset w:val="86"\/><w:family w:val="roman"\/>/);
  });

  it.each(cases)('$name: 22 body lines of exactly 28.95 pt fit the 225 mm 版心', async ({ doc }) => {
    const xml = await docxXml(await renderDocx(doc));
    const num = (tag: string, name: string): number => Number(attr(xml, tag, name));
    const body = num('w:pgSz', 'w:h') - num('w:pgMar', 'w:top') - num('w:pgMar', 'w:bottom');
    // the pitch of every 3号 (16 pt) line outside the tables
    const bodyLines = paragraphsOf(xml.replace(/<w:tbl>.*?<\/w:tbl>/gs, '')).filter((p) =>
      p.includes('<w:sz w:val="32"/>'),
    );
    expect(bodyLines.length).toBeGreaterThan(1);
    const pitches = new Set(bodyLines.map((p) => Number(attr(p, 'w:spacing', 'w:line'))));
    expect([...pitches]).toEqual([579]); // 28.95 pt
    expect(LINES_PER_PAGE * 579).toBeLessThanOrEqual(body);
    // spacing is whole twips (half a line of 579 must not be written as 289.5)
    expect(xml).not.toMatch(/w:(line|before|after)="\d+\.\d+"/);
  });

  it.each(cases)('$name: the 版记 is a frame at the foot of the page, after everything else', async ({ doc }) => {
    const xml = await docxXml(await renderDocx(doc));
    const paragraphs = paragraphsOf(xml);
    const framed = paragraphs.filter((p) => p.includes('<w:framePr'));
    if (!doc.footer) {
      expect(framed).toEqual([]);
      return;
    }
    expect(framed.map(textOf)).toEqual(doc.footer.split('\n'));
    for (const p of framed) {
      // as wide as the 版心: the A4 width less the left and right margins
      expect(attr(p, 'w:framePr', 'w:w')).toBe(String(11906 - mmToTwip(28) - mmToTwip(26)));
      expect(attr(p, 'w:framePr', 'w:vAnchor')).toBe('margin');
      expect(attr(p, 'w:framePr', 'w:yAlign')).toBe('bottom');
      expect(attr(p, 'w:framePr', 'w:hAnchor')).toBe('margin');
      expect(attr(p, 'w:framePr', 'w:xAlign')).toBe('center');
      expect(attr(p, 'w:framePr', 'w:wrap')).toBe('notBeside');
      // Word and LibreOffice ignore yAlign when an absolute w:y is given
      expect(p).not.toMatch(/<w:framePr [^>]*w:y="/);
      // one frame: identical frame properties and rules on every line
      expect(/<w:framePr [^>]*\/>/.exec(p)?.[0]).toBe(/<w:framePr [^>]*\/>/.exec(framed[0]!)?.[0]);
      expect(p).toMatch(/<w:pBdr><w:top w:val="single"[^>]*\/><w:bottom w:val="single"[^>]*\/><\/w:pBdr>/);
    }
    // the frame comes after the body and the sign-off in reading order, and an ordinary
    // paragraph (its anchor) ends the body
    const first = paragraphs.indexOf(framed[0]!);
    const last = paragraphs.indexOf(framed.at(-1)!);
    expect(last - first).toBe(framed.length - 1);
    expect(paragraphs.length - 1 - last).toBe(1);
    expect(paragraphs.at(-1)).not.toContain('<w:framePr');
    const before = paragraphs.slice(0, first).map(textOf).join('');
    for (const s of [doc.issuer, doc.date]) if (s) expect(before).toContain(s);
  });

  it('puts a 版记 of several lines into one frame', async () => {
    const footer =
      '抄送：县委办公室，县政府办公室。\n中共渑池县纪律检查委员会办公室\u3000\u3000\u30002026年11月22日印发';
    const xml = await docxXml(await renderDocx({ ...acceptanceNotice(SAMPLE_ACCEPTANCE), footer }));
    const framed = paragraphsOf(xml).filter((p) => p.includes('<w:framePr'));
    expect(framed.map(textOf)).toEqual(footer.split('\n'));
    expect(new Set(framed.map((p) => /<w:pPr>.*?<\/w:pPr>/s.exec(p)?.[0])).size).toBe(1);
  });
});

describe('long field tables', () => {
  const rows = Array.from({ length: 40 }, (_, i) => ({
    label: `第${i + 1}项`,
    value: `第${i + 1}行的登记内容，用于检查表格跨页时逐行排版是否完整。`,
    wide: true,
  }));
  rows.push({ label: '最后一项', value: '表格最后一行的内容', wide: true });

  it('breaks a long table across pages and keeps every row', async () => {
    const file = tempFile(
      await renderPdf({ title: '长表格测试', blocks: [{ kind: 'fields', columns: 4, fields: rows }] }),
      'pdf',
    );
    expect(pdfPages(file)).toBeGreaterThanOrEqual(2);
    const lastPage = run('pdftotext', ['-f', String(pdfPages(file)), file, '-']).replace(/\s+/g, '');
    expect(lastPage).toContain('表格最后一行的内容');
    const text = pdfText(file);
    for (let i = 1; i <= 40; i++) expect(text).toContain(`第${i}行的登记内容`);
  });

  it('splits a single row taller than a page', async () => {
    const process = `${'调取账目、谈话核实、实地走访。'.repeat(120)}办理过程结束`;
    const file = tempFile(await renderPdf(closingApproval({ ...SAMPLE_CLOSING, process })), 'pdf');
    expect(pdfPages(file)).toBeGreaterThanOrEqual(3);
    const text = pdfText(file);
    expect(text).toContain('办理过程结束');
    expect(text).toContain('主要领导审批');
  });
});

describe('QR posters', () => {
  it('prints one page and one QR image per village with the name and hotline', async () => {
    const file = tempFile(await renderQrPosters(SAMPLE_VILLAGES), 'pdf');
    expect(pdfPages(file)).toBe(3);
    const text = pdfText(file);
    for (const v of SAMPLE_VILLAGES) {
      expect(text).toContain(v.regionName);
      expect(text).toContain(v.url);
    }
    expect(text).toContain('举报电话：0398-12388');
    expect(text).toContain('依纪依法保护举报人的合法权益');

    const images = run('pdfimages', ['-list', file])
      .split('\n')
      .slice(2)
      .map((l) => l.trim().split(/\s+/))
      .filter((cols) => cols.length > 2);
    expect(images.map((cols) => [Number(cols[0]), cols[2]])).toEqual([
      [1, 'image'],
      [2, 'image'],
      [3, 'image'],
    ]);

    // the embedded image must carry exactly the QR matrix of the village's URL
    run('pdfimages', ['-f', '2', '-l', '2', file, join(dir, 'qr')]);
    const pnm = readFileSync(join(dir, 'qr-000.ppm'));
    const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(pnm.toString('latin1', 0, 32));
    expect(header).not.toBeNull();
    const side = Number(header?.[1]);
    const pixels = pnm.subarray(header?.[0].length);
    const { modules } = QRCode.create(SAMPLE_VILLAGES[1]!.url, { errorCorrectionLevel: 'M' });
    const margin = 2;
    const cell = side / (modules.size + 2 * margin);
    let mismatches = 0;
    for (let r = 0; r < modules.size; r++) {
      for (let c = 0; c < modules.size; c++) {
        // P6 is RGB: three bytes per pixel; sample the centre of each module
        const px = pixels[3 * (Math.floor((r + margin + 0.5) * cell) * side + Math.floor((c + margin + 0.5) * cell))];
        if ((px === 0) !== Boolean(modules.get(r, c))) mismatches++;
      }
    }
    expect(mismatches).toBe(0);
  });

  it('refuses an empty list instead of writing a PDF without pages', async () => {
    await expect(renderQrPosters([])).rejects.toThrow(RangeError);
  });
});
