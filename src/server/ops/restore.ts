/**
 * `qingfeng restore` and `qingfeng verify-backup`: an archive is checked before anything is
 * written (manifest MAC under the master key, every file's SHA-256, the schema version), then
 * restored into an EMPTY data folder or PostgreSQL schema, then the restored copy's audit chain
 * is verified and its row counts compared with the manifest. Any failure removes what the restore
 * wrote, so the target is left as empty as it was.
 */
import { currentHostUrl } from '../db/pg-failover.js';
import { loadInstallCrypto } from '../modules/crypto-suite/index.js';
import { registerCryptoProfile } from '../shared/crypto.js';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { promisify } from 'node:util';
import { mkdir, open, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import pg from 'pg';
import { openDatabase } from '../db/database.js';
import { SCHEMA_VERSION } from '../db/migrate.js';
import type { AppConfig } from '../shared/config.js';
import { configureAuditChain, verifyAuditChainParallel } from '../modules/audit/index.js';
import {
  type ArchiveEntry,
  ArchiveFormatError,
  hashEntry,
  readArchiveIndex,
  readEntry,
  readEntryBuffer,
} from './archive.js';
import { ENTRY } from './backup.js';
import { type BackupManifest, MANIFEST_FORMAT, MANIFEST_NAME, checkManifestMac } from './manifest.js';
import { OpsError } from './ops.codes.js';
import { countRows } from './compare.js';
import { findPgTool, pgConnectionForTool, pgSchemaOf, runTool, sqliteFileOf } from './snapshot.js';

const execFileAsync = promisify(execFile);

/** A checked archive: its manifest and entries by name. */
export interface CheckedArchive {
  manifest: BackupManifest;
  entries: Map<string, ArchiveEntry>;
}

/** Reads the master key file without creating one (a restore needs the key the archive was made with). */
export function readMasterKey(path: string): Buffer {
  if (!existsSync(path))
    throw new OpsError(
      'BACKUP_WRONG_KEY',
      `master key file ${path} not found: put the master key kept apart from the backups there first`,
    );
  const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new OpsError('BACKUP_WRONG_KEY', `master key file ${path} must hold 32 bytes in base64`);
  return key;
}

/**
 * Checks an archive without restoring it: readable container, a manifest of this format whose
 * MAC holds under `masterKey`, every listed file present with its size and SHA-256, nothing
 * unlisted. Throws OpsError BACKUP_DAMAGED (naming the file), BACKUP_WRONG_KEY or BACKUP_TAMPERED.
 */
export async function verifyBackup(archive: string, masterKey: Buffer): Promise<CheckedArchive> {
  if (!existsSync(archive) || !statSync(archive).isFile())
    throw new OpsError('BACKUP_DAMAGED', `no archive at ${archive}`);
  let index: ArchiveEntry[];
  try {
    index = await readArchiveIndex(archive);
  } catch (err) {
    if (err instanceof ArchiveFormatError)
      throw new OpsError('BACKUP_DAMAGED', `the archive ${archive} is damaged: ${err.message}`);
    throw err;
  }
  const entries = new Map(index.map((e) => [e.name, e]));
  const manifestEntry = entries.get(MANIFEST_NAME);
  if (!manifestEntry)
    throw new OpsError('BACKUP_DAMAGED', `the archive ${archive} is damaged: it holds no ${MANIFEST_NAME}`);
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse((await readEntryBuffer(archive, manifestEntry)).toString('utf8')) as BackupManifest;
  } catch {
    throw new OpsError('BACKUP_DAMAGED', `the archive ${archive} is damaged: ${MANIFEST_NAME} is not readable JSON`);
  }
  if (manifest?.format !== MANIFEST_FORMAT || !Array.isArray(manifest.files))
    throw new OpsError(
      'BACKUP_DAMAGED',
      `the archive ${archive} is not a Qingfeng backup of format ${MANIFEST_FORMAT}`,
    );
  const mac = checkManifestMac(masterKey, manifest);
  if (mac === 'wrong_key')
    throw new OpsError(
      'BACKUP_WRONG_KEY',
      'the archive was made with another master key: use the key file kept with that installation (QF_MASTER_KEY_FILE)',
    );
  if (mac === 'tampered')
    throw new OpsError(
      'BACKUP_TAMPERED',
      `the manifest of ${archive} was altered after the backup (its MAC does not hold)`,
    );
  const listed = new Set([MANIFEST_NAME]);
  for (const f of manifest.files) {
    listed.add(f.name);
    const e = entries.get(f.name);
    if (!e) throw new OpsError('BACKUP_DAMAGED', `the archive is damaged: ${f.name} is missing`);
    if (e.size !== f.size || (await hashEntry(archive, e)) !== f.sha256)
      throw new OpsError('BACKUP_DAMAGED', `the archive is damaged: ${f.name} does not match its recorded hash`);
  }
  for (const name of entries.keys())
    if (!listed.has(name))
      throw new OpsError('BACKUP_DAMAGED', `the archive holds ${name}, which its manifest does not list`);
  return { manifest, entries };
}

