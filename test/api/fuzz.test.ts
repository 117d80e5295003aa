import ExcelJS from 'exceljs';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES, type ErrorCode } from '../../src/server/shared/errors.js';
import { Client, type TestEnv, startTestEnv, testDialects } from '../../src/server/test/harness.js';
import { idCheckCharacter } from '../../src/server/shared/id-number.js';
import { closedCase, makeCase, makeTransferredCase } from '../../src/server/test/case-factories.js';
import { ctxAs, unitOf, villageOf } from '../../src/server/test/factories.js';
import { inTransaction } from '../../src/server/shared/context.js';
import { importSanction } from '../../src/server/modules/sanctions/index.js';
import { makeVillageClerk } from '../../src/server/test/micro-power-factories.js';
import { ROSTER_UPLOAD_HEADERS } from '../../src/server/shared/qr-supervision.codes.js';

/**
 * Property tests over every route of the OpenAPI document, signed in as an account that may use
 * it: malformed bodies, query strings, path parameters and headers never make the server fail
 * (no 5xx), every refusal has the documented error shape with a known code, and a body with a
 * field the route does not declare is never accepted.
 */

type Res = LightMyRequestResponse;
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

interface Schema {
  type?: string;
  format?: string;
  pattern?: string;
  enum?: Json[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  maxItems?: number;
  nullable?: boolean;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  anyOf?: Schema[];
}

interface Param {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema: Schema;
}

interface Route {
  method: string;
  path: string;
  key: string;
  params: Param[];
  body: Schema | null;
  /** Takes a multipart/form-data upload (field `file`). */
  multipart: boolean;
}

const NUM_RUNS = 20;
/** Routes that cost a password hash or a whole workbook per request get fewer runs. */
const HEAVY = /^(POST \/api\/auth\/(login|logout)|GET .*\.xlsx|POST \/api\/organisation\/import)$/;
const HEAVY_RUNS = 5;
const SEED = Number(process.env.FUZZ_SEED ?? 20261122);
const MISSING_ID = '00000000-0000-4000-8000-000000000000';

// ---------------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------------

/** Strings that have broken servers before. */
const NASTY: string[] = [
  '',
  ' ',
  '0',
  '-1',
  '1e309',
  'NaN',
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  "' OR 1=1 --",
  "'; drop table users; --",
  '" OR ""="',
  '1; select pg_sleep(1)',
  '%',
  '%%',
  '_',
  '\\',
  '\\x00',
  '\u0000',
  '\ud800',
  '\udfff',
  'a\ud83dz',
  '\ufeff',
  '\u202e\u2066',
  '\u00a0',
  '𠮷𠮷',
  '清风'.repeat(50),
  '../../../../etc/passwd',
  '..%2f..%2f',
  '%2e%2e/',
  '<script>alert(1)</script>',
  '${7*7}{{7*7}}',
  '__proto__',
  'constructor',
  'hasOwnProperty',
  '2026-02-30',
  '2026-13-01',
  '9999-99-99',
  '0000-00-00',
  '2026-11-20T25:61:61Z',
  '411200000000',
  '4112000000001234',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  MISSING_ID.toUpperCase(),
  'x'.repeat(300),
  'y'.repeat(5000),
];

const nastyString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...NASTY),
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.integer({ min: 0, max: 3 }).chain((i) => fc.constant(['a', 'é', '中', '\ud83d\ude00'][i]!.repeat(20_000))),
);

const numberAsString: fc.Arbitrary<string> = fc.oneof(
  fc.integer().map(String),
  fc.double({ noNaN: false }).map(String),
  fc.constantFrom('1', '0', '-0', '1.0', '01', '0x10', '1e3', ' 1', 'Infinity'),
);

function nested(depth: number, leaf: Json, asArray: boolean): Json {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = asArray ? [v] : { a: v };
  return v;
}

/** A nested value, shallow enough for JSON.stringify in the test itself. */
const deep: fc.Arbitrary<Json> = fc
  .tuple(fc.integer({ min: 20, max: 400 }), fc.boolean())
  .map(([d, arr]) => nested(d, 'deep', arr));

/** JSON text nested far deeper than any real body (written directly, not stringified). */
const deepText: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 1000, max: 200_000 }), fc.boolean())
  .map(([d, arr]) => (arr ? '['.repeat(d) + '1' + ']'.repeat(d) : '{"a":'.repeat(d) + '1' + '}'.repeat(d)));

/** A value of a type (or shape) other than the declared one. */
function wrongFor(schema: Schema): fc.Arbitrary<Json> {
  const type = schema.type;
  const options: fc.Arbitrary<Json>[] = [
    fc.constantFrom<Json>([], {}, [null], { a: 1 }),
    deep,
    fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
  ];
  if (type !== 'string') options.push(nastyString, numberAsString);
  if (type === 'string' || type === undefined) {
    options.push(
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.constant('z'.repeat((schema.maxLength ?? 200) + 1)),
      fc.constant('a'.repeat(300_000)),
    );
  }
  if (type === 'integer' || type === 'number') {
    options.push(
      numberAsString,
      fc.constantFrom<Json>(0.5, -1, 2 ** 31, 2 ** 53 + 2, -(2 ** 63), 1e308, -1e308, Number.MIN_VALUE),
      fc.integer({ min: (schema.maximum ?? 0) + 1, max: (schema.maximum ?? 0) + 1000 }),
    );
  }
  if (type !== 'boolean') options.push(fc.boolean(), fc.constantFrom<Json>('true', 'false', 0, 1));
  if (!schema.nullable && !schema.anyOf) options.push(fc.constant(null));
  if (schema.enum) options.push(nastyString);
  if (schema.format || schema.pattern) options.push(nastyString);
  return fc.oneof(...options);
}

/** A value that roughly fits `schema` (it may still be refused by the server: ids do not exist…). */
function valueFor(schema: Schema, depth = 0): fc.Arbitrary<Json> {
  if (schema.anyOf) return fc.oneof(...schema.anyOf.map((s) => valueFor(s, depth)));
  if (schema.enum) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case 'string':
      if (schema.format === 'uuid') return fc.oneof(fc.uuid(), fc.constant(MISSING_ID));
      if (schema.format === 'date' || schema.pattern === '^\\d{4}-\\d{2}-\\d{2}$') {
        return fc
          .date({ min: new Date('1950-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
          .map((d) => d.toISOString().slice(0, 10));
      }
      if (schema.format === 'date-time') {
        return fc
          .date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
          .map((d) => d.toISOString());
      }
      if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern));
      return fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 50, 50) });
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1000, max: Math.min(schema.maximum ?? 1_000_000, 1_000_000) });
    case 'number':
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return depth > 4
        ? fc.constant([])
        : fc.array(valueFor(schema.items ?? {}, depth + 1), { maxLength: Math.min(schema.maxItems ?? 3, 3) });
    case 'object': {
      if (schema.nullable && schema.enum) return fc.constant(null);
      const props = schema.properties ?? {};
      if (depth > 4 || Object.keys(props).length === 0) return fc.constant({});
      const model: Record<string, fc.Arbitrary<Json>> = {};
      for (const [k, s] of Object.entries(props)) model[k] = valueFor(s, depth + 1);
      return fc.record(model, {
        requiredKeys: (schema.required ?? []).filter((k) => k in props),
      });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>;
  }
}

