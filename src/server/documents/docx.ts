/**
 * Renders an `OfficialDocument` to DOCX with the `docx` package, in the same GB/T 9704-2012
 * layout as the PDF: A4, margins 37/35/28/26 mm, exact 28.95pt line pitch (22 lines per page),
 * page numbers "— 1 —" in the footer, the 版记 at the foot of the last page. DOCX only names
 * fonts; Word substitutes what it has.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  FrameAnchorType,
  FrameWrap,
  HeightRule,
  HorizontalPositionAlign,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  UnderlineType,
  VerticalAlignTable,
  VerticalPositionAlign,
  WidthType,
} from 'docx';
import {
  type Block,
  type FieldTableBlock,
  type OfficialDocument,
  type SignatureBlock,
  LINES_PER_PAGE,
  PAGE_MM,
  SIZE,
  emWidth,
  layoutFieldTable,
  mmToTwip,
  signSlot,
  tableColumnFractions,
} from './official.js';

/** Font names written into the DOCX; Word falls back to a similar face where one is missing. */
const FONTS = {
  body: '仿宋_GB2312',
  title: '方正小标宋简体',
  heading1: '黑体',
  heading2: '楷体_GB2312',
} as const;

/**
 * The font table: what each 公文 font is (GB2312 charset, serif or sans), so a reader without
 * the font substitutes one of the same kind instead of its default sans face.
 */