/** Options of `restoreBackup`. */
export interface RestoreOptions {
  /** The target: its data folder, database URL, schema, master key and anchor file. */
  config: Pick<AppConfig, 'databaseUrl' | 'pgSchema' | 'dataDir' | 'auditAnchorFile' | 'masterKeyFile'>;
  archive: string;
}

/** What a restore did. */
export interface RestoreResult {
  manifest: BackupManifest;
  auditEvents: number;
  anchors: number;
  tables: number;
  rows: number;
  files: number;
}

async function writeEntryTo(archive: string, entry: ArchiveEntry, path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const fh = await open(path, 'wx', 0o600);
  try {
    for await (const piece of readEntry(archive, entry)) {
      let off = 0;
      while (off < piece.length) off += (await fh.write(piece, off)).bytesWritten;
    }
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Whether a folder holds any file below it (empty folders do not count). */
async function holdsFiles(dir: string): Promise<boolean> {
  let list;
  try {
    list = await readdir(dir, { withFileTypes: true });
  } catch {
    return false;
  }
  for (const e of list) if (e.isFile() || (e.isDirectory() && (await holdsFiles(join(dir, e.name))))) return true;
  return false;
}

/** The SQLite target's refusals: a database file, blobs or anchors already there. */
async function assertSqliteTargetEmpty(config: RestoreOptions['config'], file: string): Promise<void> {
  const live = [file, `${file}-wal`].find((p) => existsSync(p) && statSync(p).size > 0);
  if (live)
    throw new OpsError(
      'RESTORE_TARGET_NOT_EMPTY',
      `will not overwrite a live database: ${live} exists; restore into an empty data folder`,
    );
  if (existsSync(config.auditAnchorFile) && statSync(config.auditAnchorFile).size > 0)
    throw new OpsError(
      'RESTORE_TARGET_NOT_EMPTY',
      `will not overwrite a live database: the anchor file ${config.auditAnchorFile} exists`,
    );
  for (const e of existsSync(config.dataDir) ? await readdir(config.dataDir, { withFileTypes: true }) : [])
    if (e.isDirectory() && (await holdsFiles(join(config.dataDir, e.name))))
      throw new OpsError(
        'RESTORE_TARGET_NOT_EMPTY',
        `will not overwrite a live database: ${join(config.dataDir, e.name)} holds files`,
      );
}

/**
 * Restores `archive` into the configured, empty target (see the file comment). Throws OpsError:
 * RESTORE_TARGET_NOT_EMPTY, BACKUP_DAMAGED, BACKUP_WRONG_KEY, BACKUP_TAMPERED,
 * BACKUP_SCHEMA_NEWER, RESTORE_CHECK_FAILED; the target is left as it was.
 */
export async function restoreBackup(opts: RestoreOptions): Promise<RestoreResult> {
  const { archive } = opts;
  // A multi-host URL: restore into the server it leads to now (the primary), as one host.
  const config = /^postgres(ql)?:\/\//.test(opts.config.databaseUrl)
    ? { ...opts.config, databaseUrl: await currentHostUrl(opts.config.databaseUrl) }
    : opts.config;
  const masterKey = readMasterKey(config.masterKeyFile);
  const engine = /^postgres(ql)?:\/\//.test(config.databaseUrl) ? 'postgres' : 'sqlite';
  const sqliteFile = sqliteFileOf(config.databaseUrl);
  if (engine === 'sqlite' && !sqliteFile)
    throw new OpsError('RESTORE_CHECK_FAILED', 'cannot restore into an in-memory database');
  const schema = engine === 'postgres' ? pgSchemaOf(config.databaseUrl, config.pgSchema) : null;
  // Refusals first, before the archive is even read: nothing of a live installation is touched.
  if (engine === 'sqlite') await assertSqliteTargetEmpty(config, sqliteFile!);
  else await assertPgTargetEmpty(config.databaseUrl, schema!);
  const { manifest, entries } = await verifyBackup(archive, masterKey);
  if (manifest.engine !== engine)
    throw new OpsError(
      'RESTORE_CHECK_FAILED',
      `the archive holds a ${manifest.engine} database but the target is ${engine}; use qingfeng export to move between engines`,
    );
  if (manifest.schemaVersion > SCHEMA_VERSION)
    throw new OpsError(
      'BACKUP_SCHEMA_NEWER',
      `the archive's schema ${manifest.schemaVersion} is newer than this version of Qingfeng (${SCHEMA_VERSION}): upgrade Qingfeng first`,
    );
  const written: string[] = [];
  let pgRestored = false;
  try {
    // Blobs and anchors, each file fsynced.
    let files = 0;
    for (const f of manifest.files) {
      if (!f.name.startsWith(ENTRY.filesPrefix)) continue;
      const rel = f.name.slice(ENTRY.filesPrefix.length);
      if (rel.split('/').some((part) => part === '..' || part === ''))
        throw new OpsError('BACKUP_DAMAGED', `the archive names an unsafe path ${f.name}`);
      const path = join(config.dataDir, ...rel.split('/'));
      written.push(path);
      await writeEntryTo(archive, entries.get(f.name)!, path);
      files++;
    }
    const anchors = entries.get(ENTRY.anchors);
    if (anchors && anchors.size > 0) {
      await rm(config.auditAnchorFile, { force: true });
      written.push(config.auditAnchorFile);
      await writeEntryTo(archive, anchors, config.auditAnchorFile);
    }
    // The database.
    if (engine === 'sqlite') {
      const partial = `${sqliteFile!}.restore-partial`;
      written.push(partial, sqliteFile!, `${sqliteFile!}-wal`, `${sqliteFile!}-shm`);
      await writeEntryTo(archive, entries.get(ENTRY.sqlite)!, partial);
      await rename(partial, sqliteFile!);
    } else {
      pgRestored = true;
      await restorePostgres(
        config.databaseUrl,
        manifest.pgSchema ?? 'public',
        schema!,
        archive,
        entries.get(ENTRY.postgres)!,
      );
    }
    // The restored copy's checks: the chain against the restored anchors, the row counts.
    const database = openDatabase(config.databaseUrl, { pgSchema: schema ?? undefined, poolSize: 2 });
    try {
      // The restored install's suite and keyed-hash root (an sm install's chain is HMAC-SM3; after a
      // master-key rekey the chain's key comes from the sealed root): the chain's keys follow them.
      const crypto = await loadInstallCrypto(database.db, masterKey, {
        wanted: undefined,
        at: new Date().toISOString(),
      });
      registerCryptoProfile(masterKey, crypto.profile);
      configureAuditChain(database.db, masterKey, config.auditAnchorFile, crypto.chainSmFrom);
      const chain = await verifyAuditChainParallel(database.db, {
        databaseUrl: config.databaseUrl,
        pgSchema: schema ?? undefined,
      });
      if (!chain.ok)
        throw new OpsError(
          'RESTORE_CHECK_FAILED',
          `the restored audit chain is broken at seq ${chain.firstBadSeq ?? '?'}: ${chain.reason}`,
        );
      const counts = await countRows(database.db, database.dialect.name === 'postgres' ? schema! : null);
      let rows = 0;
      for (const [table, n] of Object.entries(manifest.tables)) {
        if (counts[table] !== n)
          throw new OpsError(
            'RESTORE_CHECK_FAILED',
            `the restored table ${table} holds ${counts[table] ?? 'no'} rows, the manifest says ${n}`,
          );
        rows += n;
      }
      return {
        manifest,
        auditEvents: chain.checked,
        anchors: chain.anchors,
        tables: Object.keys(manifest.tables).length,
        rows,
        files,
      };
    } finally {
      await database.close();
    }
  } catch (err) {
    // Leave the target as empty as it was.
    for (const p of written.reverse()) await rm(p, { force: true }).catch(() => undefined);
    if (pgRestored) await dropRestoredSchema(config.databaseUrl, schema!).catch(() => undefined);
    if (err instanceof OpsError) throw err;
    throw new OpsError(
      'RESTORE_CHECK_FAILED',
      `restore failed: ${err instanceof Error ? err.message : String(err)}; the target was left empty`,
    );
  }
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function withPg<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const u = new URL(url);
  u.searchParams.delete('options');
  const client = new pg.Client({ connectionString: u.toString() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** The PostgreSQL target's refusal: any table in the schema. */
async function assertPgTargetEmpty(url: string, schema: string): Promise<void> {
  const n = await withPg(url, async (c) => {
    const r = await c.query<{ n: number }>(
      `select count(*)::int as n from information_schema.tables where table_schema = $1`,
      [schema],
    );
    return r.rows[0]!.n;
  });
  if (n > 0)
    throw new OpsError(
      'RESTORE_TARGET_NOT_EMPTY',
      `will not overwrite a live database: schema ${schema} holds ${n} tables`,
    );
}

/** Removes what a failed restore created in the target schema. */
async function dropRestoredSchema(url: string, schema: string): Promise<void> {
  await withPg(url, async (c) => {
    await c.query(`drop schema if exists ${quoteIdent(schema)} cascade`);
    if (schema === 'public') await c.query('create schema public');
  });
}

/**
 * pg_restore of the archive's dump (schema `from`) into schema `to` of the target database, in one
 * transaction: under its own name when they are the same (the schema's own CREATE left out, so
 * an existing empty schema is used), else under `from` (which must not exist) and then renamed.
 */
async function restorePostgres(
  url: string,
  from: string,
  to: string,
  archive: string,
  entry: ArchiveEntry,
): Promise<void> {
  const pgRestore = findPgTool('pg_restore');
  const work = `${resolve(archive)}.${process.pid}.pgrestore-partial`;
  const dumpFile = join(dirname(work), `.${Date.now()}-${process.pid}.pgdump-partial`);
  await writeEntryTo(archive, entry, dumpFile);
  try {
    const { url: toolUrl, env } = pgConnectionForTool(url);
    await withPg(url, async (c) => {
      // The trigram indexes' operator classes (the migrations create the extension in public).
      await c.query('create extension if not exists pg_trgm with schema public');
      if (from !== to) {
        const exists = await c.query(`select 1 from pg_namespace where nspname = $1`, [from]);
        if (exists.rowCount)
          throw new OpsError(
            'RESTORE_TARGET_NOT_EMPTY',
            `the archive's schema ${from} exists in the target database; restore into another database or schema`,
          );
        await c.query(`drop schema if exists ${quoteIdent(to)}`);
      } else await c.query(`create schema if not exists ${quoteIdent(to)}`);
    });
    const listFile = `${dumpFile}.list`;
    const { stdout } = await execFileAsync(pgRestore, ['--list', dumpFile], { env, maxBuffer: 64 * 1024 * 1024 });
    // The schema's own CREATE is left out when restoring under the same name: the schema exists.
    const keep = from === to ? stdout.split('\n').filter((l) => !/ SCHEMA - /.test(l)) : stdout.split('\n');
    await writeFile(listFile, keep.join('\n'));
    await runTool(
      pgRestore,
      [
        '--single-transaction',
        '--exit-on-error',
        '--no-owner',
        '--no-privileges',
        `--use-list=${listFile}`,
        `--dbname=${toolUrl}`,
        dumpFile,
      ],
      env,
    );
    await rm(listFile, { force: true });
    if (from !== to) await withPg(url, (c) => c.query(`alter schema ${quoteIdent(from)} rename to ${quoteIdent(to)}`));
  } finally {
    await rm(dumpFile, { force: true });
    await rm(`${dumpFile}.list`, { force: true });
  }
}
