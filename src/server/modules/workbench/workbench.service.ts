/**
 * The workbench (工作台): the first page after sign-in. It holds no data of its own beyond "when
 * did this person last look at this card": each module contributes cards (to-dos, clocks, new
 * arrivals, warnings, charts) through its `ModuleDefinition.workbench`, computed live in the
 * person's scope.
 */
import type { Ctx } from '../../shared/context.js';
import { nowIso, requireActor } from '../../shared/context.js';
import { errors } from '../../shared/errors.js';
import {
  type WorkbenchCardContent,
  type WorkbenchCardKind,
  type WorkbenchProvider,
  workbenchProviders,
} from '../../shared/module.js';

/** A card as the API shows it. */
export interface WorkbenchCard extends WorkbenchCardContent {
  key: string;
  title: string;
  kind: WorkbenchCardKind;
  /** When the person last marked it seen (for `new` cards), or null. */
  seenAt: string | null;
}

/** How many lines each card shows. */
export const CARD_ITEMS = 5;

function allowed(ctx: Ctx, provider: WorkbenchProvider): boolean {
  const actor = requireActor(ctx);
  return provider.permissions.some((p) => actor.permissions.has(p));
}

/** The person's workbench: every card they may see that has something to say, in module order. */
export async function loadWorkbench(ctx: Ctx): Promise<WorkbenchCard[]> {
  const actor = requireActor(ctx);
  const seen = new Map(
    (
      await ctx.db
        .selectFrom('workbench_seen')
        .select(['card_key', 'seen_at'])
        .where('user_id', '=', actor.userId)
        .execute()
    ).map((r) => [r.card_key, r.seen_at]),
  );
  const cards: WorkbenchCard[] = [];
  for (const provider of workbenchProviders()) {
    if (!allowed(ctx, provider)) continue;
    const since = seen.get(provider.key) ?? null;
    const content = await provider.load(ctx, { since, limit: CARD_ITEMS });
    if (!content) continue;
    cards.push({ key: provider.key, title: provider.title, kind: provider.kind, seenAt: since, ...content });
  }
  return cards;
}

/** Marks a card seen now (its `new` count starts again from zero). */
export async function markCardSeen(ctx: Ctx, cardKey: string): Promise<{ seenAt: string }> {
  const actor = requireActor(ctx);
  const provider = workbenchProviders().find((p) => p.key === cardKey);
  if (!provider || !allowed(ctx, provider)) throw errors.notFound('workbench_card');
  const seenAt = nowIso(ctx);
  await ctx.db
    .insertInto('workbench_seen')
    .values({ user_id: actor.userId, card_key: cardKey, seen_at: seenAt })
    .onConflict((oc) => oc.columns(['user_id', 'card_key']).doUpdateSet({ seen_at: seenAt }))
    .execute();
  return { seenAt };
}
