#!/usr/bin/env node
// Architecture rules that a lint rule on one file cannot see (part of `npm run check`):
//  1. no cycle between modules (an import of another module's index counts, types included);
//  2. a module writes only the tables it owns (declared in `modules/<m>/<m>.tables.ts`);
//  3. no module source file over MAX_LINES lines (split it along its seams).
// Deep imports between modules are refused by the eslint rule `qingfeng/module-boundaries`.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const MODULES = path.join(ROOT, 'src', 'server', 'modules');
const MAX_LINES = 600;

/** Every .ts file under a folder. */
function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const modules = readdirSync(MODULES).filter((m) => statSync(path.join(MODULES, m)).isDirectory());
const problems = [];
const isTest = (f) => /\.test\.ts$/.test(f);

// Tables each module owns, from the keys of its `<Module>Tables` interface.
const owner = new Map();
for (const m of modules) {
  const file = path.join(MODULES, m, `${m}.tables.ts`);
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    continue;
  }
  const block = /export interface \w+Tables \{([^}]*)\}/.exec(text);
  if (!block) problems.push(`${path.relative(ROOT, file)}: no "export interface <Module>Tables { … }"`);
  for (const [, table] of block?.[1].matchAll(/^\s*([a-z_]+):/gm) ?? []) {
    if (owner.has(table)) problems.push(`table ${table} is declared by both ${owner.get(table)} and ${m}`);
    owner.set(table, m);
  }
}

const graph = new Map(modules.map((m) => [m, new Set()]));
const WRITE =
  /\b(?:insertInto|updateTable|deleteFrom|replaceInto)\(\s*'([a-z_]+)(?: as \w+)?'|\binsertRow\w*\([^,()]+,\s*'([a-z_]+)'/g;
const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^'";]*?from\s*'([^']+)'|import\(\s*'([^']+)'\s*\)/g;

for (const m of modules) {
  for (const file of walk(path.join(MODULES, m))) {
    if (isTest(file)) continue;
    const text = readFileSync(file, 'utf8');
    const rel = path.relative(ROOT, file);
    const lines = text.split('\n').length;
    if (lines > MAX_LINES) problems.push(`${rel}: ${lines} lines (at most ${MAX_LINES}: split it along its seams)`);
    for (const [, a, b] of text.matchAll(IMPORT)) {
      const spec = a ?? b;
      if (!spec.startsWith('.')) continue;
      const target = path.resolve(path.dirname(file), spec);
      if (!target.startsWith(MODULES + path.sep)) continue;
      const other = path.relative(MODULES, target).split(path.sep)[0];
      if (other !== m) graph.get(m).add(other);
    }
    for (const match of text.matchAll(WRITE)) {
      const table = match[1] ?? match[2];
      const by = owner.get(table);
      if (by === undefined) continue; // platform tables (settings) belong to no module
      if (by !== m) {
        const line = text.slice(0, match.index).split('\n').length;
        problems.push(`${rel}:${line}: writes table ${table}, which the ${by} module owns (ask it through a function)`);
      }
    }
  }
}

// Cycles: depth-first search, reporting each cycle once by its smallest rotation.
const seen = new Set();
const cycles = new Set();
function visit(node, stack) {
  if (stack.includes(node)) {
    const cycle = stack.slice(stack.indexOf(node));
    const start = cycle.indexOf([...cycle].sort()[0]);
    cycles.add([...cycle.slice(start), ...cycle.slice(0, start)].join(' → '));
    return;
  }
  if (seen.has(node)) return;
  for (const next of graph.get(node) ?? []) visit(next, [...stack, node]);
  seen.add(node);
}
for (const m of modules) visit(m, []);
for (const c of cycles) problems.push(`module cycle: ${c} → ${c.split(' → ')[0]}`);

if (process.argv.includes('--graph')) {
  for (const [m, deps] of graph) console.log(`${m} → ${[...deps].sort().join(', ') || '—'}`);
}
if (problems.length) {
  console.error(`architecture: ${problems.length} problem(s)\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`architecture: ${modules.length} modules, no cycle, tables written only by their owners`);
