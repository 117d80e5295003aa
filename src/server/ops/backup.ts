/**
 * `qingfeng backup`: one dated archive holding a consistent snapshot of the database, the sealed
 * blob stores and the audit anchors, described by a MACed manifest. The master key is never in
 * it. The archive is written under a temporary name in the target folder and renamed only once
 * complete and fsynced, so a crash or a full disk leaves nothing that looks like a good backup.
 */
import { currentHostUrl } from '../db/pg-failover.js';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, realpathSync } from 'node:fs';
import { type FileHandle, open, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../db/types.js';
import type { AppConfig } from '../shared/config.js';
import { newId } from '../shared/ids.js';
import { type ArchiveSink, TarWriter, type WrittenEntry, fileSink } from './archive.js';
import { MANIFEST_NAME, type BackupManifest, MANIFEST_FORMAT, signManifest } from './manifest.js';
import { OpsError } from './ops.codes.js';
import {
  type SnapshotFacts,
  SnapshotError,
  pgSchemaOf,
  snapshotPostgres,
  snapshotSqlite,
  sqliteFileOf,
} from './snapshot.js';

/** Names of archives this tool makes: `qingfeng-<UTC stamp>-<engine>.qfbak`. Retention touches nothing else. */
export const ARCHIVE_NAME = /^qingfeng-(\d{8}T\d{6}Z)-(sqlite|postgres)\.qfbak$/;
/** Entry names inside the archive. */
export const ENTRY = {
  sqlite: 'database/qingfeng.sqlite',
  postgres: 'database/qingfeng.pgdump',
  anchors: 'anchors/audit-anchors.log',
  filesPrefix: 'files/',
} as const;

/** The folder backups go to when neither `--to` nor QF_BACKUP_DIR says: beside the data folder. */
export function defaultBackupDir(dataDir: string): string {
  return resolve(dataDir, '..', 'qingfeng-backups');
}

/** Options of `createBackup`. */
export interface BackupOptions {
  config: Pick<AppConfig, 'databaseUrl' | 'pgSchema' | 'dataDir' | 'auditAnchorFile' | 'masterKeyFile' | 'backupDir'>;
  masterKey: Buffer;
  /** The live database, where the run is recorded (`backup_runs`). */
  db: Kysely<Database>;
  /** Target folder (default: QF_BACKUP_DIR, else beside the data folder). */
  to?: string;
  /** The instant naming the archive (default: now). */
  now?: Date;
  /** Opens the archive's sink (tests: a disk that fills up). */
  openSink?: (path: string) => Promise<ArchiveSink>;
}

/** What a backup made. */
export interface BackupResult {
  file: string;
  bytes: number;
  manifest: BackupManifest;
  ms: number;
}

const isDiskFull = (err: unknown) => {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'ENOSPC' || code === 'SQLITE_FULL' || code === 'EDQUOT';
};

/** Whether `inner` is `outer` or lies below it, comparing real paths (symlinks resolved). */
export function isInside(inner: string, outer: string): boolean {
  const real = (p: string) => {
    // A path not made yet: resolve its nearest existing parent and append the rest.
    let head = resolve(p);
    const tail: string[] = [];
    while (!existsSync(head) && dirname(head) !== head) {
      tail.unshift(head.slice(dirname(head).length + 1));
      head = dirname(head);
    }
    return join(realpathSync(head), ...tail);
  };
  const a = real(inner);
  const b = real(outer);
  return a === b || a.startsWith(b.endsWith(sep) ? b : b + sep);
}

/** `20261208T110000Z` for an instant. */
function stampOf(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}

/** Every file of the blob stores: all files in folders under the data folder, except the database's, keys and temp files. */
async function blobFiles(dataDir: string, skip: Set<string>): Promise<string[]> {
  const out: string[] = [];
  async function walk(dir: string, depth: number): Promise<void> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    for (const e of entries.sort((x, y) => (x.name < y.name ? -1 : 1))) {
      const path = join(dir, e.name);
      if (skip.has(path)) continue;
      if (e.isDirectory()) await walk(path, depth + 1);
      // Top-level files (database, master key, anchors) are not blobs; `.tmp` files are uploads in flight.
      else if (e.isFile() && depth > 0 && !e.name.endsWith('.tmp')) out.push(path);
    }
  }
  await walk(dataDir, 0);
  return out;
}

/** The anchor file's lines at or below the snapshot's head (later anchors would point past the restored chain). */
async function anchorsUpTo(file: string, headSeq: number): Promise<Buffer> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return Buffer.alloc(0);
    throw err;
  }
  const kept: string[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let seq: unknown;
    try {
      seq = (JSON.parse(line) as { seq?: unknown }).seq;
    } catch {
      continue; // a torn last line anchored nothing
    }
    if (typeof seq === 'number' && seq <= headSeq) kept.push(line);
  }
  return Buffer.from(kept.map((l) => `${l}\n`).join(''));
}

async function fsyncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Records one run in `backup_runs`. */
async function recordRun(
  db: Kysely<Database>,
  run: { startedAt: string; status: 'ok' | 'failed'; file: string | null; bytes: number | null; error: string | null },
): Promise<void> {
  await db
    .insertInto('backup_runs')
    .values({
      id: newId(),
      started_at: run.startedAt,
      finished_at: new Date().toISOString(),
      status: run.status,
      file: run.file,
      bytes: run.bytes,
      error: run.error,
    })
    .execute();
}

/**
 * Makes one backup archive (see the file comment) and records the run in `backup_runs`. Throws
 * OpsError: BACKUP_TARGET_IN_DATA_DIR (nothing written), BACKUP_DISK_FULL or BACKUP_FAILED (the
 * partial archive removed, the live data untouched).
 */
