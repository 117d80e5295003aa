import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTION_LABELS, AUDIT_RESOURCE_LABELS } from '../../src/server/shared/audit.codes.js';

/** Every non-test server source file. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.ts$/.test(name) && !/\.test\.ts$/.test(name) ? [path] : [];
  });
}

const text = sources('src/server').map((f) => readFileSync(f, 'utf8'));
/** The literal codes that `key: '<code>'` (or a conditional's branches) gives in the server's source. */
function literals(key: string, shape: RegExp): Set<string> {
  const out = new Set<string>();
  const re = new RegExp(`${key}: ([^,\\n}]+)`, 'g');
  for (const t of text)
    for (const m of t.matchAll(re))
      for (const lit of m[1]!.matchAll(/'([^']+)'/g)) if (shape.test(lit[1]!)) out.add(lit[1]!);
  return out;
}

describe('audit log labels', () => {
  it('names in Chinese every action the server writes, so the audit page never shows a bare code', () => {
    const actions = literals('action', /^[a-z_]+\.[a-z_]+$/);
    expect(actions.size).toBeGreaterThan(40);
    expect([...actions].filter((a) => !(a in AUDIT_ACTION_LABELS)).sort()).toEqual([]);
  });

  it('names in Chinese every resource type the server writes', () => {
    const types = literals('resourceType', /^[a-z_]+$/);
    expect(types.size).toBeGreaterThan(10);
    expect([...types].filter((t) => !(t in AUDIT_RESOURCE_LABELS)).sort()).toEqual([]);
  });
});
