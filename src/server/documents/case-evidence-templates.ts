/**
 * The case team's documents (GZ 第四十二条, 第四十六条, 第四十七条; JCF24 第二十八条, 第四十四条;
 * TL21 第一百一十九条 to 第一百三十条), as pure functions from plain data to an
 * `OfficialDocument`: the 谈话笔录 frame (header filled from the action record, the questions and
 * answers left to write), 调取证据通知书 and 调取证据清单, and 查封/扣押财物文件清单. Fewer than two
 * officers is refused with a `RangeError` (every measure is taken by at least two people).
 */
import { h1, item, p } from './clue-text.js';
import { type OfficialDocument, type SignatureLine, toChineseDate } from './official.js';

function requireTwo(officers: readonly string[]): void {
  if (officers.length < 2) throw new RangeError('审查调查措施应当由2名以上审查调查人员进行');
}

/** Data for a talk record's frame (谈话笔录, 询问笔录, 讯问笔录). */
export interface TalkRecordData {
  /** 谈话笔录 / 询问笔录 / 讯问笔录. */
  title: string;
  caseNumber: string;
  /** Start and end instants or dates (ISO). */
  startedAt: string;
  endedAt: string | null;
  place: string;
  room: string;
  /** The officers present (≥ 2); the first asks, the second records unless `recorder` says otherwise. */
  officers: string[];
  recorder?: string | null;
  personName: string;
  personRole: string;
  /** The written notice and credentials shown. */
  notice: string;
  recordingRef: string | null;
  /** The rights and duties read to the person. */
  caution?: string[];
}

