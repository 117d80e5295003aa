/** The running app's route table, for tests that must cover every route (ladder, closed clues). */

/** `METHOD /path` of every route Fastify has, parsed from `printRoutes()` (HEAD twins dropped). */
export function registeredRoutes(tree: string): string[] {
  const out: string[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /^((?:[│ ] {3})*)(?:├── |└── )(.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    stack.length = m[1]!.length / 4;
    stack.push(m[2]!);
    const path = stack.join('').replace(/:(\w+)/g, '{$1}');
    for (const method of (m[3] ?? '').split(', ').filter(Boolean)) {
      if (method !== 'HEAD' && !path.startsWith('/api/docs')) out.push(`${method} ${path}`);
    }
  }
  return out.sort();
}