/** An object-shaped body: declared fields (each possibly wrong), maybe unknown extra fields. */
interface BodyCase {
  label: string;
  payload: string | Buffer;
  contentType: string;
  /** Carries a field the route's body schema does not declare. */
  unknownField: boolean;
}

const json = (label: string, value: unknown, unknownField = false): BodyCase => ({
  label,
  payload: JSON.stringify(value),
  contentType: 'application/json',
  unknownField,
});

function bodyCases(schema: Schema | null): fc.Arbitrary<BodyCase> {
  const props = schema?.properties ?? {};
  const names = Object.keys(props);
  const declared = (k: string) => Object.hasOwn(props, k);
  const base: fc.Arbitrary<Record<string, Json>> = schema
    ? (valueFor({ ...schema, type: 'object' }) as fc.Arbitrary<Record<string, Json>>)
    : fc.constant({});
  const unknownKey = fc
    .oneof(
      fc.constantFrom('__proto__', 'constructor', 'prototype', 'isAdmin', 'id', 'permissions', 'Version', 'name '),
      fc.string({ minLength: 1, maxLength: 20 }),
    )
    .filter((k) => !declared(k));
  const cases: fc.Arbitrary<BodyCase>[] = [
    fc.jsonValue().map((v) => json('random JSON value', v)),
    fc.constantFrom<Json>(null, 0, '', [], true, 'x').map((v) => json('non-object body', v)),
    deep.map((v) => json('deeply nested body', v)),
    deepText.map((t) => ({
      label: 'very deeply nested body',
      payload: t,
      contentType: 'application/json',
      unknownField: false,
    })),
    fc
      .tuple(base, unknownKey, fc.jsonValue({ maxDepth: 2 }))
      .map(([b, k, v]) =>
        json('unknown field', Object.defineProperty({ ...b }, k, { value: v, enumerable: true }), true),
      ),
    fc
      .tuple(base, fc.array(fc.string({ minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 5 }))
      .filter(([, ks]) => ks.some((k) => !declared(k)))
      .map(([b, ks]) =>
        json(
          'unknown fields',
          ks.reduce((o, k) => Object.defineProperty(o, k, { value: 1, enumerable: true }), { ...b }),
          true,
        ),
      ),
    fc.tuple(base, fc.integer({ min: 0, max: 3 })).map(([b, i]) => {
      const raw = Buffer.from(JSON.stringify({ ...b, __bytes__: 'X' }));
      const marker = raw.indexOf('X"');
      const bad = [
        Buffer.from([0xff, 0xfe]),
        Buffer.from([0xc3]),
        Buffer.from([0xed, 0xa0, 0x80]),
        Buffer.from([0xe2, 0x82]),
      ][i]!;
      return {
        label: 'invalid UTF-8 in a string',
        payload: Buffer.concat([raw.subarray(0, marker), bad, raw.subarray(marker + 1)]),
        contentType: 'application/json',
        unknownField: true,
      };
    }),
  ];
  if (names.length > 0) {
    const field = fc.constantFrom(...names);
    cases.push(
      base.map((b) => json('plausible body', b)),
      fc
        .tuple(base, field)
        .chain(([b, k]) => wrongFor(props[k]!).map((w) => json(`wrong type for ${k}`, { ...b, [k]: w }))),
      fc
        .tuple(base, field)
        .chain(([b, k]) => numberAsString.map((w) => json(`number as string for ${k}`, { ...b, [k]: w }))),
      fc.tuple(base, field).map(([b, k]) => json(`huge string for ${k}`, { ...b, [k]: 'h'.repeat(400_000) })),
      fc.tuple(base, field).chain(([b, k]) => nastyString.map((s) => json(`nasty string for ${k}`, { ...b, [k]: s }))),
    );
  }
  return fc.oneof(...cases);
}

/** encodeURIComponent that survives lone surrogates (they cannot be percent-encoded). */
function enc(v: string): string {
  try {
    return encodeURIComponent(v);
  } catch {
    return encodeURIComponent(v.replace(/[\ud800-\udfff]/g, '\ufffd'));
  }
}

const queryString: (route: Route) => fc.Arbitrary<string> = (route) => {
  const declared = route.params.filter((p) => p.in === 'query');
  const pair = fc.tuple(
    fc.oneof(
      ...(declared.length ? [fc.constantFrom(...declared.map((p) => p.name))] : []),
      fc.string({ maxLength: 10 }),
      fc.constantFrom('page', 'pageSize', 'q', '__proto__', 'a[b]', 'a[]'),
    ),
    fc.oneof(
      nastyString.map((v) => v.slice(0, 300)),
      numberAsString,
      ...declared.map((p) => valueFor(p.schema).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)))),
    ),
  );
  return fc.oneof(
    fc.array(pair, { maxLength: 6 }).map((pairs) => pairs.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&')),
    // Raw garbage: stray escapes, separators, repeats.
    fc.constantFrom(
      '%zz',
      'q=%',
      'page=1&page=2&page=x',
      '&&&=&=',
      'q=%00',
      'pageSize=1e2',
      'page=0x10',
      'q=%ff%fe',
      '=',
      'q',
      'a=1;b=2',
      `q=${'%41'.repeat(4000)}`,
    ),
  );
};

/**
 * A path parameter. Fastify refuses parameters over 100 characters before routing; those are
 * covered by their own test below, so the property stays within the limit.
 */
const pathValue: fc.Arbitrary<string> = fc
  .oneof(
    nastyString.map((s) => enc(s.slice(0, 30))),
    fc.constantFrom(
      '..',
      '.',
      '..%2F..%2Fapi%2Fusers',
      '%2e%2e',
      '%252e',
      'a'.repeat(100),
      '1'.repeat(20),
      '-1',
      '2026.5',
      '9'.repeat(100),
    ),
    fc.uuid(),
  )
  .filter((v) => decodeURIComponent(v).length <= 100);

const headerValue = fc.string({ unit: 'binary-ascii', maxLength: 200 }).map((s) => s.replace(/[^\x20-\x7e]/g, ''));

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'APPLICATION/JSON',
  'text/plain',
  'text/html',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'multipart/form-data; boundary=----x',
  'application/octet-stream',
  'application/json, text/plain',
  ';',
  '',
];

