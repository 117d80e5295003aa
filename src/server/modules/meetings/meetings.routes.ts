/** The meetings' routes: the calendar, a meeting, its steps and its documents. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type TSchema, Type } from '@sinclair/typebox';
import { Id, IdParams, Obj, Str, errorResponses } from '../../http/schema.js';
import { sendXlsx } from '../../http/xlsx.js';
import { type MeetingDocument, meetingDocument } from './meetings.documents.js';
import { exportMeetings, meetingExportColumns } from './meetings.export.js';
import {
  addActions,
  cancelMeeting,
  closeMeeting,
  recordAttendance,
  recordMinutes,
  rescheduleMeeting,
  setAgenda,
  setDecisions,
} from './meetings.record.js';
import {
  ActionsBody,
  AgendaBody,
  AttendanceBody,
  CancelBody,
  CloseBody,
  DecisionsBody,
  MeetingBody,
  MeetingFilterSchema,
  MeetingPageSchema,
  MeetingQuery,
  MeetingSchema,
  MinutesBody,
  RescheduleBody,
} from './meetings.schemas.js';
import { createMeeting, listMeetings, readMeeting } from './meetings.service.js';

const CONTENT_TYPES = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
} as const;

const Params = IdParams('Meeting id');

async function* fromArray<T>(rows: readonly T[]): AsyncGenerator<T> {
  for (const r of rows) yield r;
}

/** The meetings' routes. */
export const meetingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const manage = { access: { permission: 'meeting.manage' as const } };
  const step = <B extends TSchema>(summary: string, body: B) => ({
    config: manage,
    schema: { tags: ['meetings'], summary, params: Params, body, response: { 200: MeetingSchema, ...errorResponses } },
  });

  app.get(
    '/api/meetings',
    {
      config: { access: { permission: 'meeting.read' } },
      schema: {
        tags: ['meetings'],
        summary: "The meetings calendar: the zones' meetings in scope by date, with the clue-review meetings read-only",
        querystring: MeetingQuery,
        response: { 200: MeetingPageSchema, ...errorResponses },
      },
    },
    async (req) => ({
      ...(await listMeetings(req.ctx, req.query)),
      page: req.query.page,
      pageSize: req.query.pageSize,
    }),
  );

  app.get(
    '/api/meetings/export.xlsx',
    {
      config: { access: { permission: 'meeting.read' } },
      schema: {
        tags: ['meetings'],
        summary:
          'Export exactly the meetings the calendar filters select as Excel (at most 10,000; audited, naming every meeting)',
        querystring: MeetingFilterSchema,
      },
    },
    async (req, reply) => {
      const rows = await exportMeetings(req.ctx, req.query);
      return sendXlsx(reply, '会议列表.xlsx', '会议列表', meetingExportColumns(), fromArray(rows));
    },
  );

  app.post(
    '/api/meetings',
    {
      config: manage,
      schema: {
        tags: ['meetings'],
        summary: "Schedule a meeting of a zone by hand (a working day; the zone's roles invited; a chair required)",
        body: MeetingBody,
        response: { 201: Obj({ id: Id('Meeting id') }, { description: 'Scheduled' }), ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await createMeeting(req.ctx, req.body)),
  );

  app.get(
    '/api/meetings/:id',
    {
      config: { access: { permission: 'meeting.read' } },
      schema: {
        tags: ['meetings'],
        summary: 'A meeting: attendees, proposed agenda, minutes, decisions, action items',
        params: Params,
        response: { 200: MeetingSchema, ...errorResponses },
      },
    },
    async (req) => readMeeting(req.ctx, req.params.id),
  );

  app.put(
    '/api/meetings/:id/schedule',
    step('Move a scheduled meeting (a working day); the attendees are invited again', RescheduleBody),
    async (req) => rescheduleMeeting(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/meetings/:id/cancellation',
    step('Cancel a scheduled meeting with the reason', CancelBody),
    async (req) => cancelMeeting(req.ctx, req.params.id, req.body),
  );
  app.put(
    '/api/meetings/:id/attendance',
    step('Record who attended (absences with reasons): the meeting is held', AttendanceBody),
    async (req) => recordAttendance(req.ctx, req.params.id, req.body),
  );
  app.put('/api/meetings/:id/agenda', step('Replace the agenda items added by hand', AgendaBody), async (req) =>
    setAgenda(req.ctx, req.params.id, req.body),
  );
  app.put(
    '/api/meetings/:id/minutes',
    step('Record the minutes (纪要); the proposed agenda is frozen', MinutesBody),
    async (req) => recordMinutes(req.ctx, req.params.id, req.body),
  );
  app.put('/api/meetings/:id/decisions', step('Replace the decisions (议定事项)', DecisionsBody), async (req) =>
    setDecisions(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/meetings/:id/actions',
    step(
      'Record action items: each opens a rectification item (source meeting_action) in the same transaction',
      ActionsBody,
    ),
    async (req) => addActions(req.ctx, req.params.id, req.body),
  );
  app.post('/api/meetings/:id/closure', step('Close a meeting whose minutes are recorded', CloseBody), async (req) =>
    closeMeeting(req.ctx, req.params.id, req.body),
  );

  app.get(
    '/api/meetings/:id/documents/:file',
    {
      config: { access: { permission: 'meeting.read' } },
      schema: {
        tags: ['meetings'],
        summary: "A meeting's minutes (meeting_minutes) or a 述职会's report draft (annual_report_draft), PDF or DOCX",
        params: IdParams('Meeting id', {
          file: Str('meeting_minutes or annual_report_draft, .pdf or .docx', {
            pattern: '^(meeting_minutes|annual_report_draft)\\.(pdf|docx)$',
          }),
        }),
        response: { 200: Type.Any({ description: 'The file' }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const [kind, ext] = req.params.file.split('.') as [MeetingDocument, 'pdf' | 'docx'];
      const { bytes, title } = await meetingDocument(req.ctx, req.params.id, kind, ext);
      return reply
        .header('content-type', CONTENT_TYPES[ext])
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`${title}.${ext}`)}`)
        .header('cache-control', 'no-store')
        .send(bytes);
    },
  );
};
