/**
 * The Node.js runtime Qingfeng supports: Node 22 from 22.14 on, and Node 24 (the LTS that
 * `npm ci` installs beside the project on linux-x64, see the README's quick start).
 *
 * The floor is set by better-sqlite3 13: its addon is built for Node-API 10, which Node has had
 * since 22.14 (and never in 20.x). On an older runtime the addon does not fail to load, it
 * crashes the process (SIGSEGV) at the first `new Database()`, so we refuse to start instead.
 */

/** Lowest supported Node version, for messages (`engines.node` in package.json says the same). */
export const MIN_NODE_VERSION = '22.14.0';

/** Node-API version better-sqlite3 13's addon is compiled for (`NAPI_VERSION` in its binding.gyp). */
export const REQUIRED_NODE_API = 10;

/**
 * Why this process cannot run Qingfeng, or null when it can: the Node major is below 22 or its
 * Node-API below `REQUIRED_NODE_API`. Reads the running process, not a `node` found on PATH.
 */
export function unsupportedRuntime(versions: NodeJS.ProcessVersions = process.versions): string | null {
  const major = Number(versions.node.split('.')[0]);
  const napi = Number(versions.napi ?? 0);
  if (major >= 22 && napi >= REQUIRED_NODE_API) return null;
  return (
    `Node v${versions.node} (Node-API ${versions.napi ?? 'none'}) is not supported: Qingfeng needs Node ` +
    `${MIN_NODE_VERSION} or later (Node 24 LTS recommended). Run it through npm (npm start, npm test, ` +
    'npm run …), which uses the Node 24 that `npm ci` installs in node_modules/.bin on linux-x64, or ' +
    'install a supported Node.'
  );
}

/** Throws (with the message of `unsupportedRuntime`) unless this process runs a supported Node. */
export function assertSupportedRuntime(): void {
  const why = unsupportedRuntime();
  if (why) throw new Error(why);
}
