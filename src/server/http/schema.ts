import { type ObjectOptions, type TOptional, type TProperties, type TSchema, Type } from '@sinclair/typebox';

/**
 * Schema helpers for routes. Every object rejects unknown fields, and every field carries a
 * description (it feeds the OpenAPI document; a test checks that none is missing).
 */

/** An object schema that rejects unknown properties. */
export function Obj<T extends TProperties>(props: T, opts: ObjectOptions & { description: string }) {
  return Type.Object(props, { additionalProperties: false, ...opts });
}

/** Makes every property of `props` optional (for PATCH bodies). */
export function allOptional<T extends TProperties>(props: T): { [K in keyof T]: TOptional<T[K]> } {
  return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, Type.Optional(v)])) as {
    [K in keyof T]: TOptional<T[K]>;
  };
}

/** A bounded string field. */
export function Str(description: string, opts: { min?: number; max?: number; pattern?: string; format?: string } = {}) {
  return Type.String({
    description,
    minLength: opts.min ?? 0,
    maxLength: opts.max ?? 200,
    ...(opts.pattern ? { pattern: opts.pattern } : {}),
    ...(opts.format ? { format: opts.format } : {}),
  });
}

/** A calendar date `YYYY-MM-DD` (China Standard Time). */
export function DateStr(description: string) {
  return Type.String({ description, pattern: '^\\d{4}-\\d{2}-\\d{2}$', maxLength: 10, format: 'date' });
}

/** An ISO-8601 UTC instant. */
export function Instant(description: string) {
  return Type.String({ description, format: 'date-time' });
}

/** A UUID identifier. */
export function Id(description: string) {
  return Type.String({ description, format: 'uuid', maxLength: 36 });
}

/** A region code: 12 digits (GB/T 2260 extended to village level), 15 for a villager group. */
export function RegionCode(description: string) {
  return Type.String({ description, pattern: '^(\\d{12}|\\d{15})$' });
}

/** A nullable variant of `schema`. */
export function Nullable<T extends TSchema>(schema: T) {
  return Type.Union([schema, Type.Null()], { description: (schema as { description?: string }).description });
}

/** An integer field. */
export function Int(description: string, opts: { min?: number; max?: number } = {}) {
  return Type.Integer({ description, minimum: opts.min ?? 0, maximum: opts.max ?? 2_147_483_647 });
}

/** A boolean field. */
export function Bool(description: string) {
  return Type.Boolean({ description });
}

/** A string enum. */
export function Enum<const T extends readonly string[]>(values: T, description: string) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], description });
}

/** Paging query parameters shared by every list. */
export const PageQuery = {
  page: Type.Integer({ description: 'Page number, from 1', minimum: 1, maximum: 100000, default: 1 }),
  pageSize: Type.Integer({ description: 'Rows per page (at most 200)', minimum: 1, maximum: 200, default: 50 }),
};

/**
 * A page of a list: `items` with `total`, `page` and `pageSize`. `extra` adds fields after
 * `total` (e.g. an unread count); `total` rewords that field where the count is special.
 */
export function PagedOf<T extends TSchema, E extends TProperties = Record<never, never>>(
  item: T,
  description: string,
  opts: { total?: string; extra?: E } = {},
) {
  return Obj(
    {
      items: Type.Array(item, { description: 'The rows of this page' }),
      total: Int(opts.total ?? 'Rows matching the filters'),
      ...(opts.extra as E),
      page: Int('Page number'),
      pageSize: Int('Rows per page'),
    },
    { description },
  );
}

/** Path parameters of a single record: its `id`, then any `more` (e.g. a child's id). */
export function IdParams<E extends TProperties = Record<never, never>>(id: string, more?: E) {
  return Obj({ id: Id(id), ...(more as E) }, { description: 'Path parameters' });
}

/** The error body every failing request returns. */
export const ErrorBody = Obj(
  {
    error: Obj(
      {
        code: Str('Stable error code (see docs/errors.md)'),
        message: Str('Human-readable message (Chinese)', { max: 2000 }),
        details: Type.Optional(Type.Unknown({ description: 'Machine-readable details' })),
        requestId: Type.Optional(Str('Request id, also in the x-request-id header')),
      },
      { description: 'Error' },
    ),
  },
  { description: 'Error response' },
);

/** An empty success body. */
export const Ok = Obj({ ok: Type.Literal(true, { description: 'Always true' }) }, { description: 'Success' });

/** Standard error responses for OpenAPI. */
export const errorResponses = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
};
