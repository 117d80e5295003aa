import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Bool, DateStr, Enum, Instant, Int, Nullable, Obj, Str, errorResponses } from '../../http/schema.js';
import { loadWorkbench, markCardSeen } from './workbench.service.js';

const Item = Obj(
  {
    id: Str('Record id'),
    title: Str('What it is (number, name)'),
    subtitle: Nullable(Str('More about it')),
    at: Nullable(Instant('When it arrived or happened')),
    dueOn: Nullable(DateStr('Due date (clocks)')),
    overdue: Bool('Past due'),
    href: Nullable(Str('Console path to open it')),
  },
  { description: 'A line of a card' },
);

const Card = Obj(
  {
    key: Str('Card key (<module>.<card>)', { pattern: '^[a-z_-]+\\.[a-z_]+$' }),
    title: Str('Chinese title'),
    kind: Enum(['todo', 'clock', 'new', 'alert', 'chart'] as const, 'What the card is'),
    count: Int('How many records it stands for'),
    countCapped: Type.Optional(Bool('The count is a lower bound (too many to count)')),
    items: Type.Array(Item, { description: 'The most urgent or newest few' }),
    href: Nullable(Str('Console path of the full list')),
    severity: Type.Optional(Enum(['info', 'warning', 'danger'] as const, 'How urgent')),
    message: Type.Optional(Nullable(Str('A sentence (alerts)'))),
    chart: Type.Optional(
      Nullable(
        Obj(
          {
            type: Enum(['bar', 'line'] as const, 'Chart type'),
            categories: Type.Array(Str('Category'), { description: 'Categories (x axis)' }),
            series: Type.Array(
              Obj(
                { name: Str('Series name'), data: Type.Array(Int('Value'), { description: 'Values' }) },
                { description: 'Series' },
              ),
              { description: 'Series' },
            ),
          },
          { description: 'Chart data (rendered with ECharts)' },
        ),
      ),
    ),
    seenAt: Nullable(Instant('When the caller last marked it seen')),
  },
  { description: 'A workbench card' },
);

/** Routes of the workbench (工作台): the caller's cards, and marking a card seen. */
export const workbenchRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/workbench',
    {
      schema: {
        tags: ['workbench'],
        summary: "The caller's workbench: to-dos, clocks, new arrivals, warnings and charts in their scope",
        response: {
          200: Obj(
            { cards: Type.Array(Card, { description: 'Cards, in module order' }) },
            { description: 'Workbench' },
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => ({ cards: await loadWorkbench(req.ctx) }),
  );

  app.put(
    '/api/workbench/seen/:card',
    {
      schema: {
        tags: ['workbench'],
        summary: 'Mark a card seen now: its "new" count starts again from zero',
        params: Obj(
          { card: Str('Card key', { max: 64, pattern: '^[a-z_-]+\\.[a-z_]+$' }) },
          { description: 'Path parameters' },
        ),
        body: Obj({}, { description: 'Nothing: the card is in the path' }),
        response: { 200: Obj({ seenAt: Instant('Now') }, { description: 'Seen' }), ...errorResponses },
      },
    },
    async (req) => markCardSeen(req.ctx, req.params.card),
  );
};
