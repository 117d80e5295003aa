import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import * as m2026112201 from './migrations/2026112201_foundation.js';
import * as m2026112202 from './migrations/2026112202_audit_append_only.js';
import * as m2026112203 from './migrations/2026112203_reports.js';
import * as m2026112204 from './migrations/2026112204_ledger_indexes.js';
import * as m2026120201 from './migrations/2026120201_recheck_forwarding.js';
import * as m2026120202 from './migrations/2026120202_deadlines_open_ordered.js';
import * as m2026120203 from './migrations/2026120203_reports_owner_region.js';
import * as m2026120204 from './migrations/2026120204_ledger_received_scope.js';
import * as m2026120401 from './migrations/2026120401_clock_engine.js';
import * as m2026120410 from './migrations/2026120410_workbench.js';
import * as m2026120502 from './migrations/2026120502_intake_rules.js';
import * as m2026120505 from './migrations/2026120505_audit_keyed_chain.js';
import * as m2026120506 from './migrations/2026120506_login_throttle.js';
import * as m2026120508 from './migrations/2026120508_ledger_search.js';
import * as m2026120509 from './migrations/2026120509_petition_review.js';
import * as m2026120601 from './migrations/2026120601_approvals.js';
import * as m2026120602 from './migrations/2026120602_recusal.js';
import * as m2026120603 from './migrations/2026120603_clue_ledger.js';
import * as m2026120604 from './migrations/2026120604_search_pending.js';
import * as m2026120608a from './migrations/2026120608a_clue_disposals.js';
import * as m2026120609a from './migrations/2026120609a_clue_inquiry.js';
import * as m2026120610a from './migrations/2026120610a_clue_verification.js';
import * as m2026120611a from './migrations/2026120611a_clue_ledger_plans.js';
import * as m2026120612a from './migrations/2026120612a_recusal_gaps.js';
import * as m2026120613a from './migrations/2026120613a_clue_member_arm.js';
import * as m2026120613b from './migrations/2026120613b_verification_clock.js';
import * as m2026120614a from './migrations/2026120614a_cases.js';
import * as m2026120614c from './migrations/2026120614c_case_evidence.js';
import * as m2026120614b from './migrations/2026120614b_case_zone.js';
import * as m2026120614d from './migrations/2026120614d_case_measures.js';
import * as m2026120614e from './migrations/2026120614e_case_plans.js';
import * as m2026120615a from './migrations/2026120615a_case_search.js';
import * as m2026120615b from './migrations/2026120615b_case_region_counts.js';
import * as m2026120616b from './migrations/2026120616b_quality.js';
import * as m2026120616a from './migrations/2026120616a_reviews.js';
import * as m2026120617a from './migrations/2026120617a_sanctions.js';
import * as m2026120617c from './migrations/2026120617c_sanction_after.js';
import * as m2026120617e from './migrations/2026120617e_sanctions_ledger.js';
import * as m2026120617f from './migrations/2026120617f_sanctions_ledger_cover.js';
import * as m2026120617h from './migrations/2026120617h_sanction_party_post.js';
import * as m2026120718a from './migrations/2026120718a_rectification.js';
import * as m2026120718e from './migrations/2026120718e_meetings.js';
import * as m2026120719b from './migrations/2026120719b_rectification_takeover.js';
import * as m2026120807d from './migrations/2026120807d_rectification_ledger_pieces.js';
import * as m2026120807a from './migrations/2026120807a_rectification_approvals.js';
import * as m2026120718c from './migrations/2026120718c_recommendations.js';
import * as m2026120718d from './migrations/2026120718d_inspections.js';
import * as m2026120718b from './migrations/2026120718b_rectification_work.js';
import * as m2026120719a from './migrations/2026120719a_rectification_ledger_indexes.js';
import * as m2026120807b from './migrations/2026120807b_meeting_agenda_source.js';
import * as m2026120807c from './migrations/2026120807c_unit_escalations.js';
import * as m2026120809a from './migrations/2026120809a_report_about.js';
import * as m2026120809b from './migrations/2026120809b_disclosure.js';
import * as m2026120810c from './migrations/2026120810c_disclosure_general.js';
import * as m2026120809d from './migrations/2026120809d_micro_powers.js';
import * as m2026120810a from './migrations/2026120810a_qr_supervision.js';
import * as m2026120810b from './migrations/2026120810b_grid.js';
import * as m2026120810d from './migrations/2026120810d_department_groups.js';
import * as m2026120811d from './migrations/2026120811d_audit_archives.js';
import * as m2026120811a from './migrations/2026120811a_backup_runs.js';
import type { Database } from './types.js';

