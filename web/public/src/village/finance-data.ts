/** The public disclosure of a village as the phone page and the display screen read it (masked server-side). */
import { get } from '../api.js';

/** A publication in the village's index. */
export interface Publication {
  kind: 'finance' | 'major_matter' | 'general';
  period: string;
  label: string;
  version: number;
  publishedAt: string;
  correctedAt: string | null;
  lineCount: number;
  incomeTotal: number;
  expenseTotal: number;
  openingBalance: number | null;
  closingBalance: number | null;
}

/** The village's index. */
export interface VillageIndex {
  regionCode: string;
  villageName: string;
  financeCycle: 'monthly' | 'quarterly';
  publications: Publication[];
}

/** A line as published. */
export interface Line {
  id: string;
  seq: number;
  voucherNo: string;
  occurredOn: string;
  direction: 'income' | 'expense';
  counterparty: string;
  partyNumber: string | null;
  amount: number;
  paymentMethod: 'cash' | 'transfer';
  account: string | null;
  purpose: string;
  category: string;
  approvalPath: string | null;
  approvers: string | null;
  change: 'added' | 'changed' | null;
}

/** A 名单 row as published (the name masked by the server). */
export interface RosterRow {
  seq: number;
  name: string;
  amount: number | null;
  reason: string;
}

/** An entry of a quarter's general items as published. */
export interface Entry {
  id: string;
  seq: number;
  topic: string;
  topicLabel: string;
  title: string;
  text: string;
  rosterTotal: number;
  roster: RosterRow[];
}

/** A period as public (now or at `asOf`). */
export interface Period extends Publication {
  title: string | null;
  decisionRecord: string | null;
  correctionReason: string | null;
  signedByName: string | null;
  current: boolean;
  removedVouchers: string[];
  lines: Line[];
  entries: Entry[];
  history: { version: number; publishedAt: string; supersededAt: string | null; correctionReason: string | null }[];
}

/** The village's index. */
export function loadIndex(regionCode: string): Promise<VillageIndex> {
  return get<VillageIndex>(`/api/public/villages/${regionCode}/disclosure`);
}

/** A period, as public now or at `asOf`. */
export function loadPeriod(regionCode: string, kind: string, period: string, asOf?: string): Promise<Period> {
  const q = asOf ? `?asOf=${encodeURIComponent(asOf)}` : '';
  return get<Period>(`/api/public/villages/${regionCode}/disclosure/${kind}/${encodeURIComponent(period)}${q}`);
}

/** Fen as yuan: 120000 → 1,200.00. */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}`;
}
