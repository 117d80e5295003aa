import { parentPort } from 'node:worker_threads';
import { DomainError } from '../../shared/errors.js';
import { cleanPdfInThread } from './clean-pdf.check.js';
import type { PdfJob, PdfReply } from './clean-pdf.js';

/**
 * Worker: checks and cleans one PDF at a time (clean-pdf.check.ts) off the server's event loop.
 * A domain refusal is sent back as its code, details and message; anything else as `failed`,
 * which the server answers with FILE_UNREADABLE.
 */

parentPort!.on('message', (job: PdfJob) => {
  void cleanPdfInThread(Buffer.from(job.bytes)).then(
    (out) => {
      const bytes = new Uint8Array(out.bytes).buffer;
      parentPort!.postMessage({ id: job.id, ok: true, bytes } satisfies PdfReply, [bytes]);
    },
    (err: unknown) => {
      const reply: PdfReply =
        err instanceof DomainError
          ? { id: job.id, ok: false, error: { code: err.code, message: err.message, details: err.details } }
          : { id: job.id, ok: false, error: null };
      parentPort!.postMessage(reply);
    },
  );
});