/** A multipart/form-data body with the given parts. */
function multipart(boundary: string, parts: { name: string; filename?: string; data: Buffer | string }[]): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const file = p.filename === undefined ? '' : `; filename="${p.filename}"`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${file}\r\n\r\n`));
    chunks.push(Buffer.isBuffer(p.data) ? p.data : Buffer.from(p.data));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

/** A cell value for a fuzzed workbook: real-looking, wrong-typed or nasty. */
const cellValue: fc.Arbitrary<Json> = fc.oneof(
  nastyString.map((v) => v.slice(0, 32_000)),
  numberAsString,
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.uuid(),
  fc.constantFrom<Json>(
    'county',
    'township',
    'village',
    'commission',
    'male',
    'female',
    'county_managed',
    '2026-01-01',
    '411221000000',
  ),
);

// ---------------------------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------------------------

const KNOWN_CODES = new Set(Object.keys(ERROR_CODES));

/** Throws (with the request) unless the response is a non-5xx, well-formed answer. */
function check(res: Res, what: string, opts: { unknownField?: boolean } = {}): void {
  const tag = `${what} → ${res.statusCode} ${res.body.slice(0, 300)}`;
  if (res.statusCode >= 500) throw new Error(`server error: ${tag}`);
  if (res.statusCode >= 400) {
    let body: { error?: { code?: unknown; message?: unknown } };
    try {
      body = res.json();
    } catch {
      throw new Error(`error body is not JSON: ${tag}`);
    }
    const code = body.error?.code;
    if (typeof code !== 'string' || !KNOWN_CODES.has(code)) throw new Error(`unknown error code: ${tag}`);
    if (typeof body.error?.message !== 'string' || body.error.message === '')
      throw new Error(`error without message: ${tag}`);
    if (ERROR_CODES[code as ErrorCode].status !== res.statusCode)
      throw new Error(`status does not match ${code}: ${tag}`);
    if (!String(res.headers['x-request-id'] ?? '')) throw new Error(`no x-request-id: ${tag}`);
  }
  if (opts.unknownField && res.statusCode < 300) throw new Error(`unknown body field accepted: ${tag}`);
}

/** A decided state sanction (imported from history) with a 复审 lodged on it, for the appeal routes. */
async function fuzzAppeal(env: TestEnv, casemgr: Client): Promise<{ sanctionId: string; appealId: string }> {
  const db = env.ctx().db;
  const subject = await db.selectFrom('subjects').selectAll().orderBy('id').executeTakeFirstOrThrow();
  const leaderUnit = await db
    .selectFrom('users')
    .select('unit_id')
    .where('username', '=', 'leader')
    .executeTakeFirstOrThrow();
  const row = await inTransaction(await ctxAs(env, 'casemgr'), (tx) =>
    importSanction(tx, {
      person: { name: subject.name, authority: 'other', partyMember: false, regionCode: subject.region_code },
      outcome: { system: 'state', kind: 'demerit' },
      decidedOn: '2026-11-01',
      summary: '模糊测试用的政务处分',
      ownerUnitId: leaderUnit.unit_id!,
    }),
  );
  const lodged = await casemgr.post(`/api/sanctions/${row.id}/appeals`, {
    kind: 'state_review',
    applicant: subject.name,
    grounds: '模糊测试',
    receivedDecisionOn: '2026-11-02',
    appliedOn: '2026-11-03',
  });
  if (lodged.statusCode !== 201) throw new Error(`appeal fixture: ${lodged.body}`);
  return { sanctionId: row.id, appealId: lodged.json().id as string };
}

// ---------------------------------------------------------------------------------------------
// The suite
// ---------------------------------------------------------------------------------------------

/** The demo account that may use a route, by module; a new module must be added here. */
/** The pseudo account of the informants' phone routes: an informant signed in by invitation and PIN. */
const INFORMANT_PHONE = 'informant:phone';

/** An informant of township1's first village, signed in on a phone (its session cookie and CSRF token). */
async function informantPhone(env: TestEnv): Promise<Client> {
  const t1 = await env.as('township1');
  const village = await villageOf(env, 'township1');
  const outpost = await t1.post('/api/grid/outposts', { regionCode: village, head: '模糊测试主任', deputies: [] });
  const group = await env
    .ctx()
    .db.selectFrom('regions')
    .select('code')
    .where('parent_code', '=', village)
    .orderBy('code')
    .executeTakeFirstOrThrow();
  const first17 = '41122119900101123';
  const made = await t1.post('/api/grid/informants', {
    outpostId: outpost.json().id,
    groupCode: group.code,
    name: '模糊测试监督员',
    phone: '13700000000',
    idNumber: first17 + idCheckCharacter(first17),
    termStart: '2026-01-01',
    termEnd: '2029-12-31',
    trainings: [],
  });
  const inv = await t1.post(`/api/grid/informants/${made.json().id}/invitations`);
  const res = await env.anon().post('/api/informant/activation', { token: inv.json().token, pin: '123789' });
  if (res.statusCode !== 200) throw new Error(`informantPhone: ${res.statusCode} ${res.body}`);
  const session = res.cookies.find((x) => x.name === 'qf_informant')!.value;
  return new Client(env.app, `qf_informant=${session}`, res.json<{ csrfToken: string }>().csrfToken);
}

function holderOf(route: Route): string | null {
  const p = route.path;
  if (p === '/api/health' || p === '/api/auth/login' || p.startsWith('/api/public/')) return null;
  if (p === '/api/auth/logout') return 'tstaff1';
  if (p.startsWith('/api/auth/')) return 'leader';
  if (/^\/api\/(regions|units|zones|staff|subjects|organisation)(\/|$)/.test(p)) return 'orgadmin';
  if (/^\/api\/users\/[^/]+\/declared-relations$/.test(p)) return 'leader';
  if (/^\/api\/(users|calendar|timer-rules|report-settings|clue-settings|recusal-settings)(\/|$)/.test(p))
    return 'sysadmin';
  if (/^\/api\/(permissions|roles|role-assignments|security-events)(\/|$)/.test(p)) return 'secadmin';
  if (/^\/api\/audit-(events|anchors)(\/|$)/.test(p)) return 'auditadmin';
  if (/^\/api\/(reports|deadlines)(\/|$)/.test(p)) return 'intake';
  if (/^\/api\/(notifications|workbench)(\/|$)/.test(p)) return 'leader';
  if (/^\/api\/(declared-relations|conflict-checks|recusals)(\/|$)/.test(p)) return 'leader';
  if (/^\/api\/approval-posts(\/|$)/.test(p)) return 'orgadmin';
  if (/^\/api\/approvals(\/|$)/.test(p)) return 'leader';
  if (/^\/api\/clues\/[^/]+\/(assignment|assignment-candidates|member-removals)$/.test(p)) return 'zone1';
  if (/^\/api\/(clues|clue-meetings)(\/|$)/.test(p)) return 'casemgr';
  if (/^\/api\/clue-pools(\/|$)/.test(p)) return 'zone1';
  // cases: team, actions and evidence (forming the team needs case.assign: the zone leader)
  if (/^\/api\/cases\/[^/]+\/(team|conflict-checks)$/.test(p)) return 'zone1';
  if (/^\/api\/cases\/[^/]+\/team\/candidates$/.test(p)) return 'zone1';
  if (/^\/api\/cases\/[^/]+\/authorization$/.test(p)) return 'zone1';
  if (/^\/api\/cases(\/|$)/.test(p)) return 'casemgr';
  if (/^\/api\/case-measures\/approver-levels\//.test(p)) return 'sysadmin';
  if (/^\/api\/case-measures(\/|$)/.test(p)) return 'casemgr';
  // quality review: the review office organises and examines (quality.manage)
  if (/^\/api\/(quality-checklist|quality-reviews|quality-problems)(\/|$)/.test(p)) return 'reviewer';
  // review (审理): the resubmission is the case team's; the panel is the zone's; settings the system administrator's
  if (/^\/api\/reviews\/[^/]+\/resubmission$/.test(p)) return 'casemgr';
  if (/^\/api\/reviews\/[^/]+\/panel$/.test(p)) return 'zone1';
  if (/^\/api\/reviews\/[^/]+\/panel-candidates$/.test(p)) return 'zone1';
  if (/^\/api\/reviews(\/|$)/.test(p)) return 'reviewer';
  if (/^\/api\/review-settings(\/|$)/.test(p)) return 'sysadmin';
  // sanctions: appeals (申诉、复审、复核): the case management office (sanction.manage over the county)
  if (/^\/api\/sanctions\/[^/]+\/appeals$/.test(p)) return 'casemgr';
  if (/^\/api\/sanction-appeals(\/|$)/.test(p)) return 'casemgr';
  // sanctions: the ledger's exports and counts are the leader's; one record's routes are township1's,
  // who holds the fuzzed 留党察看 (sanction.manage in its township); the four-forms mapping is the
  // system administrator's
  if (/^\/api\/sanctions\/(under-effect|counts)/.test(p)) return 'leader';
  if (/^\/api\/sanctions\/[^/]+(\/|$)/.test(p)) return 'township1';
  if (/^\/api\/(sanctions|integrity-files)(\/|$)/.test(p)) return 'leader';
  if (/^\/api\/sanction-four-forms(\/|$)/.test(p)) return 'sysadmin';
  // recommendations and rectification documents: township1 issues (rectification.manage over its township)
  if (/^\/api\/(recommendations|rectification-items)(\/|$)/.test(p)) return 'township1';
  if (/^\/api\/rectification-unit-escalations(\/|$)/.test(p)) return 'township1';
  // meetings: the zone leader convenes (meeting.manage over the zone); inspections and checklists: the 党风政风监督室
  if (/^\/api\/meetings(\/|$)/.test(p)) return 'zone1';
  if (/^\/api\/(inspections|checklist-templates)(\/|$)/.test(p)) return 'supervisor';
  // village disclosure: the supervision committee signs and returns, the township sets the cycle; the clerk prepares
  if (/^\/api\/disclosure\/schedules/.test(p)) return 'township1';
  if (/^\/api\/disclosure\/batches\/[^/]+\/(signature|return)/.test(p)) return 'village1';
  if (/^\/api\/disclosure(\/|$)/.test(p)) return 'vclerk1';
  // small powers: a village clerk made in beforeAll records uses; the 党风政风监督室 configures and reads
  if (route.method === 'POST' && /^\/api\/micro-power-uses(\/[^/]+\/(steps|closure))?$/.test(p)) return 'fuzz_mp_clerk';
  if (/^\/api\/micro-power-(items|uses)(\/|$)/.test(p)) return 'supervisor';
  // QR supervision: the department liaison manages its department's items and rosters
  if (/^\/api\/(qr-items|subsidy-rosters)(\/|$)/.test(p)) return 'dept1';
  // grid supervision: the township manages; the county's rules are the supervision office's; the
  // informants' phone routes are fuzzed with an informant's phone session (a staff session is not one)
  if (p === '/api/grid/score-rules') return 'supervisor';
  if (/^\/api\/grid(\/|$)/.test(p)) return 'township1';
  // (sign-out would end the shared phone session: fuzzed without one)
  if (/^\/api\/informant\/(activation|sign-in|sign-out)$/.test(p)) return null;
  if (/^\/api\/informant(\/|$)/.test(p)) return INFORMANT_PHONE;
  throw new Error(`no fuzzing account for ${route.key}: add it to holderOf() in test/api/fuzz.test.ts`);
}

describe.each(testDialects())('fuzzing every route on $name', ({ name }) => {
  let env: TestEnv;
  let routes: Route[];
  let ids: Record<string, string>;
  /** The organisation workbook as exported: sheet name → rows (row 0: headers). */
  let sheets: { name: string; rows: Json[][] }[];
  const clients = new Map<string, Client>();

  async function client(username: string): Promise<Client> {
    let c = clients.get(username);
    if (!c && username === INFORMANT_PHONE) {
      c = await informantPhone(env);
      clients.set(username, c);
    }
    if (!c) {
      c = await env.as(username);
      clients.set(username, c);
    }
    return c;
  }

  /** Real ids for path parameters, so requests get past routing into the handlers. */
  function pathOf(route: Route, override?: (param: string) => string): string {
    return route.path.replace(/\{(\w+)\}/g, (_, p: string) => {
      if (override) return override(p);
      const key = `${route.path.split('/')[2]}.${p}`;
      const id = ids[key] ?? ids[p];
      if (!id) throw new Error(`no id for ${key} in ${route.key}`);
      return id;
    });
  }

  async function send(
    route: Route,
    opts: {
      url?: string;
      payload?: string | Buffer;
      contentType?: string | undefined;
      headers?: Record<string, string>;
      /** Replace the holder's cookie / CSRF token (undefined: send none). */
      cookie?: string | undefined;
      csrf?: string | undefined;
    } = {},
  ): Promise<Res> {
    const holder = holderOf(route);
    const c = holder ? await client(holder) : null;
    const headers: Record<string, string> = {};
    const cookie = 'cookie' in opts ? opts.cookie : c?.cookie;
    const csrf = 'csrf' in opts ? opts.csrf : c?.csrf;
    if (cookie !== undefined && cookie !== null) headers.cookie = cookie;
    if (csrf !== undefined && csrf !== null) headers['x-csrf-token'] = csrf;
    const contentType = 'contentType' in opts ? opts.contentType : 'application/json';
    if (opts.payload !== undefined && contentType !== undefined) headers['content-type'] = contentType;
    Object.assign(headers, opts.headers);
    const res = await env.app.inject({
      method: route.method as 'GET',
      url: opts.url ?? pathOf(route),
      headers,
      ...(opts.payload !== undefined ? { payload: opts.payload } : {}),
    });
    // Signing out ends the fuzzing session: sign in again for the next run.
    if (route.path === '/api/auth/logout' && res.statusCode === 200 && holder) clients.delete(holder);
    return res;
  }

  /** Runs `property` for every route in `list`; collects every route's failure instead of stopping. */
  async function forEachRoute<Ts extends [unknown, ...unknown[]]>(
    list: Route[],
    property: (route: Route) => fc.IAsyncProperty<Ts>,
  ): Promise<void> {
    const failures: string[] = [];
    for (const route of list) {
      const details = await fc.check(property(route), {
        numRuns: HEAVY.test(route.key) ? HEAVY_RUNS : NUM_RUNS,
        seed: SEED,
        endOnFailure: true,
      });
      if (details.failed) {
        const err =
          details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
        failures.push(`${route.key}: ${err.split('\n')[0]}`);
      }
    }
    expect(failures).toEqual([]);
  }

  beforeAll(async () => {
    env = await startTestEnv(name);
    const doc = (await env.anon().get('/api/docs/json')).json<{
      paths: Record<
        string,
        Record<
          string,
          {
            parameters?: Param[];
            requestBody?: { content: Record<string, { schema: Schema }> };
            consumes?: string[];
            description?: string;
          }
        >
      >;
    }>();
    routes = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      if (path.startsWith('/api/docs')) continue;
      for (const [method, op] of Object.entries(ops)) {
        routes.push({
          method: method.toUpperCase(),
          path,
          key: `${method.toUpperCase()} ${path}`,
          params: op.parameters ?? [],
          body: op.requestBody?.content['application/json']?.schema ?? null,
          multipart:
            op.requestBody?.content['multipart/form-data'] !== undefined ||
            (op.consumes ?? []).includes('multipart/form-data') ||
            /multipart\/form-data/.test(op.description ?? ''),
        });
      }
    }
    for (const r of routes) holderOf(r);

    // A throwaway account for the account routes, so fuzzing never disables a demo account.
    const sys = await client('sysadmin');
    const made = await sys.post('/api/users', {
      username: 'fuzzed',
      displayName: '模糊测试',
      password: 'Fuzzed-Pass-2026',
    });
    expect(made.statusCode, made.body).toBe(201);
    const org = await client('orgadmin');
    // A real report, so fuzzed steps reach the workflow's state checks.
    const aReport = async (): Promise<string> => {
      const sent = await env.anon().post('/api/public/reports', {
        regionCode: '411221000000',
        named: true,
        reporter: { name: '模糊测试', phone: '13900000000' },
        subject: { name: '某某' },
        content: '模糊测试用的举报内容，至少十个字。',
      });
      expect(sent.statusCode, sent.body).toBe(201);
      return (await (await client('intake')).get('/api/reports?pageSize=1')).json().items[0].id as string;
    };
    const zone = (await org.get('/api/zones')).json().items[0];
    const detail = (await org.get(`/api/zones/${zone.id}`)).json();
    ids = {
      'regions.code': (await org.get('/api/regions')).json().items[0].code,
      'units.id': (await org.get('/api/units')).json().items[0].id,
      'zones.id': zone.id,
      membershipId: detail.memberships[0].id,
      roleId: detail.roles[0].id,
      'staff.id': (await org.get('/api/staff')).json().items[0].id,
      'subjects.id': (await org.get('/api/subjects')).json().items[0].id,
      'users.id': made.json().id,
      'roles.id': (
        (await (await client('secadmin')).get('/api/roles')).json().items as { id: string; key: string }[]
      ).find((r) => r.key === 'reviewer')!.id,
      'role-assignments.id': MISSING_ID,
      'auth.id': MISSING_ID,
      'reports.id': await aReport(),
      'notifications.id': MISSING_ID,
      'workbench.card': 'reports.new',
      'deadlines.id': MISSING_ID,
      'timer-rules.kind': 'handle',
      regionCode: '411221000000',
      attachmentId: MISSING_ID,
      'reports.file': 'visit_record.pdf',
      'public.file': 'reporting_guide.pdf',
      'public.code': (await org.get('/api/regions?level=village')).json().items[0].code,
      series: 'report',
      'declared-relations.id': MISSING_ID,
      'conflict-checks.id': MISSING_ID,
      'recusals.id': MISSING_ID,
      // An empty year, so a lucky valid body does not rewrite the demo calendar.
      year: '2099',
      'approvals.id': MISSING_ID,
      'approvals.file': 'approval_form.pdf',
    };
    // A real clue (and meeting), so fuzzed corrections and reports reach the clue's checks.
    const casemgr = await client('casemgr');
    const clue = await casemgr.post('/api/clues', {
      sourceKind: 'audit',
      summary: '模糊测试用的线索',
      categories: [],
      regionCode: ids['public.code']!,
      subjects: [{ name: '某某', rank: 'unit_principal' }],
    });
    expect(clue.statusCode, clue.body).toBe(201);
    ids['clues.id'] = clue.json().id as string;
    ids['clue-meetings.id'] = MISSING_ID;
    ids['clues.roundId'] = MISSING_ID;
    ids['clues.file'] = 'assignment_opinion.pdf';
    // A real filed case, so fuzzed case writes reach the case's checks.
    ids['cases.id'] = (await makeCase(env)).id;
    // cases: team, actions and evidence (an item id that names nothing; the team's documents)
    ids['cases.itemId'] = MISSING_ID;
    ids['cases.fileId'] = MISSING_ID;
    ids['cases.file'] = 'property_list.pdf';
    // cases: modes and the zone's rules
    ids['cases.recId'] = MISSING_ID;
    ids['cases.file'] ??= 'case_authorization.pdf';
    ids['cases.measureId'] = MISSING_ID;
    ids['cases.file'] = 'detention_decision.pdf';
    ids['case-measures.id'] = MISSING_ID;
    ids['cases.planId'] = MISSING_ID;
    ids['cases.file'] = 'case_filing_decision.pdf';
    // quality review: a review with a closed case picked for the review office (its examiner).
    const reviewer = await client('reviewer');
    const closed = await closedCase(env, { filing: { handling: { mode: 'self', reason: 'simple' } } });
    const people = await env.ctx().db.selectFrom('users').select(['id', 'username']).execute();
    const personId = (u: string) => people.find((x) => x.username === u)!.id;
    const quality = await reviewer.post('/api/quality-reviews', {
      title: '模糊测试评查',
      kind: 'ad_hoc',
      panel: [personId('zone1'), personId('reviewer')],
    });
    expect(quality.statusCode, quality.body).toBe(201);
    ids['quality-reviews.id'] = quality.json().id as string;
    const picked = await reviewer.post(`/api/quality-reviews/${ids['quality-reviews.id']}/cases`, {
      version: 1,
      caseId: closed.id,
      examinerId: personId('reviewer'),
    });
    expect(picked.statusCode, picked.body).toBe(201);
    ids['quality-reviews.caseId'] = closed.id;
    ids['quality-reviews.file'] = 'problem_list.pdf';
    ids['quality-problems.id'] = MISSING_ID;
    ids['quality-problems.fileId'] = MISSING_ID;
    // review (审理): a real review awaiting acceptance, so fuzzed writes reach its checks
    ids['reviews.id'] = (await makeTransferredCase(env)).reviewId;
    ids['reviews.file'] = 'review_report.pdf';
    const sanctionOwner = await unitOf(env, 'township1');
    const sanctionRegion = await villageOf(env, 'township1');
    // sanctions: a decided 1-year 留党察看 of township1's, so fuzzed notices and outcomes reach their checks
    ids['sanctions.id'] = (
      await inTransaction(await ctxAs(env, 'township1'), async (tx) =>
        importSanction(tx, {
          person: { name: '模某', authority: 'village_cadre', partyMember: true, regionCode: sanctionRegion },
          outcome: { system: 'party', kind: 'probation', probationYears: 1 },
          decidedOn: '2026-06-01',
          approvingBody: 'township_party_committee',
          summary: '模糊测试的留党察看',
          ownerUnitId: sanctionOwner,
        }),
      )
    ).id;
    ids['sanctions.file'] = 'party_decision.pdf';
    ids['integrity-files.id'] = MISSING_ID;
    // sanction records: a real step name (the record is the 留党察看 above)
    ids['sanctions.step'] = 'announced';
    // sanctions: appeals: a decided state sanction (imported) with a 复审 lodged, so fuzzed writes reach its checks
    const appealed = await fuzzAppeal(env, await client('casemgr'));
    ids['sanctions.id'] ??= appealed.sanctionId;
    ids['sanction-appeals.id'] = appealed.appealId;
    ids['sanction-appeals.file'] = 'appeal_decision.pdf';
    // recommendations: a draft of township1's to the first village's 村民委员会, so fuzzed writes reach its checks
    const drafted = await (
      await client('township1')
    ).post('/api/recommendations', {
      kind: 'supervision',
      subject: '模糊测试监察建议',
      recipientUnitId: await unitOf(env, 'vcadre1'),
    });
    expect(drafted.statusCode, drafted.body).toBe(201);
    ids['recommendations.id'] = drafted.json().id as string;
    ids['recommendations.file'] = 'recommendation.pdf';
    // the rectification ledger: a real item of township1's for the village committee, so fuzzed writes reach its checks
    const item = await (
      await client('township1')
    ).post('/api/rectification-items', {
      source: 'audit',
      problem: '模糊测试的整改问题',
      ownerUnitId: await unitOf(env, 'vcadre1'),
      dueOn: '2027-06-30',
    });
    expect(item.statusCode, item.body).toBe(201);
    ids['rectification-items.id'] = item.json().id as string;
    ids['rectification-items.file'] = 'notice.pdf';
    ids['rectification-items.fileId'] = MISSING_ID;
    ids['rectification-items.extensionId'] = MISSING_ID;
    ids['rectification-items.escalationId'] = MISSING_ID;
    // a unit's own records (recommendations refused without good reason): an unknown id (the 404 path)
    ids['rectification-unit-escalations.id'] = MISSING_ID;
    ids['rectification-unit-escalations.file'] = 'accountability_record.pdf';
    // meetings, inspections and checklist templates: unknown ids (the handlers' 404 paths)
    ids['meetings.id'] = MISSING_ID;
    ids['meetings.file'] = 'meeting_minutes.pdf';
    ids['inspections.id'] = MISSING_ID;
    ids['inspections.fileId'] = MISSING_ID;
    ids['inspections.findingId'] = MISSING_ID;
    ids['inspections.file'] = 'plan.pdf';
    ids['checklist-templates.id'] = MISSING_ID;
    // village disclosure: a submitted month of the first village's clerk, so fuzzed steps reach their checks
    const clerkVillage = (
      await env
        .ctx()
        .db.selectFrom('units')
        .select('region_code')
        .where('id', '=', await unitOf(env, 'vclerk1'))
        .executeTakeFirstOrThrow()
    ).region_code;
    const month = await (
      await client('vclerk1')
    ).post('/api/disclosure/batches', {
      regionCode: clerkVillage,
      kind: 'finance',
      period: '2026-09',
      openingBalance: 100,
      closingBalance: 50,
      lines: [
        {
          voucherNo: '记-001',
          occurredOn: '2026-09-03',
          direction: 'expense',
          counterparty: '张某某',
          amount: 50,
          paymentMethod: 'cash',
          purpose: '模糊测试',
          category: '管理费用',
        },
      ],
    });
    expect(month.statusCode, month.body).toBe(201);
    ids['disclosure.id'] = month.json().id as string;
    ids['grid.id'] = MISSING_ID;
    ids['informant.id'] = MISSING_ID;
    expect(
      (await (await client('vclerk1')).post(`/api/disclosure/batches/${ids['disclosure.id']}/submission`, {}))
        .statusCode,
    ).toBe(200);
    ids['disclosure.regionCode'] = clerkVillage;
    ids['public.regionCode'] = clerkVillage;
    ids['public.kind'] = 'finance';
    ids['public.period'] = '2026-09';
    // small powers: a real item version and an open use of it, recorded by a clerk made for the run
    const mpVillage = (await makeVillageClerk(env, 'fuzz_mp_clerk', '模糊测试村务专干')).regionCode;
    const mpItem = (await (await client('supervisor')).get('/api/micro-power-items?pageSize=1')).json().items[0]
      .id as string;
    ids['micro-power-items.id'] = mpItem;
    ids['micro-power-uses.id'] = (
      await (
        await client('fuzz_mp_clerk')
      ).post('/api/micro-power-uses', {
        itemId: mpItem,
        villageCode: mpVillage,
        title: '模糊测试的权力运行',
        startedOn: '2026-11-19',
      })
    ).json().id as string;
    // QR supervision: a published item of dept1's department (its public page too) and a roster
    const qrItem = await (
      await client('dept1')
    ).post('/api/qr-items', {
      kind: 'fund',
      title: '模糊测试资金',
      year: 2026,
      summary: '模糊测试',
      allocations: [{ regionCode: clerkVillage, amount: 100 }],
    });
    expect(qrItem.statusCode, qrItem.body).toBe(201);
    ids['qr-items.id'] = qrItem.json().id as string;
    ids['public.id'] = ids['qr-items.id'];
    expect((await (await client('dept1')).post(`/api/qr-items/${ids['qr-items.id']}/publication`, {})).statusCode).toBe(
      200,
    );
    const rosterBook = new ExcelJS.Workbook();
    const rosterSheet = rosterBook.addWorksheet('发放名册');
    rosterSheet.addRow([...ROSTER_UPLOAD_HEADERS]);
    rosterSheet.addRow([
      '张建国',
      '41122119800101123' + idCheckCharacter('41122119800101123'),
      '张建国',
      '6228480012345678',
      '张建国',
      105,
      '2026-10-15',
      '王局长',
    ]);
    const roster = await (
      await client('dept1')
    ).upload(
      '/api/subsidy-rosters/imports',
      { title: '模糊测试补贴', year: '2026' },
      { name: 'roster.xlsx', bytes: Buffer.from(await rosterBook.xlsx.writeBuffer()) },
    );
    expect(roster.statusCode, roster.body).toBe(201);
    ids['subsidy-rosters.id'] = roster.json().id as string;

    const exported = await org.get('/api/organisation/export.xlsx');
    expect(exported.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(exported.rawPayload as unknown as ArrayBuffer);
    sheets = wb.worksheets.map((ws) => {
      const rows: Json[][] = [];
      ws.eachRow((row, n) => {
        if (n <= 12)
          rows.push(
            (row.values as unknown[])
              .slice(1)
              .map((v): Json =>
                v instanceof Date
                  ? v.toISOString()
                  : typeof v === 'object' && v !== null
                    ? JSON.stringify(v)
                    : (v as Json),
              ),
          );
      });
      return { name: ws.name, rows };
    });
    expect(sheets.length).toBeGreaterThan(0);
  });
  afterAll(async () => env?.close());

  it('finds the routes to fuzz', () => {
    expect(routes.length).toBeGreaterThan(40);
    expect(routes.filter((r) => r.body).length).toBeGreaterThan(15);
  });

  it('survives malformed bodies, and never accepts an unknown field', { timeout: 180_000 }, async () => {
    const writes = routes.filter((r) => r.method !== 'GET' && r.method !== 'HEAD');
    await forEachRoute(writes, (route) =>
      fc.asyncProperty(bodyCases(route.body), async (c) => {
        const res = await send(route, { payload: c.payload, contentType: c.contentType });
        check(res, `${route.key} [${c.label}] ${String(c.payload).slice(0, 200)}`, {
          unknownField: c.unknownField && route.body !== null,
        });
      }),
    );
  });

  it('survives random query strings', { timeout: 180_000 }, async () => {
    await forEachRoute(routes, (route) =>
      fc.asyncProperty(queryString(route), async (q) => {
        const withBody = route.method !== 'GET' && route.method !== 'DELETE';
        const res = await send(route, { url: `${pathOf(route)}?${q}`, ...(withBody ? { payload: '{}' } : {}) });
        check(res, `${route.key} ?${q.slice(0, 200)}`);
      }),
    );
  });

  it('survives random path parameters', { timeout: 180_000 }, async () => {
    const withParams = routes.filter((r) => r.path.includes('{'));
    await forEachRoute(withParams, (route) =>
      fc.asyncProperty(pathValue, fc.nat(), async (value, which) => {
        const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
        const target = names[which % names.length]!;
        const url = pathOf(route, (p) =>
          p === target ? value : (ids[`${route.path.split('/')[2]}.${p}`] ?? ids[p] ?? MISSING_ID),
        );
        const withBody = route.method !== 'GET' && route.method !== 'DELETE';
        const res = await send(route, { url, ...(withBody ? { payload: '{}' } : {}) });
        check(res, `${route.key} ${url.slice(0, 200)}`);
        // A malformed id is refused, never found.
        if (/^([0-9a-f-]{36}|\d{4}|\d{12}|\d{15})$/i.test(decodeURIComponent(value))) return;
        if (res.statusCode < 400) throw new Error(`${route.key} accepted ${url.slice(0, 200)}`);
      }),
    );
  });

  it('survives malformed headers: content types, cookies and CSRF tokens', { timeout: 180_000 }, async () => {
    const REAL = "<the session's own>";
    await forEachRoute(routes, (route) =>
      fc.asyncProperty(
        fc.record({
          contentType: fc.option(fc.oneof(fc.constantFrom(...CONTENT_TYPES), headerValue), { nil: undefined }),
          cookie: fc.option(
            fc.oneof(
              fc.constant(REAL),
              headerValue,
              headerValue.map((v) => `qf_session=${v}`),
              fc.constantFrom(
                'qf_session=',
                'qf_session',
                `qf_session=${'a'.repeat(5000)}`,
                'qf_session=a; qf_session=b',
                '=;=;;',
                'qf_session=%zz',
              ),
            ),
            { nil: undefined },
          ),
          csrf: fc.option(
            fc.oneof(fc.constant(REAL), headerValue, fc.constantFrom('', 'x'.repeat(43), 'x'.repeat(5000))),
            { nil: undefined },
          ),
          extra: fc.constantFrom<Record<string, string>>(
            {},
            { accept: 'application/xml' },
            { 'accept-encoding': 'garbage, *;q=x' },
            { 'x-forwarded-for': '1.2.3.4, garbage' },
            { 'x-request-id': 'chosen' },
            { origin: 'https://evil.example' },
            { 'x-http-method-override': 'DELETE' },
          ),
        }),
        fc.oneof(
          fc.constant('{}'),
          fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)),
        ),
        async (h, payload) => {
          const holder = holderOf(route);
          const own = holder ? await client(holder) : null;
          const cookie = h.cookie === REAL ? (own?.cookie ?? undefined) : h.cookie;
          const csrf = h.csrf === REAL ? (own?.csrf ?? undefined) : h.csrf;
          const withBody = route.method !== 'GET' && route.method !== 'DELETE';
          const res = await send(route, {
            cookie,
            csrf,
            headers: h.extra,
            ...(withBody ? { payload, contentType: h.contentType } : {}),
          });
          check(
            res,
            `${route.key} ${JSON.stringify({ ...h, cookie: h.cookie?.slice(0, 80), csrf: h.csrf?.slice(0, 80) })}`,
          );
          // Garbage credentials are never a session.
          const forged = h.cookie !== REAL || (withBody && h.csrf !== REAL);
          if (holder && forged && res.statusCode < 300) throw new Error(`${route.key} accepted forged credentials`);
        },
      ),
    );
  });

  it('survives fuzzed workbooks uploaded to the import routes', { timeout: 180_000 }, async () => {
    const uploads = routes.filter((r) => r.multipart);
    expect(uploads.map((r) => r.key)).toContain('POST /api/organisation/import');
    const workbook = fc.record({
      sheets: fc.subarray(sheets, { minLength: 0 }),
      extraSheet: fc.option(
        fc.string({ minLength: 1, maxLength: 31 }).map((n) => n.replace(/[\\/?*[\]:]/g, '_')),
        { nil: undefined },
      ),
      edits: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat(), cellValue), { maxLength: 12 }),
      dropHeader: fc.boolean(),
      dryRun: fc.boolean(),
    });
    await forEachRoute(uploads, (route) =>
      fc.asyncProperty(workbook, async (w) => {
        const wb = new ExcelJS.Workbook();
        const chosen = w.sheets.map((sh) => ({ name: sh.name, rows: sh.rows.map((r) => [...r]) }));
        if (w.extraSheet && !chosen.some((c) => c.name === w.extraSheet))
          chosen.push({
            name: w.extraSheet,
            rows: [
              ['a', 'b'],
              [1, 2],
            ],
          });
        for (const [si, ri, ci, v] of w.edits) {
          const sheet = chosen[si % Math.max(chosen.length, 1)];
          if (!sheet || sheet.rows.length === 0) continue;
          const row = sheet.rows[ri % sheet.rows.length]!;
          row[ci % Math.max(row.length + 1, 1)] = v;
        }
        for (const sh of chosen) {
          const ws = wb.addWorksheet(sh.name);
          for (const row of w.dropHeader ? sh.rows.slice(1) : sh.rows) ws.addRow(row);
        }
        const file = Buffer.from(await wb.xlsx.writeBuffer());
        const payload = multipart('fuzzFuzz', [{ name: 'file', filename: 'fuzz.xlsx', data: file }]);
        const res = await send(route, {
          url: `${pathOf(route)}?dryRun=${w.dryRun}`,
          payload,
          contentType: 'multipart/form-data; boundary=fuzzFuzz',
        });
        check(
          res,
          `${route.key} workbook ${JSON.stringify({ sheets: chosen.map((c) => c.name), edits: w.edits, dropHeader: w.dropHeader }).slice(0, 400)}`,
        );
      }),
    );
  });

  it('answers malformed multipart uploads without a server error', async () => {
    const uploads = routes.filter((r) => r.multipart);
    const file = [{ name: 'file', filename: 'a.xlsx', data: 'not a workbook' }];
    const cases: [string, string, Buffer | string][] = [
      ['no boundary', 'multipart/form-data', multipart('b0', file)],
      ['truncated', 'multipart/form-data; boundary=b1', multipart('b1', file).subarray(0, 60)],
      ['not multipart at all', 'multipart/form-data; boundary=b2', 'garbage'],
      ['wrong boundary', 'multipart/form-data; boundary=b3', multipart('other', file)],
      ['empty', 'multipart/form-data; boundary=b4', ''],
      ['no file field', 'multipart/form-data; boundary=b5', multipart('b5', [{ name: 'note', data: 'x' }])],
      [
        'file under another name',
        'multipart/form-data; boundary=b6',
        multipart('b6', [{ name: 'upload', filename: 'a.xlsx', data: 'x' }]),
      ],
      [
        'too many fields',
        'multipart/form-data; boundary=b7',
        multipart(
          'b7',
          Array.from({ length: 20 }, (_, i) => ({ name: `f${i}`, data: 'x' })),
        ),
      ],
      ['JSON instead', 'application/json', '{"file":"x"}'],
    ];
    const failures: string[] = [];
    for (const route of uploads) {
      for (const [label, contentType, payload] of cases) {
        const res = await send(route, { url: `${pathOf(route)}?dryRun=true`, payload, contentType });
        try {
          check(res, `${route.key} [${label}]`);
          if (res.statusCode < 400) throw new Error(`${route.key} [${label}] accepted → ${res.statusCode}`);
        } catch (err) {
          failures.push((err as Error).message);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers very long path parameters in the error shape', async () => {
    const failures: string[] = [];
    for (const route of routes.filter((r) => r.path.includes('{'))) {
      for (const value of ['a'.repeat(101), '1'.repeat(5000), encodeURIComponent('清'.repeat(40))]) {
        const url = pathOf(route, () => value);
        const withBody = route.method !== 'GET' && route.method !== 'DELETE';
        const res = await send(route, { url, ...(withBody ? { payload: '{}' } : {}) });
        try {
          check(res, route.key);
          if (res.statusCode < 400) throw new Error(`${route.key} accepted a ${value.length}-character parameter`);
        } catch {
          const code = res.json<{ code?: string }>().code ?? '';
          failures.push(
            `${route.key} with a ${value.length}-character parameter → ${res.statusCode} ${code} ${res.body.slice(0, 60)}`,
          );
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('refuses text with a NUL character instead of failing (PostgreSQL cannot store it)', async () => {
    const nul = 'a\u0000b';
    const org = await client('orgadmin');
    const sys = await client('sysadmin');
    const audit = await client('auditadmin');
    const sup = await client('supervisor');
    const cases: [string, () => Promise<Res>][] = [
      ['POST /api/auth/login username', () => env.anon().post('/api/auth/login', { username: nul, password: 'x' })],
      ['GET /api/staff?q=', () => org.get('/api/staff?q=%00')],
      ['GET /api/subjects?q=', () => org.get('/api/subjects?q=a%00')],
      ['GET /api/audit-events?actor=', () => audit.get('/api/audit-events?actor=%00')],
      // Read under walkingIndexes (PostgreSQL's planner switches in a transaction of their own).
      ['GET /api/rectification-items?q=', () => sup.get('/api/rectification-items?q=a%00')],
      ['GET /api/rectification-items/counts?q=', () => sup.get('/api/rectification-items/counts?q=%00')],
      [
        'POST /api/users displayName',
        () => sys.post('/api/users', { username: 'nul.user', displayName: nul, password: 'Initial-Pass-2026' }),
      ],
      [
        'POST /api/regions name',
        () => org.post('/api/regions', { code: '411221999000', parentCode: '411221000000', name: nul }),
      ],
    ];
    const failures: string[] = [];
    for (const [label, run] of cases) {
      const res = await run();
      try {
        check(res, label);
      } catch (err) {
        failures.push((err as Error).message.slice(0, 200));
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers malformed JSON text with 400 MALFORMED_JSON', async () => {
    const bodies = ['{', '{"a":}', "{'a':1}", '[1,]', 'nul', '{"a":1}}', '\u0000', '{"a":"\\x"}', ''];
    for (const route of routes.filter((r) => r.body)) {
      for (const payload of bodies) {
        const res = await send(route, { payload });
        check(res, `${route.key} ${JSON.stringify(payload)}`);
        expect(res.statusCode, `${route.key} ${JSON.stringify(payload)}: ${res.body}`).toBe(400);
        expect(res.json().error.code, `${route.key} ${JSON.stringify(payload)}`).toBe('MALFORMED_JSON');
      }
    }
  });

  it('answers a body over 1 MB with 413 BODY_TOO_LARGE', async () => {
    const big = JSON.stringify({ name: 'b'.repeat(1024 * 1024 + 10) });
    for (const route of routes.filter((r) => r.body)) {
      const res = await send(route, { payload: big });
      check(res, `${route.key} (1 MB)`);
      expect(res.statusCode, route.key).toBe(413);
      expect(res.json().error.code).toBe('BODY_TOO_LARGE');
    }
  });

  it('never coerces body types: numbers as strings and strings as numbers are refused', async () => {
    const route = routes.find((r) => r.key === 'POST /api/auth/login')!;
    for (const body of [
      { username: 123, password: 'x' },
      { username: 'leader', password: ['x'] },
      { username: 'leader', password: 'x', totp: 123456 },
    ]) {
      const res = await send(route, { payload: JSON.stringify(body) });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
    const calendar = routes.find((r) => r.key === 'PUT /api/calendar/years/{year}')!;
    const res = await send(calendar, {
      payload: JSON.stringify({ source: 'x', days: [{ date: '2099-01-01', kind: 'holiday', name: 1 }] }),
    });
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
  });
});
