import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Runs a poppler tool on `bytes` written to a temporary PDF file; returns its output. */
function poppler(tool: 'pdftotext' | 'pdfinfo', bytes: Buffer, args: string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), 'qf-pdf-'));
  try {
    const file = join(dir, 'doc.pdf');
    writeFileSync(file, bytes);
    return execFileSync(tool, [...args, file, ...(tool === 'pdftotext' ? ['-'] : [])], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text of a PDF as pdftotext (a real reader) extracts it, all whitespace removed. */
export function pdfText(bytes: Buffer): string {
  return poppler('pdftotext', bytes).replace(/\s+/g, '');
}

/** The page count pdfinfo reads from a PDF. */
export function pdfPages(bytes: Buffer): number {
  return Number(/^Pages:\s+(\d+)/m.exec(poppler('pdfinfo', bytes))?.[1]);
}
