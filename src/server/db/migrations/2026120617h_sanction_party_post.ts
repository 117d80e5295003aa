import type { Kysely } from 'kysely';

/**
 * Whether the person holds a party post (党内职务) when a party sanction is drafted (issue 14, gap 1):
 * 撤销党内职务 for a member with none is refused (SANCTION_NO_PARTY_POST; CF23 第十一条: 严重警告
 * instead). `sanctions.holds_party_post`: 1 holds one, 0 holds none, null not recorded yet (every
 * row written before, and a draft whose person's position does not say).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sanctions').addColumn('holds_party_post', 'integer').execute();
}

/** Drops the column. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sanctions').dropColumn('holds_party_post').execute();
}
