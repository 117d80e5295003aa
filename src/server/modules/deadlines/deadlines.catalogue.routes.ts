import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Enum, Nullable, Obj, Ok, Str, errorResponses } from '../../http/schema.js';
import {
  listTimerRules,
  setTimerOverride,
  timerRuleHistory,
  withdrawTimerOverride,
} from './deadlines.catalogue.service.js';
import { TIMER_STAGES } from './deadlines.rules.js';
import { OverrideBody, RuleVersionSchema, TimerKind } from './deadlines.schema.js';

const KindParams = Obj({ kind: TimerKind }, { description: 'Path parameters' });
const OverrideParams = Obj(
  {
    kind: TimerKind,
    regionCode: Str('Province (two digits and ten zeros) or county code', { pattern: '^\\d{12}$' }),
  },
  { description: 'Path parameters' },
);

/** Routes of the timer catalogue: national defaults, province and county overrides, history. */
export const timerRuleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/timer-rules',
    {
      config: { access: { permission: 'timer.read' } },
      schema: {
        tags: ['calendar'],
        summary: 'The timer catalogue: every legal timer with its national default and the overrides in force',
        response: {
          200: Obj(
            {
              items: Type.Array(
                Obj(
                  {
                    kind: TimerKind,
                    label: Str('Chinese name'),
                    stage: Enum(TIMER_STAGES, 'Pipeline stage'),
                    national: Nullable(RuleVersionSchema),
                    overrides: Type.Array(RuleVersionSchema, { description: 'Province and county overrides in force' }),
                  },
                  { description: 'Timer' },
                ),
                { description: 'Timers' },
              ),
              places: Type.Array(
                Obj(
                  {
                    code: Str('Province or county code'),
                    name: Str('Name'),
                    level: Enum(['province', 'county'] as const, 'Level'),
                  },
                  { description: 'Place' },
                ),
                { description: 'Where an override may be set: the provinces and counties of the platform' },
              ),
            },
            { description: 'Catalogue' },
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => listTimerRules(req.ctx),
  );

  app.get(
    '/api/timer-rules/:kind/versions',
    {
      config: { access: { permission: 'timer.read' } },
      schema: {
        tags: ['calendar'],
        summary:
          "History of one timer's rules at every level, newest first (each clock names the version it started under)",
        params: KindParams,
        response: {
          200: Obj({ items: Type.Array(RuleVersionSchema, { description: 'Versions' }) }, { description: 'History' }),
          ...errorResponses,
        },
      },
    },
    async (req) => timerRuleHistory(req.ctx, req.params.kind),
  );

  app.put(
    '/api/timer-rules/:kind/overrides/:regionCode',
    {
      config: { access: { permission: 'timer.manage' } },
      schema: {
        tags: ['calendar'],
        summary:
          "Set a province's or county's rule for a timer (a new version; clocks started from now on use it). Stricter than the law only; a timer the nation lacks becomes a local timer",
        params: OverrideParams,
        body: OverrideBody,
        response: { 200: RuleVersionSchema, ...errorResponses },
      },
    },
    async (req) => setTimerOverride(req.ctx, req.params.kind, req.params.regionCode, req.body),
  );

  app.post(
    '/api/timer-rules/:kind/overrides/:regionCode/withdrawal',
    {
      config: { access: { permission: 'timer.manage' } },
      schema: {
        tags: ['calendar'],
        summary: "Withdraw a province's or county's rule (the level above applies to clocks started from now on)",
        params: OverrideParams,
        body: Obj({ reason: Str('Why', { min: 2, max: 500 }) }, { description: 'Withdrawal' }),
        response: { 200: Ok, ...errorResponses },
      },
    },
    async (req) => {
      await withdrawTimerOverride(req.ctx, req.params.kind, req.params.regionCode, req.body.reason);
      return { ok: true as const };
    },
  );
};