/** Every migration, by name; names sort by timestamp. Listed statically so bundles and tsx agree. */
const MIGRATIONS: Record<string, Migration> = {
  '2026112201_foundation': m2026112201,
  '2026112202_audit_append_only': m2026112202,
  '2026112203_reports': m2026112203,
  '2026112204_ledger_indexes': m2026112204,
  '2026120201_recheck_forwarding': m2026120201,
  '2026120202_deadlines_open_ordered': m2026120202,
  '2026120203_reports_owner_region': m2026120203,
  '2026120204_ledger_received_scope': m2026120204,
  '2026120401_clock_engine': m2026120401,
  '2026120410_workbench': m2026120410,
  '2026120502_intake_rules': m2026120502,
  '2026120505_audit_keyed_chain': m2026120505,
  '2026120506_login_throttle': m2026120506,
  '2026120508_ledger_search': m2026120508,
  '2026120509_petition_review': m2026120509,
  '2026120601_approvals': m2026120601,
  '2026120602_recusal': m2026120602,
  '2026120603_clue_ledger': m2026120603,
  '2026120604_search_pending': m2026120604,
  '2026120608a_clue_disposals': m2026120608a,
  '2026120609a_clue_inquiry': m2026120609a,
  '2026120610a_clue_verification': m2026120610a,
  '2026120611a_clue_ledger_plans': m2026120611a,
  '2026120612a_recusal_gaps': m2026120612a,
  '2026120613a_clue_member_arm': m2026120613a,
  '2026120613b_verification_clock': m2026120613b,
  '2026120614a_cases': m2026120614a,
  '2026120614c_case_evidence': m2026120614c,
  '2026120614b_case_zone': m2026120614b,
  '2026120614d_case_measures': m2026120614d,
  '2026120614e_case_plans': m2026120614e,
  '2026120615a_case_search': m2026120615a,
  '2026120615b_case_region_counts': m2026120615b,
  '2026120616b_quality': m2026120616b,
  '2026120616a_reviews': m2026120616a,
  '2026120617a_sanctions': m2026120617a,
  '2026120617c_sanction_after': m2026120617c,
  '2026120617e_sanctions_ledger': m2026120617e,
  '2026120617f_sanctions_ledger_cover': m2026120617f,
  '2026120617h_sanction_party_post': m2026120617h,
  '2026120718a_rectification': m2026120718a,
  '2026120718e_meetings': m2026120718e,
  '2026120718c_recommendations': m2026120718c,
  '2026120718d_inspections': m2026120718d,
  '2026120718b_rectification_work': m2026120718b,
  '2026120719b_rectification_takeover': m2026120719b,
  '2026120807d_rectification_ledger_pieces': m2026120807d,
  '2026120719a_rectification_ledger_indexes': m2026120719a,
  '2026120807a_rectification_approvals': m2026120807a,
  '2026120807b_meeting_agenda_source': m2026120807b,
  '2026120807c_unit_escalations': m2026120807c,
  '2026120809a_report_about': m2026120809a,
  '2026120809b_disclosure': m2026120809b,
  '2026120809d_micro_powers': m2026120809d,
  '2026120810a_qr_supervision': m2026120810a,
  '2026120810b_grid': m2026120810b,
  '2026120810c_disclosure_general': m2026120810c,
  '2026120810d_department_groups': m2026120810d,
  '2026120811d_audit_archives': m2026120811d,
  '2026120811a_backup_runs': m2026120811a,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

/** The schema version the code expects: the name of the newest migration. */
export const SCHEMA_VERSION = Object.keys(MIGRATIONS).sort().at(-1)!;

/** Brings the schema up to date; throws if any migration fails. */
export async function migrateToLatest(db: Kysely<Database>, pgSchema?: string): Promise<string[]> {
  // With several schemas in one PostgreSQL database (tests), the migrator must look for its
  // own tables in our schema, not find another schema's and skip creating them.
  const migrator = new Migrator({ db, provider, ...(pgSchema ? { migrationTableSchema: pgSchema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(JSON.stringify(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Brings the schema up (or down) to the migration `name` (tests of a migration over old data). */
export async function migrateTo(db: Kysely<Database>, name: string, pgSchema?: string): Promise<void> {
  const migrator = new Migrator({ db, provider, ...(pgSchema ? { migrationTableSchema: pgSchema } : {}) });
  const { error } = await migrator.migrateTo(name);
  if (error) throw error instanceof Error ? error : new Error(JSON.stringify(error));
}

/** Returns the newest applied migration's name, or null on an empty database. */
export async function currentSchemaVersion(db: Kysely<Database>, pgSchema?: string): Promise<string | null> {
  const migrator = new Migrator({ db, provider, ...(pgSchema ? { migrationTableSchema: pgSchema } : {}) });
  const list = await migrator.getMigrations();
  const applied = list.filter((m) => m.executedAt).map((m) => m.name);
  return applied.sort().at(-1) ?? null;
}