const FONT_TABLE = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">${[
  [FONTS.body, '仿宋', 'roman'],
  [FONTS.title, '宋体', 'roman'],
  [FONTS.heading1, 'SimHei', 'swiss'],
  [FONTS.heading2, '楷体', 'roman'],
  ['宋体', 'SimSun', 'roman'],
]
  .map(
    ([name, alt, family]) =>
      `<w:font w:name="${name}"><w:altName w:val="${alt}"/><w:charset w:val="86"/><w:family w:val="${family}"/><w:pitch w:val="variable"/></w:font>`,
  )
  .join('')}</w:fonts>`;

/**
 * The styles part, written here instead of by the `docx` package, whose paragraph options cannot
 * switch off `w:autoSpaceDE` (and write `w:autoSpaceDN` out of schema order). Word by default
 * widens the gap where Chinese meets Latin letters (autoSpaceDE) or digits (autoSpaceDN), so
 * "2026年" and "渑纪信〔2026〕0001号" came out with spaces that 公文 do not have. Both are off in
 * the document defaults, which every paragraph inherits (body, table cells, page footer); no
 * style turns them back on. `w:kinsoku` (Chinese line-breaking rules) keeps Word's default, on,
 * and `w:snapToGrid` is moot: the section has no line grid (see `renderDocx`). The styles are
 * Word's defaults plus the two character styles the empty footnote and endnote parts refer to.
 */
const STYLES = [
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
  '<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">',
  '<w:docDefaults><w:rPrDefault><w:rPr>',
  `<w:rFonts w:ascii="${FONTS.body}" w:hAnsi="${FONTS.body}" w:eastAsia="${FONTS.body}" w:cs="${FONTS.body}" w:hint="eastAsia"/>`,
  `<w:sz w:val="${SIZE.body * 2}"/><w:szCs w:val="${SIZE.body * 2}"/>`,
  // zh-CN so readers pick simplified-Chinese glyphs and line-breaking rules
  '<w:lang w:val="zh-CN" w:eastAsia="zh-CN"/>',
  '</w:rPr></w:rPrDefault>',
  '<w:pPrDefault><w:pPr><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/></w:pPr></w:pPrDefault>',
  '</w:docDefaults>',
  '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>',
  '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/>',
  '<w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>',
  '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>',
  '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>',
  '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>',
  '<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>',
  '<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/>',
  '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>',
  ...['footnote', 'endnote'].map(
    (note) =>
      `<w:style w:type="character" w:styleId="${note === 'footnote' ? 'Footnote' : 'Endnote'}Reference">` +
      `<w:name w:val="${note} reference"/><w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="99"/>` +
      '<w:semiHidden/><w:unhideWhenUsed/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>',
  ),
  '</w:styles>',
].join('');

/**
 * A font for every script slot of a run, with the East Asian hint: characters that Unicode shares
 * between Chinese and Latin text (“”, ‘’, —, ……, ·) then take the Chinese font and its full-width
 * glyphs, as 公文 print them, instead of the half-width Latin forms.
 */
const font = (name: string): { ascii: string; hAnsi: string; eastAsia: string; cs: string; hint: string } => ({
  ascii: name,
  hAnsi: name,
  eastAsia: name,
  cs: name,
  hint: 'eastAsia',
});

const PAGE_TWIPS = { width: 11906, height: 16838 };
const MARGIN = {
  top: mmToTwip(PAGE_MM.top),
  bottom: mmToTwip(PAGE_MM.bottom),
  left: mmToTwip(PAGE_MM.left),
  right: mmToTwip(PAGE_MM.right),
};
const CONTENT_TWIPS = PAGE_TWIPS.width - MARGIN.left - MARGIN.right;
/** Height of the 版心 in twips (225 mm). */
const BODY_TWIPS = PAGE_TWIPS.height - MARGIN.top - MARGIN.bottom;
/**
 * Exact line pitch in twips: the 225 mm 版心 holds 22 lines (579 twips = 28.95pt). Rounded down:
 * 22 lines of 580 twips overran the 版心 by 4 twips, and Word and LibreOffice then fit only 21.
 */
const LINE = Math.floor(BODY_TWIPS / LINES_PER_PAGE);
const CELL_LINE = 400;
const CELL_PAD = 100;
/** One character of 3号 text in twips (16pt = 320 twips), the unit of 公文 indents. */
const EM = SIZE.body * 20;
const half = (pt: number): number => pt * 2;
const exact = (line: number) => ({ line, lineRule: LineRuleType.EXACT, before: 0, after: 0 });
const border = { style: BorderStyle.SINGLE, size: 6, color: '000000' };

/** A run of body text. */
function run(text: string, o: { font?: string; size?: number; underline?: boolean; bold?: boolean } = {}): TextRun {
  return new TextRun({
    text,
    font: font(o.font ?? FONTS.body),
    size: half(o.size ?? SIZE.body),
    ...(o.bold ? { bold: true } : {}),
    ...(o.underline ? { underline: { type: UnderlineType.SINGLE } } : {}),
  });
}

const ALIGN = {
  left: AlignmentType.LEFT,
  center: AlignmentType.CENTER,
  right: AlignmentType.RIGHT,
  justify: AlignmentType.BOTH,
} as const;

/** A field table as a fixed-layout bordered DOCX table with the same rows as the PDF. */
function fieldTable(block: FieldTableBlock): Table {
  const grid = tableColumnFractions(block.columns).map((f) => Math.round(f * CONTENT_TWIPS));
  const rows = layoutFieldTable(block).map((cells) => {
    let col = 0;
    const minLines = Math.max(...cells.map((c) => c.minLines + (c.sign ? 1 : 0)));
    return new TableRow({
      height: { value: minLines * CELL_LINE + 2 * CELL_PAD, rule: HeightRule.ATLEAST },
      children: cells.map((cell) => {
        const width = grid.slice(col, col + cell.span).reduce((a, b) => a + b, 0);
        col += cell.span;
        const paragraph = (text: string, align: keyof typeof ALIGN): Paragraph =>
          new Paragraph({
            alignment: ALIGN[align],
            spacing: exact(CELL_LINE),
            children: [run(text, { size: SIZE.table })],
          });
        const children = cell.text.split('\n').map((t) => paragraph(t, cell.role === 'label' ? 'center' : 'justify'));
        if (cell.sign) {
          // push the signature slot to the bottom of the space left for handwriting
          const usedLines = Math.ceil(emWidth(cell.text) / ((width - 2 * CELL_PAD) / (SIZE.table * 20)));
          for (let i = Math.max(usedLines, 1); i < cell.minLines; i++) children.push(paragraph('', 'left'));
          children.push(paragraph(signSlot(cell.sign), 'right'));
        }
        return new TableCell({
          width: { size: width, type: WidthType.DXA },
          columnSpan: cell.span > 1 ? cell.span : undefined,
          verticalAlign:
            cell.role === 'label' || (cell.minLines <= 1 && !cell.sign)
              ? VerticalAlignTable.CENTER
              : VerticalAlignTable.TOP,
          margins: { top: CELL_PAD, bottom: CELL_PAD, left: CELL_PAD, right: CELL_PAD },
          children,
        });
      }),
    });
  });
  return new Table({
    width: { size: CONTENT_TWIPS, type: WidthType.DXA },
    columnWidths: grid,
    layout: TableLayoutType.FIXED,
    borders: {
      top: border,
      bottom: border,
      left: border,
      right: border,
      insideHorizontal: border,
      insideVertical: border,
    },
    rows,
  });
}

/** The date slot after a signature line. */
const SIGN_DATE = '日期：\u3000\u3000年\u3000\u3000月\u3000\u3000日';

/**
 * Signature lines as paragraphs with an underlined blank. The blank is 4 to 8 characters, as
 * long as the line allows (as in the PDF): a fixed 7-character blank pushed "日" of
 * "来访人（签字）" onto a line of its own.
 */
function signatures(block: SignatureBlock): Paragraph[] {
  const lineEm = CONTENT_TWIPS / EM;
  return block.lines.map((line) => {
    const label = `${line.label}：`;
    const dated = line.date !== false;
    const free = lineEm - emWidth(label) - (dated ? emWidth(SIGN_DATE) + 1 : 0);
    const blank = Math.max(4, Math.min(8, Math.floor(free)));
    return new Paragraph({
      spacing: { ...exact(LINE), before: Math.round(LINE / 4) },
      children: [
        run(label),
        run('\u3000'.repeat(blank), { underline: true }),
        ...(dated ? [run(`\u3000${SIGN_DATE}`)] : []),
      ],
    });
  });
}

/**
 * The paragraph a DOCX must have after a table that ends the document, 1 pt high: a full line
 * there made a table that fills the page (结案呈批表) spill a blank second page.
 */
const documentEnd = (): Paragraph => new Paragraph({ spacing: exact(20), children: [run('', { size: 1 })] });

/** One body block as DOCX paragraphs or a table; `last` when nothing follows it in the document. */
function blockToDocx(block: Block, last: boolean): (Paragraph | Table)[] {
  switch (block.kind) {
    case 'paragraph': {
      const align = block.align ?? 'justify';
      const indent = (block.indent ?? align === 'justify') ? 2 * EM : 0;
      return [
        new Paragraph({
          alignment: ALIGN[align],
          indent: { firstLine: indent },
          spacing: exact(LINE),
          // every page holds its 22 lines (GB/T 9704-2012 §5.2.2), as in the PDF; readers'
          // widow control otherwise left the 明白卡's first page a line short
          widowControl: false,
          children: block.text
            .split('\n')
            .map(
              (t, i) =>
                new TextRun({ text: t, break: i > 0 ? 1 : undefined, font: font(FONTS.body), size: half(SIZE.body) }),
            ),
        }),
      ];
    }
    case 'heading':
      return [
        new Paragraph({
          alignment: AlignmentType.BOTH,
          indent: { firstLine: 2 * EM },
          spacing: exact(LINE),
          keepNext: true,
          children: [run(block.text, { font: block.level === 1 ? FONTS.heading1 : FONTS.heading2 })],
        }),
      ];
    case 'fields':
      return [
        fieldTable(block),
        last ? documentEnd() : new Paragraph({ spacing: exact(Math.round(LINE / 2)), children: [] }),
      ];
    case 'signatures':
      return signatures(block);
    case 'spacer':
      return Array.from({ length: block.lines }, () => new Paragraph({ spacing: exact(LINE), children: [] }));
  }
}

/** The issuer centred over the date, the date right-aligned four characters from the margin. */
function signOff(issuer: string | undefined, date: string | undefined): Paragraph[] {
  // keepNext holds the blank line, the issuer and the date on one page: the 明白卡 once ended
  // with the issuer on page 3 and its date alone on page 4.
  const out: Paragraph[] = [new Paragraph({ spacing: exact(LINE), keepNext: true, children: [] })];
  const dateRight = 4 * EM;
  if (issuer) {
    const shift = date ? ((emWidth(date) - emWidth(issuer)) / 2) * EM : -2 * EM;
    out.push(
      new Paragraph({
        alignment: AlignmentType.RIGHT,
        indent: { right: Math.max(0, Math.round(dateRight + shift)) },
        spacing: exact(LINE),
        keepNext: Boolean(date),
        children: [run(issuer)],
      }),
    );
  }
  if (date) {
    out.push(
      new Paragraph({
        alignment: AlignmentType.RIGHT,
        indent: { right: dateRight },
        spacing: exact(LINE),
        children: [run(date)],
      }),
    );
  }
  return out;
}

/** Line pitch of the 版记 text (小四号, 12pt, at 1.6 lines), in twips, as in the PDF. */
const NOTE_LINE = Math.round(SIZE.small * 1.6 * 20);

/**
 * The 版记 (GB/T 9704-2012 §7.4) at the foot of the last page, as the PDF draws it. Its paragraphs
 * make one frame (`w:framePr`) as wide as the 版心 and aligned to the bottom margin, so it sits on
 * the last line of whichever page the text ends on, in Word and in LibreOffice (which imports it
 * as a frame at the bottom of the page text area). Space counted from the 22-line grid would
 * instead depend on how each reader wraps lines and sizes table rows in its substitute fonts,
 * and one line too many pushes the 版记 onto a page of its own.
 *
 * Text may not run beside the frame and keeps a quarter line from it: little, as in the PDF, so
 * that a page the text nearly fills still holds the 版记. Every line carries the same top and
 * bottom rule, so Word draws one rule above and one below the group (LibreOffice moves them onto
 * the frame), both as wide as the 版心 (§7.4.1); the text is inset half a character, as in the
 * PDF. An empty 1-pt paragraph follows for the frame to be anchored to.
 */
function noteBlock(footer: string): Paragraph[] {
  const rule = { ...border, space: 4 };
  return [
    ...footer.split('\n').map(
      (t) =>
        new Paragraph({
          frame: {
            type: 'alignment',
            alignment: { x: HorizontalPositionAlign.CENTER, y: VerticalPositionAlign.BOTTOM },
            anchor: { horizontal: FrameAnchorType.MARGIN, vertical: FrameAnchorType.MARGIN },
            width: CONTENT_TWIPS,
            wrap: FrameWrap.NOT_BESIDE,
            space: { horizontal: 0, vertical: Math.round(LINE / 4) },
          },
          indent: { firstLine: SIZE.small * 10 },
          spacing: exact(NOTE_LINE),
          border: { top: rule, bottom: rule },
          children: [run(t, { size: SIZE.small })],
        }),
    ),
    documentEnd(),
  ];
}

/**
 * Renders an official document to a DOCX buffer with GB/T 9704-2012 page setup, the same
 * blocks as the PDF, and a centred "— n —" page number field in the footer.
 */
export async function renderDocx(model: OfficialDocument): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [];
  if (model.confidentiality) {
    children.push(
      new Paragraph({ spacing: exact(LINE), children: [run(model.confidentiality, { font: FONTS.heading1 })] }),
    );
  }
  children.push(
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: exact(Math.round(LINE * 1.25)),
      // 2号小标宋 (GB/T 9704-2012 §7.3.3). 方正小标宋简体 stays the first choice, but few machines
      // have it and readers substitute a regular-weight 宋体 that looks thin. OOXML cannot make
      // the weight depend on whether the named font is present (w:b applies to whatever face is
      // used; the font table only guides substitution), so the title is bold: bold 宋体 is the
      // closest stand-in for the heavy 小标宋, and 方正小标宋 drawn bold still looks acceptable.
      // The PDF uses the heaviest Noto Serif SC (Black) for the same reason.
      children: [run(model.title, { font: FONTS.title, size: SIZE.title, bold: true })],
    }),
  );
  if (model.docNumber) {
    children.push(
      new Paragraph({
        alignment: model.docNumberAlign === 'right' ? AlignmentType.RIGHT : AlignmentType.CENTER,
        spacing: exact(LINE),
        children: [run(model.docNumber)],
      }),
    );
  }
  if (!(model.docNumber && model.docNumberAlign === 'right')) {
    children.push(new Paragraph({ spacing: exact(Math.round(LINE / 2)), children: [] }));
  }
  if (model.recipient) children.push(new Paragraph({ spacing: exact(LINE), children: [run(model.recipient)] }));
  const tail = Boolean(model.issuer || model.date || model.footer);
  model.blocks.forEach((block, i) => children.push(...blockToDocx(block, !tail && i === model.blocks.length - 1)));
  if (model.issuer || model.date) children.push(...signOff(model.issuer, model.date));
  if (model.footer) children.push(...noteBlock(model.footer));

  const doc = new Document({
    title: model.title,
    creator: model.author ?? model.issuer ?? 'Qingfeng 清风',
    // no `styles` option: Packer writes STYLES as word/styles.xml instead (see below)
    sections: [
      {
        properties: {
          page: {
            size: PAGE_TWIPS,
            // page number sits 7 mm under the 版心 (GB/T 9704-2012 §7.5)
            margin: { ...MARGIN, header: mmToTwip(15), footer: mmToTwip(PAGE_MM.bottom - 7 - 6) },
          },
          // No line grid: every paragraph has an exact pitch already, and a "lines" grid makes
          // LibreOffice/WPS snap the 14pt table lines to the 28.95pt body pitch (tables then
          // spill onto a second page).
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  new TextRun({
                    children: ['— ', PageNumber.CURRENT, ' —'],
                    font: font('宋体'),
                    size: half(SIZE.table),
                  }),
                ],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc, false, [
    { path: 'word/fontTable.xml', data: FONT_TABLE },
    { path: 'word/styles.xml', data: STYLES },
  ]);
}
