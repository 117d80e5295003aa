/**
 * Names for the JSON the server sends and accepts. Every type here is an alias onto
 * `schema.gen.ts`, which `npm run openapi` generates from the route schemas (it is not tracked:
 * build, check and test generate it), so a changed route schema changes these types and the
 * type checker finds the pages it breaks. The document has no named schemas: types are taken by path and method.
 * Code lists come from the shared `src/server/shared/*.codes.ts` files. Names follow
 * GLOSSARY.md; instants are ISO-8601 UTC strings, calendar dates `YYYY-MM-DD`.
 */
import type { Permission, PermissionClass } from '../../../../src/server/shared/access.codes.js';
import type { paths } from './schema.gen.js';

export * from '../../../../src/server/shared/access.codes.js';
export * from '../../../../src/server/shared/org.codes.js';
export * from '../../../../src/server/shared/zones.codes.js';

/** A path of the API, as the OpenAPI document spells it (`/api/units/{id}`). */
export type ApiPath = keyof paths;

/** HTTP methods, as the generated types spell them. */
export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

type Operation<P extends ApiPath, M extends Method> = NonNullable<paths[P][M]>;

type JsonOf<R> = R extends { content: { 'application/json': infer J } } ? J : never;

/** The JSON a route answers with on success (its 200 or 201 response). */
export type ResponseOf<P extends ApiPath, M extends Method> =
  Operation<P, M> extends { responses: infer R }
    ? R extends { 200: infer OK }
      ? JsonOf<OK>
      : R extends { 201: infer Created }
        ? JsonOf<Created>
        : never
    : never;

/** The JSON body a route accepts. */
export type BodyOf<P extends ApiPath, M extends Method> =
  Operation<P, M> extends { requestBody?: infer B } ? JsonOf<NonNullable<B>> : never;

/** The query parameters a route accepts (paging parameters are optional: they have defaults). */
export type QueryOf<P extends ApiPath, M extends Method> =
  Operation<P, M> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

/** One page of a server-side list. */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** Answer of login, me, password change and TOTP activation (abilities typed as permissions). */
export type SessionPayload = Omit<ResponseOf<'/api/auth/me', 'get'>, 'abilities'> & {
  /** The caller's permissions; the route schema types them as plain strings. */
  abilities: Permission[];
};

/** The signed-in user as returned by login and `/api/auth/me`. */
export type SessionUser = SessionPayload['user'];

/** The restriction that forces a user onto one page before anything else. */
export type Restriction = SessionUser['restriction'];

/** One of the caller's sessions. */
export type SessionItem = ResponseOf<'/api/auth/sessions', 'get'>['items'][number];

/** A pending TOTP secret, shown once at enrolment. */
export type TotpSecret = ResponseOf<'/api/auth/totp/setup', 'post'>;

/** A region (行政区划). */
export type Region = ResponseOf<'/api/regions/{code}', 'get'>;

/** A unit (单位). */
export type Unit = ResponseOf<'/api/units/{id}', 'get'>;

/** A collaboration zone (协作区) as listed. */
export type Zone = ResponseOf<'/api/zones', 'get'>['items'][number];

/** A township currently in a zone. */
export type ZoneTownship = Zone['townships'][number];

/** A zone with its history. */
export type ZoneDetail = ResponseOf<'/api/zones/{id}', 'get'>;

/** One membership of a township or dispatched group in a zone, over time. */
export type ZoneMembership = ZoneDetail['memberships'][number];

/** One person holding a zone role, over time. */
export type ZoneRoleHolding = ZoneDetail['roles'][number];

/** A discipline inspection cadre (纪检监察干部). */
export type Staff = ResponseOf<'/api/staff/{id}', 'get'>;

/** Gender as stored. */
export type Gender = NonNullable<Staff['gender']>;

/** A person under supervision (监督对象). */
export type Subject = ResponseOf<'/api/subjects/{id}', 'get'>;

/** An account as listed by user management. */
export type UserAccount = ResponseOf<'/api/users', 'get'>['items'][number];

/** An entry of the permission catalogue (the route schema types name and class as plain strings). */
export type PermissionInfo = Omit<ResponseOf<'/api/permissions', 'get'>['items'][number], 'name' | 'class'> & {
  name: Permission;
  class: PermissionClass;
};

/** A role (the route schema types its permissions as plain strings). */
export type Role = Omit<ResponseOf<'/api/roles', 'get'>['items'][number], 'permissions'> & {
  permissions: Permission[];
};

/** A role given to a user with a data scope. */
export type RoleAssignment = ResponseOf<'/api/role-assignments', 'get'>['items'][number];

/** One audit event. `changes` maps a field to `[before, after]`. */
export type AuditEvent = ResponseOf<'/api/audit-events', 'get'>['items'][number];

/** Result of verifying the audit hash chain. */
export type AuditVerification = ResponseOf<'/api/audit-events/verification', 'post'>;

/** A year of the working-day calendar, as listed. */
export type CalendarYearSummary = ResponseOf<'/api/calendar/years', 'get'>['items'][number];

/** A year of the calendar with its special days. */
export type CalendarYear = ResponseOf<'/api/calendar/years/{year}', 'get'>;

/** One special day. */
export type CalendarDay = CalendarYear['days'][number];

/** Kind of special day: a holiday off (放假) or a make-up working day (调休上班). */
export type CalendarDayKind = CalendarDay['kind'];

/** Answer of the deadline calculator. */
export type DeadlineResult = ResponseOf<'/api/calendar/deadline', 'get'>;

/** Units of a deadline (from the query: the answer's schema types `unit` as a plain string). */
export type DeadlineUnit = QueryOf<'/api/calendar/deadline', 'get'>['unit'];

/** Answer of a successful (or dry-run) organisation import. */
export type ImportResult = ResponseOf<'/api/organisation/import', 'post'>;

/** Counts of an organisation import, per sheet. */
export type ImportCounts = ImportResult['imported'];

/**
 * One rejected row of an import. Hand-written: the rows travel in the `details` of an
 * IMPORT_REJECTED error, which the OpenAPI document does not describe.
 */
export interface ImportRejectedRow {
  sheet: string;
  row: number;
  field: string | null;
  code: string;
  message: string;
}

/** A commission's numbering patterns. */
export type NumberingPatterns = ResponseOf<'/api/units/{id}/numbering-patterns', 'get'>;
