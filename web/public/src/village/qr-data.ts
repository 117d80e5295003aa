/** What the QR supervision pages (惠民资金, one item, 补贴查询) read from the server, and how they show money. */
import { get } from '../api.js';

/** A village an item concerns. */
export interface Allocation {
  regionCode: string;
  villageName: string;
  townshipName: string | null;
  amount: number | null;
  note: string | null;
}

/** A published policy, project or fund. */
export interface PublicItem {
  id: string;
  kind: 'policy' | 'project' | 'fund';
  kindLabel: string;
  title: string;
  year: number;
  summary: string;
  eligibility: string | null;
  standard: string | null;
  applyWhere: string | null;
  budget: number | null;
  contractor: string | null;
  progress: string | null;
  acceptance: string | null;
  contactPhone: string | null;
  departmentName: string;
  publishedAt: string;
  /** The item page only: the department's dispatched group (a report on its staff goes there); null: none. */
  dispatchedGroupName?: string | null;
  allocations: Allocation[];
}

/** A village's published items. */
export interface VillageItems {
  regionCode: string;
  villageName: string;
  items: (PublicItem & { villageAmount: number | null })[];
}

/** Fen as yuan with two decimals and thousands separators: 1200050 → 12,000.50. */
export function yuan(fen: number): string {
  const s = (fen / 100).toFixed(2);
  const [int, dec] = s.split('.');
  return `${int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${dec}`;
}

/** The label a report about an item carries: `资金：2026年农村道路硬化资金（县农业农村局）`. */
export function itemLabel(i: Pick<PublicItem, 'kindLabel' | 'title' | 'departmentName'>): string {
  return `${i.kindLabel}：${i.title}（${i.departmentName}）`;
}

/** A village's items. */
export function loadVillageItems(code: string): Promise<VillageItems> {
  return get<VillageItems>(`/api/public/villages/${code}/qr-items`);
}

/** One published item. */
export function loadItem(id: string): Promise<PublicItem> {
  return get<PublicItem>(`/api/public/qr-items/${id}`);
}
