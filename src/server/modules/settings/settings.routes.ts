/**
 * The two routes of a county setting (`GET` and `PUT <path>/:regionCode`, `setting.manage`),
 * registered by the module that declares the setting inside its own route plugin, so each keeps
 * its path, tag and words in the OpenAPI document.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type TSchema, Type } from '@sinclair/typebox';
import { Bool, Instant, Int, Nullable, Obj, RegionCode, Str, errorResponses } from '../../http/schema.js';
import type { CountySetting, CountySettingState } from './settings.county.js';

type App = Parameters<FastifyPluginAsyncTypebox>[0];

/** How a county setting's routes describe themselves. */
export interface CountySettingRouteDocs {
  /** The collection path without the parameter, e.g. `/api/report-settings`. */
  path: string;
  /** The OpenAPI tag (the declaring module). */
  tag: string;
  readSummary: string;
  setSummary: string;
  /** The description of the answer object. */
  description: string;
  /** The unit in the body's words: `Days (1–365)`; `Choice` for a setting that picks one of a few numbered options. */
  unit: 'Days' | 'Months' | 'Years' | 'Choice';
  /** The description of `isDefault`. */
  isDefaultDescription: string;
  /** When the answer names the default too: its field and description (`defaultYears`). */
  defaultField?: { name: string; description: string };
}

const CountyParam = Obj(
  { regionCode: Str('County region code', { pattern: '^\\d{12}$' }) },
  { description: 'Path parameters' },
);

const History = Type.Array(
  Obj(
    {
      before: Nullable(Int('Value before (null: the default applied)')),
      after: Int('Value set'),
      changedBy: Nullable(Str('Account that changed it')),
      changedByName: Nullable(Str('Their name')),
      changedAt: Instant('When'),
    },
    { description: 'One change' },
  ),
  { description: 'Changes, newest first (the last 50)' },
);

/** The answer's schema: region code, the value under the setting's field, isDefault, then what the docs add. */
function answerSchema(setting: CountySetting, docs: CountySettingRouteDocs): TSchema {
  return Obj(
    {
      regionCode: RegionCode('County'),
      [setting.spec.field]: setting.spec.schema,
      isDefault: Bool(docs.isDefaultDescription),
      ...(docs.defaultField ? { [docs.defaultField.name]: Int(docs.defaultField.description) } : {}),
      ...(setting.spec.history ? { history: History } : {}),
    },
    { description: docs.description },
  );
}

/** The answer of a state: the value under the setting's field, the default and history where declared. */
function present(setting: CountySetting, docs: CountySettingRouteDocs, state: CountySettingState) {
  return {
    regionCode: state.regionCode,
    [setting.spec.field]: state.value,
    isDefault: state.isDefault,
    ...(docs.defaultField ? { [docs.defaultField.name]: state.defaultValue } : {}),
    ...(setting.spec.history ? { history: state.history } : {}),
  };
}

/** Registers the read and set routes of a county setting on `app` (inside the declaring module's plugin). */
export function registerCountySettingRoutes(app: App, setting: CountySetting, docs: CountySettingRouteDocs): void {
  const { field, schema } = setting.spec;
  const response = { 200: answerSchema(setting, docs), ...errorResponses };
  const config = { access: { permission: 'setting.manage' as const } };
  app.get(
    `${docs.path}/:regionCode`,
    { config, schema: { tags: [docs.tag], summary: docs.readSummary, params: CountyParam, response } },
    async (req) => present(setting, docs, await setting.read(req.ctx, req.params.regionCode)),
  );
  const body = Obj(
    {
      [field]: Int(`${docs.unit} (${schema.minimum}–${schema.maximum})`, { min: schema.minimum, max: schema.maximum }),
    },
    { description: 'Settings' },
  );
  app.put(
    `${docs.path}/:regionCode`,
    { config, schema: { tags: [docs.tag], summary: docs.setSummary, params: CountyParam, body, response } },
    async (req) =>
      present(
        setting,
        docs,
        await setting.set(req.ctx, req.params.regionCode, (req.body as Record<string, number>)[field]!),
      ),
  );
}
