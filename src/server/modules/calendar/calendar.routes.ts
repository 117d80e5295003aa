import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Bool, DateStr, Enum, Instant, Int, Obj, Str, errorResponses } from '../../http/schema.js';
import { computeDeadline, getYear, listYears, replaceYear } from './calendar.service.js';

const Day = Obj(
  {
    date: DateStr('Date'),
    kind: Enum(['holiday', 'workday'] as const, 'holiday: day off; workday: make-up working day (调休上班)'),
    name: Str('Name, e.g. 春节', { min: 1, max: 30 }),
  },
  { description: 'Special day' },
);
const YearDetail = Obj(
  {
    year: Int('Year'),
    source: Str('Source (notice number)', { max: 200 }),
    days: Type.Array(Day, { description: 'Special days', maxItems: 366 }),
  },
  { description: 'Year arrangement' },
);
const YearParam = Obj({ year: Int('Year', { min: 2000, max: 2100 }) }, { description: 'Path parameters' });

/** Routes of the working-day calendar (holidays, make-up days, deadline calculator). */
export const calendarRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/calendar/years',
    {
      config: { access: { permission: 'calendar.read' } },
      schema: {
        tags: ['calendar'],
        summary: 'Years with a loaded arrangement',
        response: {
          200: Obj(
            {
              items: Type.Array(
                Obj(
                  {
                    year: Int('Year'),
                    source: Str('Source', { max: 200 }),
                    holidayCount: Int('Days off'),
                    workdayCount: Int('Make-up working days'),
                    updatedAt: Instant('Last change'),
                    loaded: Bool(
                      'Counts as loaded: lists at least one holiday (an empty arrangement leaves clocks flagged with uncoveredYears)',
                    ),
                  },
                  { description: 'Year' },
                ),
                { description: 'Years' },
              ),
            },
            { description: 'Years' },
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => ({ items: await listYears(req.ctx) }),
  );

  app.get(
    '/api/calendar/years/:year',
    {
      config: { access: { permission: 'calendar.read' } },
      schema: {
        tags: ['calendar'],
        summary: 'One year',
        params: YearParam,
        response: { 200: YearDetail, ...errorResponses },
      },
    },
    async (req) => getYear(req.ctx, req.params.year),
  );

  app.put(
    '/api/calendar/years/:year',
    {
      config: { access: { permission: 'calendar.manage' } },
      schema: {
        tags: ['calendar'],
        summary: 'Replace (or import) a year',
        params: YearParam,
        body: Obj(
          {
            source: Str('Source, e.g. 国办发明电〔2025〕7号', { min: 1, max: 200 }),
            days: Type.Array(Day, { description: 'Special days', maxItems: 366 }),
          },
          { description: 'Arrangement' },
        ),
        response: { 200: YearDetail, ...errorResponses },
      },
    },
    async (req) => replaceYear(req.ctx, req.params.year, req.body),
  );

  app.get(
    '/api/calendar/deadline',
    {
      config: { access: { permission: 'calendar.read' } },
      schema: {
        tags: ['calendar'],
        summary: 'Compute a deadline',
        querystring: Obj(
          {
            start: Str('Start date YYYY-MM-DD or ISO instant (the start day is not counted)', { min: 10, max: 30 }),
            amount: Int('Length', { max: 3650 }),
            unit: Enum(['working_days', 'calendar_days', 'months', 'hours'] as const, 'Unit'),
          },
          { description: 'Period' },
        ),
        response: {
          200: Obj(
            {
              due: Str('Due date (or instant for hours)'),
              unit: Str('Unit'),
              uncoveredYears: Type.Array(Int('Year'), {
                description: 'Years crossed without a loaded holiday arrangement',
              }),
            },
            { description: 'Deadline' },
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => computeDeadline(req.ctx, req.query),
  );
};