export async function createBackup(opts: BackupOptions): Promise<BackupResult> {
  const { config, masterKey } = opts;
  const t0 = Date.now();
  const target = resolve(opts.to ?? config.backupDir ?? defaultBackupDir(config.dataDir));
  if (isInside(target, config.dataDir))
    throw new OpsError(
      'BACKUP_TARGET_IN_DATA_DIR',
      `refusing to write a backup into ${target}: it lies inside the data folder ${config.dataDir}; choose a folder on another disk (--to or QF_BACKUP_DIR)`,
    );
  const sqliteFile = sqliteFileOf(config.databaseUrl);
  const engine = /^postgres(ql)?:\/\//.test(config.databaseUrl) ? 'postgres' : 'sqlite';
  if (engine === 'sqlite' && !sqliteFile)
    throw new OpsError('BACKUP_FAILED', 'an in-memory database cannot be backed up');
  mkdirSync(target, { recursive: true, mode: 0o700 });
  const now = opts.now ?? new Date();
  const startedAt = now.toISOString();
  const name = `qingfeng-${stampOf(now)}-${engine}.qfbak`;
  const final = join(target, name);
  const salt = randomBytes(4).toString('hex');
  const partial = join(target, `.${name}.${salt}.partial`);
  const snapshotFile = join(target, `.${name}.${salt}.snapshot.partial`);
  let sink: ArchiveSink | null = null;
  try {
    if (existsSync(final)) throw new Error(`${final} exists already`);
    // 1. The database, consistent at one instant; blobs after it (a blob is written before its
    // row commits, so every blob the snapshot references exists by now).
    // A multi-host URL: the snapshot and pg_dump must read the same server, the primary.
    const pgUrl = engine === 'postgres' ? await currentHostUrl(config.databaseUrl) : null;
    const pgSchema = pgUrl ? pgSchemaOf(pgUrl, config.pgSchema) : null;
    const facts: SnapshotFacts =
      engine === 'sqlite'
        ? await snapshotSqlite(sqliteFile!, snapshotFile)
        : await snapshotPostgres(pgUrl!, pgSchema!, snapshotFile);
    sink = await (opts.openSink ?? fileSink)(partial);
    const tar = new TarWriter(sink);
    const files: WrittenEntry[] = [];
    const add = async (entryName: string, path: string): Promise<void> => {
      let fh: FileHandle;
      try {
        fh = await open(path, 'r');
      } catch (err) {
        // An orphan blob swept meanwhile: the snapshot cannot reference it.
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw err;
      }
      try {
        const st = await fh.stat();
        files.push(await tar.addFile(entryName, fh, st.size, st.mtimeMs));
      } finally {
        await fh.close();
      }
    };
    await add(engine === 'sqlite' ? ENTRY.sqlite : ENTRY.postgres, snapshotFile);
    await rm(snapshotFile, { force: true });
    // 2. The sealed blob stores.
    const skip = new Set(
      [
        config.masterKeyFile,
        config.auditAnchorFile,
        target,
        ...(sqliteFile ? [sqliteFile, `${sqliteFile}-wal`, `${sqliteFile}-shm`] : []),
      ].map((p) => resolve(p)),
    );
    for (const path of await blobFiles(resolve(config.dataDir), skip))
      await add(`${ENTRY.filesPrefix}${relative(resolve(config.dataDir), path).split(sep).join('/')}`, path);
    // 3. The anchors up to the snapshot's head.
    files.push(await tar.addBuffer(ENTRY.anchors, await anchorsUpTo(config.auditAnchorFile, facts.audit?.seq ?? 0)));
    // 4. The manifest, MACed, last.
    const manifest = signManifest(masterKey, {
      format: MANIFEST_FORMAT,
      createdAt: startedAt,
      engine,
      schemaVersion: facts.schemaVersion,
      pgSchema,
      audit: facts.audit,
      tables: facts.tables,
      files,
    });
    await tar.addBuffer(MANIFEST_NAME, Buffer.from(`${JSON.stringify(manifest, null, 1)}\n`));
    await tar.finish();
    await sink.close();
    sink = null;
    await rename(partial, final);
    await fsyncDir(target);
    const bytes = (await stat(final)).size;
    await recordRun(opts.db, { startedAt, status: 'ok', file: final, bytes, error: null });
    return { file: final, bytes, manifest, ms: Date.now() - t0 };
  } catch (err) {
    await sink?.close().catch(() => undefined);
    await rm(partial, { force: true }).catch(() => undefined);
    await rm(snapshotFile, { force: true }).catch(() => undefined);
    const message = err instanceof Error ? err.message : String(err);
    const failure = isDiskFull(err)
      ? new OpsError(
          'BACKUP_DISK_FULL',
          `backup failed: the disk holding ${target} is full; the partial archive was removed and the live data is untouched`,
        )
      : new OpsError(
          'BACKUP_FAILED',
          `backup failed: ${err instanceof SnapshotError ? 'snapshot: ' : ''}${message}; the partial archive was removed`,
        );
    await recordRun(opts.db, { startedAt, status: 'failed', file: null, bytes: null, error: failure.message }).catch(
      () => undefined,
    );
    throw failure;
  }
}

/** When the last successful backup finished (ISO instant), or null when none did. */
export async function lastGoodBackupAt(db: Kysely<Database>): Promise<string | null> {
  const row = await db
    .selectFrom('backup_runs')
    .select((eb) => eb.fn.max('finished_at').as('at'))
    .where('status', '=', 'ok')
    .executeTakeFirst();
  return (row?.at as string | null | undefined) ?? null;
}
