/**
 * PDF cleaning off the event loop. pdf-lib parses and rewrites a PDF synchronously in long
 * stretches (a 9 MB file held the event loop for over half a second), so the check and rewrite
 * (clean-pdf.check.ts) run in worker threads: a small pool of at most `PDF_WORKERS` workers, each
 * cleaning one file at a time, started on first use and stopped after `PDF_WORKER_IDLE_MS` idle.
 * A file that takes longer than `PDF_CLEAN_TIMEOUT_MS` (a pathological PDF) has its worker
 * terminated and is refused with FILE_UNREADABLE, as is a file that crashes or exhausts its
 * worker. The errors are those of the in-thread check: FILE_ACTIVE_CONTENT and FILE_UNREADABLE.
 * A pool, not one worker per file: starting a worker and loading pdf-lib costs more than
 * cleaning a small PDF (see docs/benchmarks.md).
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { type ErrorCode, domainError } from '../../shared/errors.js';
import { type CleanedFile, unreadable } from './clean-image.js';

/** Longest a PDF may take to check and clean before its worker is stopped and the file refused. */
export const PDF_CLEAN_TIMEOUT_MS = 10_000;

/** Most PDF workers alive at once (files beyond it wait their turn). */
export const PDF_WORKERS = Math.max(1, Math.min(2, availableParallelism() - 1));

/** An idle worker is stopped after this long, so its memory goes back. */
export const PDF_WORKER_IDLE_MS = 30_000;

/** Old-generation heap limit of a PDF worker: a file that needs more is refused, not the server's memory. */
const PDF_WORKER_HEAP_MB = 1024;

/** A job sent to a worker: the whole file, transferred. */
export interface PdfJob {
  id: number;
  bytes: ArrayBuffer;
}

/** A worker's answer: the cleaned file (transferred), a domain refusal, or `error: null` for any other failure. */
export type PdfReply =
  | { id: number; ok: true; bytes: ArrayBuffer }
  | { id: number; ok: false; error: { code: string; message: string; details: unknown } | null };

/** Under tsx or vitest the sources are .ts and the worker needs the tsx loader; the build is .js. */
const FROM_SOURCE = import.meta.url.endsWith('.ts');

interface PoolWorker {
  worker: Worker;
  idleTimer: NodeJS.Timeout | null;
  retired: boolean;
}

const idle: PoolWorker[] = [];
let alive = 0;
let nextId = 1;
const waiting: ((w: PoolWorker) => void)[] = [];

function spawn(): PoolWorker {
  const url = new URL(FROM_SOURCE ? './clean-pdf.worker-dev.mjs' : './clean-pdf.worker.js', import.meta.url);
  const worker = new Worker(url, { resourceLimits: { maxOldGenerationSizeMb: PDF_WORKER_HEAP_MB } });
  alive += 1;
  const w: PoolWorker = { worker, idleTimer: null, retired: false };
  // An error is followed by the exit handled below; without a listener an idle worker's error would be thrown in the server.
  worker.on('error', () => undefined);
  worker.once('exit', () => {
    // The thread is gone: its place in the pool goes to the next waiting file.
    retire(w);
    alive -= 1;
    const next = waiting.shift();
    if (next) next(spawn());
  });
  return w;
}

/** Takes a worker out of the pool (once) and stops it; its exit frees its place. */
function retire(w: PoolWorker): void {
  if (w.retired) return;
  w.retired = true;
  if (w.idleTimer) clearTimeout(w.idleTimer);
  const i = idle.indexOf(w);
  if (i >= 0) idle.splice(i, 1);
  void w.worker.terminate();
}

/** A free worker: an idle one, a new one while fewer than PDF_WORKERS run, or the next one released. */
function acquire(): Promise<PoolWorker> {
  const w = idle.pop();
  if (w) {
    if (w.idleTimer) clearTimeout(w.idleTimer);
    w.idleTimer = null;
    w.worker.ref();
    return Promise.resolve(w);
  }
  if (alive < PDF_WORKERS) return Promise.resolve(spawn());
  return new Promise((resolve) => waiting.push(resolve));
}

/** Hands a healthy worker to the next waiting file, or parks it (unref'd, so it never keeps the process alive). */
function release(w: PoolWorker): void {
  const next = waiting.shift();
  if (next) return next(w);
  w.worker.unref();
  w.idleTimer = setTimeout(() => retire(w), PDF_WORKER_IDLE_MS);
  w.idleTimer.unref();
  idle.push(w);
}

/** Runs one job on `w`; settles once, whichever of answer, error, exit or time limit comes first. */
function run(w: PoolWorker, input: Buffer, timeoutMs: number): Promise<CleanedFile> {
  return new Promise((resolve, reject) => {
    const id = nextId++;
    const cleanup = () => {
      clearTimeout(timer);
      w.worker.off('message', onMessage);
      w.worker.off('error', onFailure);
      w.worker.off('exit', onFailure);
    };
    const onMessage = (reply: PdfReply) => {
      if (reply.id !== id) return;
      cleanup();
      release(w);
      if (reply.ok) return resolve({ bytes: Buffer.from(reply.bytes), contentType: 'application/pdf' });
      if (reply.error) {
        const e = reply.error;
        return reject(domainError(e.code as ErrorCode, e.details, e.message));
      }
      reject(unreadable('pdf', 'PDF 文件已损坏或无法识别，请重新选择'));
    };
    const onFailure = () => {
      // A crash or an exhausted heap: the file is refused, the worker replaced.
      cleanup();
      retire(w);
      reject(unreadable('pdf', 'PDF 文件已损坏或无法识别，请重新选择'));
    };
    const timer = setTimeout(() => {
      cleanup();
      retire(w);
      reject(unreadable('pdf', 'PDF 文件过于复杂，无法在限定时间内检查；请用“打印为 PDF”另存一份后再上传'));
    }, timeoutMs);
    w.worker.on('message', onMessage);
    w.worker.once('error', onFailure);
    w.worker.once('exit', onFailure);
    // A copy is transferred, so the caller's buffer stays usable.
    const bytes = new Uint8Array(input).buffer;
    w.worker.postMessage({ id, bytes } satisfies PdfJob, [bytes]);
  });
}

/**
 * Checks and cleans a PDF in a worker thread (see the file comment and clean-pdf.check.ts).
 * Returns the rewritten file; throws FILE_ACTIVE_CONTENT or FILE_UNREADABLE (also when the
 * check takes longer than `opts.timeoutMs`, default PDF_CLEAN_TIMEOUT_MS).
 */
export async function cleanPdf(input: Buffer, opts: { timeoutMs?: number } = {}): Promise<CleanedFile> {
  const w = await acquire();
  return run(w, input, opts.timeoutMs ?? PDF_CLEAN_TIMEOUT_MS);
}

/** How many PDF worker threads exist (until they have exited) and how many are idle (for tests and diagnostics). */
export function pdfWorkerStats(): { alive: number; idle: number } {
  return { alive, idle: idle.length };
}
