/**
 * `qingfeng export --to postgres://… [--schema S]`: the command around `exportSqliteToPostgres`.
 * It checks its arguments, copies and compares, then opens the target as a platform to verify
 * the audit chain there with the same master key and anchor file, and prints what to do next.
 */
import type { Platform } from '../bootstrap.js';
import { openDatabase } from '../db/database.js';
import { configureAuditChain, verifyAuditChainParallel } from '../modules/audit/index.js';
import { loadInstallCrypto } from '../modules/crypto-suite/index.js';
import { type AppConfig, redactDatabaseUrl } from '../shared/config.js';
import { ExportError, exportSqliteToPostgres } from './export-database.js';

/** Runs the export for the CLI; returns the exit status (0 done, 1 refused or failed, 2 usage). */
export async function runExport(
  config: AppConfig,
  platform: Platform,
  args: { to: string | undefined; schema: string | undefined },
): Promise<number> {
  if (!platform.database.sqlite || !config.databaseUrl.startsWith('sqlite:')) {
    console.error('export: DATABASE_URL must name the SQLite database to copy (sqlite:<file>)');
    return 2;
  }
  if (!args.to || !/^postgres(ql)?:\/\//.test(args.to) || !URL.canParse(args.to)) {
    console.error('export: --to must be a PostgreSQL URL, e.g. --to postgres://qingfeng@db.example:5432/qingfeng');
    return 2;
  }
  if (args.schema !== undefined && !/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(args.schema)) {
    console.error('export: --schema must be a PostgreSQL schema name (letters, digits, _)');
    return 2;
  }
  const file = config.databaseUrl.slice('sqlite:'.length);
  console.log(`exporting ${file} to ${redactDatabaseUrl(args.to)}${args.schema ? ` schema ${args.schema}` : ''}`);
  try {
    const summary = await exportSqliteToPostgres({
      sqliteFile: file,
      targetUrl: args.to,
      targetSchema: args.schema,
      progress: (line) => console.log(`  ${line}`),
    });
    console.log(
      `copied ${summary.rows} rows of ${summary.tables.length} tables in ${(summary.ms / 1000).toFixed(1)} s; every table compared: identical`,
    );
    if (summary.skipped.length) console.log(`not copied (SQLite's own search index): ${summary.skipped.join(', ')}`);
  } catch (err) {
    console.error(`export refused: ${err instanceof ExportError ? err.message : String(err)}`);
    return 1;
  }
  const target = openDatabase(args.to, { pgSchema: args.schema, poolSize: 2 });
  try {
    // The suite and keyed-hash root came along with the rows (crypto_settings): the chain's keys follow them.
    const crypto = await loadInstallCrypto(target.db, platform.masterKey, {
      wanted: undefined,
      at: new Date().toISOString(),
    });
    configureAuditChain(target.db, platform.masterKey, config.auditAnchorFile, crypto.chainSmFrom);
    const result = await verifyAuditChainParallel(target.db, { databaseUrl: args.to, pgSchema: args.schema });
    if (!result.ok) {
      console.error(`audit chain on the target BROKEN at seq ${result.firstBadSeq ?? '?'}: ${result.reason}`);
      return 1;
    }
    console.log(`audit chain intact on the target: ${result.checked} events`);
  } finally {
    await target.close();
  }
  console.log(
    'next: stop the server, set DATABASE_URL to the PostgreSQL URL' +
      (args.schema ? ` and QF_PG_SCHEMA=${args.schema}` : '') +
      ', keep QF_DATA_DIR (attachments, master key and audit anchors stay there), start it again',
  );
  return 0;
}