/** Shanghai wall time "2026年12月6日 9时30分" of an ISO instant. */
function chineseTime(iso: string): string {
  const d = new Date(Date.parse(iso) + 8 * 3600_000);
  if (Number.isNaN(d.getTime())) return toChineseDate(iso);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日${d.getUTCHours()}时${d.getUTCMinutes()}分`;
}

/** Builds the talk record's frame: its header from the action record, the Q/A left blank, signatures. */
export function talkRecord(d: TalkRecordData): OfficialDocument {
  requireTwo(d.officers);
  const caution = d.caution ?? [
    '我们是审查调查组工作人员，已向你出示工作证件。根据有关规定，依法依规同你谈话，你应当如实陈述，不得隐瞒、歪曲事实。',
    '本次谈话全程同步录音录像。',
  ];
  const lines: SignatureLine[] = [
    { label: `${d.personRole}（签名、捺指印）`, date: true },
    ...d.officers.map((o) => ({ label: `审查调查人员 ${o}（签名）` })),
  ];
  return {
    title: d.title,
    docNumber: `案件编号：${d.caseNumber}`,
    docNumberAlign: 'right',
    confidentiality: '机密',
    blocks: [
      {
        kind: 'fields',
        columns: 4,
        fields: [
          {
            label: '时间',
            value: `${chineseTime(d.startedAt)}至${d.endedAt ? chineseTime(d.endedAt) : ''}`,
            wide: true,
          },
          { label: '地点', value: `${d.place}（${d.room}）`, wide: true },
          { label: '谈话人', value: d.officers.join('、') },
          { label: '记录人', value: d.recorder ?? d.officers[1]! },
          { label: '被谈话人', value: d.personName },
          { label: '身份', value: d.personRole },
          { label: '出示证件及通知', value: d.notice, wide: true },
          { label: '录音录像编号', value: d.recordingRef ?? '', wide: true },
        ],
      },
      ...caution.map((c) => p(`问：${c}`)),
      p('答：'),
      p('问：'),
      p('答：'),
      p('（以上笔录已向被谈话人宣读（或由其阅看），与其所述一致。）'),
      { kind: 'signatures', lines },
    ],
  };
}

/** One item obtained (调取) or listed. */
export interface EvidenceListItem {
  /** 编号. */
  number: string;
  /** 名称. */
  name: string;
  /** 数量 and form (原件 / 复制件). */
  quantity: string;
  /** 备注 (characteristics, where the original is kept …). */
  note?: string | null;
}

/** Data for 调取证据通知书 (JCF24 第二十八条; TL21 第一百一十九条). */
export interface EvidenceRequestData {
  caseNumber: string;
  /** Addressee: the unit or person holding the evidence. */
  recipient: string;
  /** The case in words, e.g. "张某某涉嫌违纪违法". */
  caseName: string;
  items: EvidenceListItem[];
  officers: string[];
  issuer: string;
  date: string;
}

/** Builds 调取证据通知书: the addressee is asked to provide the items listed, before the officers. */
export function evidenceRequestNotice(d: EvidenceRequestData): OfficialDocument {
  requireTwo(d.officers);
  return {
    title: '调取证据通知书',
    docNumber: `案件编号：${d.caseNumber}`,
    recipient: `${d.recipient}：`,
    blocks: [
      p(
        `根据《中华人民共和国监察法》第二十八条的规定，我机关在调查${d.caseName}一案中，需向你（单位）调取以下证据，请予提供：`,
      ),
      ...d.items.map((it, i) => p(`${item(i)}${it.name}，${it.quantity}${it.note ? `（${it.note}）` : ''}`)),
      p(`调取证据人员：${d.officers.join('、')}。伪造、隐匿、毁灭证据或者拒绝提供证据的，依法承担相应责任。`),
    ],
    issuer: d.issuer,
    date: toChineseDate(d.date),
  };
}

/** Data for 调取证据清单 (TL21 第一百二十条). */
export interface EvidenceListData {
  caseNumber: string;
  holder: string;
  items: EvidenceListItem[];
  officers: string[];
  place: string;
  date: string;
}

/** Builds 调取证据清单: each item numbered on the spot, signed by the holder, a witness and the officers. */
export function evidenceList(d: EvidenceListData): OfficialDocument {
  requireTwo(d.officers);
  return {
    title: '调取证据清单',
    docNumber: `案件编号：${d.caseNumber}`,
    docNumberAlign: 'right',
    blocks: [
      p(`证据持有人（单位）：${d.holder}；调取地点：${d.place}；调取时间：${toChineseDate(d.date)}。`),
      h1('一、调取证据'),
      ...d.items.map((it) => p(`编号${it.number}，${it.name}，${it.quantity}${it.note ? `，${it.note}` : ''}`)),
      p(`共${d.items.length}项。本清单一式两份，一份交证据持有人（单位）。`),
      {
        kind: 'signatures',
        lines: [
          { label: '证据持有人（签名、盖章）', date: true },
          { label: '见证人（签名）' },
          ...d.officers.map((o) => ({ label: `调取人 ${o}（签名）` })),
        ],
      },
    ],
  };
}

/** One seized item on the register form. */
export interface PropertyListItem {
  number: string;
  name: string;
  kind: string;
  quantity: string;
  /** 价值 in words (元), or 待估价. */
  value: string;
  features?: string | null;
}

/** Data for 查封/扣押财物文件清单 (GZ 第四十七条; TL21 第一百二十六条). */
export interface PropertyListData {
  caseNumber: string;
  holder: string;
  place: string;
  date: string;
  items: PropertyListItem[];
  officers: string[];
}

/** Builds 查封/扣押财物文件清单: items photographed, registered and numbered on the spot, signed by all present. */
export function propertyList(d: PropertyListData): OfficialDocument {
  requireTwo(d.officers);
  return {
    title: '查封/扣押财物文件清单',
    docNumber: `案件编号：${d.caseNumber}`,
    docNumberAlign: 'right',
    blocks: [
      p(`财物持有人：${d.holder}；地点：${d.place}；时间：${toChineseDate(d.date)}。`),
      ...d.items.map((it) =>
        p(
          `编号${it.number}，${it.name}（${it.kind}），${it.quantity}，价值：${it.value}${it.features ? `，${it.features}` : ''}`,
        ),
      ),
      p(`共${d.items.length}项。以上财物、文件已当场拍照、登记、编号，清单一式两份，一份交财物持有人。`),
      {
        kind: 'signatures',
        lines: [
          { label: '财物持有人（签名）', date: true },
          { label: '见证人（签名）' },
          ...d.officers.map((o) => ({ label: `审查调查人员 ${o}（签名）` })),
          { label: '保管人（签名）' },
        ],
      },
    ],
  };
}
