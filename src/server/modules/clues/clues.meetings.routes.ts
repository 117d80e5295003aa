/** Routes of the clue-review meetings (线索研判会). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Id, Nullable, Obj, PageQuery, PagedOf, Str, errorResponses } from '../../http/schema.js';
import { attendeeCandidates, listMeetings, readMeeting, recordMeeting } from './clues.meetings.js';
import { MeetingBody, MeetingIdParam, MeetingSchema } from './clues.schemas.js';

/** The clue-review meetings' routes. */
export const clueMeetingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/clue-meetings',
    {
      config: { access: { permission: 'clue.read' } },
      schema: {
        tags: ['clues'],
        summary: 'Clue-review meetings in scope, newest first',
        querystring: Obj(PageQuery, { description: 'Paging' }),
        response: { 200: PagedOf(MeetingSchema, 'Meetings'), ...errorResponses },
      },
    },
    async (req) => ({
      ...(await listMeetings(req.ctx, req.query)),
      page: req.query.page,
      pageSize: req.query.pageSize,
    }),
  );

  app.get(
    '/api/clue-meetings/attendees',
    {
      config: { access: { permission: 'clue.manage' } },
      schema: {
        tags: ['clues'],
        summary: "Accounts that may attend the caller's clue-review meetings (by name)",
        querystring: Obj({ q: Type.Optional(Str('Part of the name', { max: 40 })) }, { description: 'Search' }),
        response: {
          200: Obj(
            {
              items: Type.Array(
                Obj(
                  { id: Id('User id'), name: Str('Name'), unitName: Nullable(Str('Unit')) },
                  { description: 'Account' },
                ),
                { description: 'Accounts' },
              ),
            },
            { description: 'Candidates' },
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => ({ items: await attendeeCandidates(req.ctx, req.query.q) }),
  );

  app.get(
    '/api/clue-meetings/:id',
    {
      config: { access: { permission: 'clue.read' } },
      schema: {
        tags: ['clues'],
        summary: 'One clue-review meeting',
        params: MeetingIdParam,
        response: { 200: MeetingSchema, ...errorResponses },
      },
    },
    async (req) => readMeeting(req.ctx, req.params.id),
  );

  app.post(
    '/api/clue-meetings',
    {
      config: { access: { permission: 'clue.manage' } },
      schema: {
        tags: ['clues'],
        summary: "Record a clue-review meeting; each decision is signed into its clue's trail (GZ 第二十四条)",
        body: MeetingBody,
        response: { 201: Obj({ id: Id('Meeting id') }, { description: 'Recorded' }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const r = await recordMeeting(req.ctx, req.body);
      reply.status(201);
      return r;
    },
  );
};
