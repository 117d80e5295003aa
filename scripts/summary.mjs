// Prints the plain "N passed, N failed" line CI reads, summed over vitest JSON reports.
import { existsSync, readFileSync } from 'node:fs';

const files = process.argv.slice(2);
if (files.length === 0) files.push('.test-results/vitest.json');
let passed = 0;
let failed = 0;
let skipped = 0;
let ok = true;
// The Node that ran each report's tests, from the title of src/server/shared/runtime.test.ts.
const runtimes = [];
// Failed tests by name, with the first line of their message: printed just above the summary line,
// so the short excerpt of a CI log that survives still says which test failed and why.
const failures = [];
for (const file of files) {
  if (!existsSync(file)) {
    console.error(`missing test report ${file}`);
    failed += 1;
    ok = false;
    continue;
  }
  const r = JSON.parse(readFileSync(file, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  // A suite that fails to load counts as a failure even when no test inside it ran.
  const broken = (r.testResults ?? []).filter(
    (t) => t.status === 'failed' && (t.assertionResults ?? []).length === 0,
  ).length;
  failed += broken;
  for (const t of r.testResults ?? []) {
    const where = String(t.name ?? '').replace(/^.*?\/(src|test|bench)\//, '$1/');
    if (t.status === 'failed' && (t.assertionResults ?? []).length === 0)
      failures.push(`${where}: ${String(t.message ?? '').split('\n')[0]}`);
    for (const a of t.assertionResults ?? [])
      if (a.status === 'failed')
        failures.push(`${where} › ${a.fullName ?? a.title}: ${String(a.failureMessages?.[0] ?? '').split('\n')[0]}`);
  }
  if (!r.success) ok = false;
  const titles = (r.testResults ?? []).flatMap((t) => (t.assertionResults ?? []).map((a) => a.title ?? ''));
  const node = titles.map((t) => /supported Node \((v[\d.]+)\)/.exec(t)?.[1]).find(Boolean);
  runtimes.push(`${file.replace(/^.*\//, '')}: ${node ?? 'not recorded'}`);
}
for (const f of failures) console.log(`FAILED ${f.slice(0, 400)}`);
console.log(`(tests ran on Node: ${runtimes.join(', ')})`);
if (skipped) console.log(`(${skipped} skipped, each with a written reason in its test file)`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || !ok ? 1 : 0);
