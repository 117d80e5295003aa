/**
 * The ceiling of the ledger export: exceljs's streaming writer writing BENCH_XLSX_ROWS rows of
 * constant data (BENCH_XLSX_COLUMNS columns, text like the ledger's) to /dev/null, in a process of
 * the same type as the server (`node --import tsx`). Resets the peak-RSS counter
 * (/proc/self/clear_refs) before writing and prints `BENCH_XLSX {json}` with the time, the RSS
 * before and the peak RSS (VmHWM) during the write.
 */
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';

function kb(key: 'VmHWM' | 'VmRSS'): number {
  const m = readFileSync('/proc/self/status', 'utf8').match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm'));
  return m ? Number(m[1]) / 1024 : NaN;
}

async function main(): Promise<void> {
  const rows = Number(process.env.BENCH_XLSX_ROWS ?? 100_000);
  const columns = Number(process.env.BENCH_XLSX_COLUMNS ?? 18);
  // Warm the module and the JIT on a small sheet first, as the server has served requests before.
  for (const n of [2000]) {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: createWriteStream('/dev/null') });
    const ws = wb.addWorksheet('warm');
    for (let i = 0; i < n; i++) ws.addRow(Array.from({ length: columns }, () => '渑纪信〔2026〕0000001号')).commit();
    ws.commit();
    await wb.commit();
  }
  global.gc?.();
  const before = kb('VmRSS');
  try {
    writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    /* older kernels: the peak then includes the warm-up */
  }
  const t = performance.now();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: createWriteStream('/dev/null'),
    useStyles: true,
    useSharedStrings: false,
  });
  const ws = wb.addWorksheet('台账');
  ws.columns = Array.from({ length: columns }, (_, i) => ({ header: `列${i}`, width: 16 }));
  ws.getRow(1).font = { bold: true };
  const row = Array.from({ length: columns }, (_, i) =>
    i === columns - 1 ? '第1件：反映在低保评定中优亲厚友的问题，涉及金额约12万元。' : '渑纪信〔2026〕0000001号',
  );
  for (let i = 0; i < rows; i++) ws.addRow(row).commit();
  ws.commit();
  await wb.commit();
  const ms = performance.now() - t;
  console.log(`BENCH_XLSX ${JSON.stringify({ rows, ms, rssBefore: before, hwm: kb('VmHWM') })}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
