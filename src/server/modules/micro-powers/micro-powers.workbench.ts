/**
 * The small powers' workbench cards: 运行中的小微权力事项 (the open uses a village clerk records,
 * oldest first: each still waits for its steps and its closing) and 小微权力运行问题 (the uses
 * closed in the last 30 days with findings, for the township and the county that supervise them;
 * the findings themselves are items in the rectification ledger).
 */
import { countUpTo } from '../../db/count.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { type Ctx, nowIso } from '../../shared/context.js';
import type { WorkbenchCardContent, WorkbenchProvider } from '../../shared/module.js';
import { useReach, useWhere } from './micro-powers.policy.js';

const DAY_MS = 86_400_000;

async function openUses(ctx: Ctx, limit: number): Promise<WorkbenchCardContent | null> {
  const reach = await useReach(ctx, 'micro_power.record');
  const base = ctx.db
    .selectFrom('micro_power_uses as u')
    .where('u.status', '=', 'open')
    .where((eb) => useWhere(reach, 'u')(eb as never));
  const [{ count, capped }, rows] = await Promise.all([
    countUpTo(ctx.db, base),
    base
      .innerJoin('micro_power_items as i', 'i.id', 'u.item_id')
      .select(['u.id', 'u.title', 'u.started_on', 'u.created_at', 'i.name'])
      .orderBy('u.started_on')
      .limit(limit)
      .execute(),
  ]);
  if (count === 0) return null;
  return {
    count,
    countCapped: capped,
    href: '/micro-powers/uses?status=open',
    severity: 'info',
    items: rows.map((r) => ({
      id: r.id,
      title: r.title,
      subtitle: `${r.name} · ${r.started_on} 开始`,
      at: r.created_at,
      dueOn: null,
      overdue: false,
      href: `/micro-powers/uses/${r.id}`,
    })),
  };
}

async function withFindings(ctx: Ctx, limit: number): Promise<WorkbenchCardContent | null> {
  const since = toShanghaiDate(new Date(ctx.clock.nowMs() - 30 * DAY_MS).toISOString());
  const reach = await useReach(ctx);
  const base = ctx.db
    .selectFrom('micro_power_uses as u')
    .where('u.status', '=', 'closed')
    .where('u.findings', '>', 0)
    .where('u.closed_on', '>=', since)
    .where((eb) => useWhere(reach, 'u')(eb as never));
  const [{ count, capped }, rows] = await Promise.all([
    countUpTo(ctx.db, base),
    base
      .leftJoin('regions as r', 'r.code', 'u.village_code')
      .select(['u.id', 'u.title', 'u.findings', 'u.closed_at', 'u.closed_on', 'r.name as village'])
      .orderBy('u.closed_on', 'desc')
      .limit(limit)
      .execute(),
  ]);
  if (count === 0) return null;
  return {
    count,
    countCapped: capped,
    href: '/micro-powers/uses?withFindings=true',
    severity: 'warning',
    items: rows.map((r) => ({
      id: r.id,
      title: r.title,
      subtitle: `${r.village ?? ''} · ${r.findings} 个问题 · ${r.closed_on ?? ''} 办结`,
      at: r.closed_at ?? nowIso(ctx),
      dueOn: null,
      overdue: false,
      href: `/micro-powers/uses/${r.id}`,
    })),
  };
}

/** The small powers' cards. */
export const microPowerWorkbench: WorkbenchProvider[] = [
  {
    key: 'micro_powers.open_uses',
    title: '运行中的小微权力事项',
    kind: 'todo',
    permissions: ['micro_power.record'],
    load: (ctx, { limit }) => openUses(ctx, limit),
  },
  {
    key: 'micro_powers.findings',
    title: '小微权力运行问题',
    kind: 'alert',
    permissions: ['micro_power.read'],
    load: (ctx, { limit }) => withFindings(ctx, limit),
  },
];
