import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type Static, type TObject, type TProperties, Type } from '@sinclair/typebox';
import type { Ctx } from '../../shared/context.js';
import {
  DateStr,
  Enum,
  Id,
  IdParams,
  Int,
  Nullable,
  Obj,
  PageQuery,
  PagedOf,
  Str,
  errorResponses,
} from '../../http/schema.js';
import {
  APPROVAL_ACTIONS,
  APPROVAL_BOXES,
  APPROVAL_DECISIONS,
  APPROVAL_POSTS,
  APPROVAL_STATUSES,
} from '../../shared/approvals.codes.js';
import { APPROVAL_DOCUMENT_FORMATS, type ApprovalDocumentFormat, approvalDocument } from './approvals.document.js';
import { listPosts, setPost } from './approvals.posts.js';
import { getApproval, listApprovals } from './approvals.read.js';
import { ApprovalDetail, ApprovalPostSchema, ApprovalSummary, ContentBody } from './approvals.schema.js';
import { decideApproval, recordOfflineStep, resubmitApproval, withdrawApproval } from './approvals.service.js';

const ApprovalId = IdParams('Approval id');
const Opinion = Str('Opinion (required to return or reject)', { max: 2000 });
const Version = Int('The version the caller saw (409 CONFLICT if it changed)', { min: 1 });

/**
 * The schema of a step on one approval (`POST /api/approvals/:id/<step>`): the approval id in the
 * path, a body of `props`, answered with the approval's detail after the step.
 */
function stepSchema<P extends TProperties>(summary: string, props: P, description: string) {
  return {
    tags: ['approvals'],
    summary,
    params: ApprovalId,
    body: Obj(props, { description }),
    response: { 200: ApprovalDetail, ...errorResponses },
  };
}

/** Registers `POST /api/approvals/:id/<step>`: runs `act` on the body, then answers the approval's detail. */
function postStep<P extends TProperties>(
  app: Parameters<FastifyPluginAsyncTypebox>[0],
  step: string,
  act: (ctx: Ctx, id: string, body: Static<TObject<P>>) => Promise<void>,
  summary: string,
  props: P,
  description: string,
): void {
  app.post(`/api/approvals/:id/${step}`, { schema: stepSchema(summary, props, description) }, async (req) => {
    await act(req.ctx, req.params.id, req.body as Static<TObject<P>>);
    return getApproval(req.ctx, req.params.id);
  });
}

const CONTENT_TYPES: Record<ApprovalDocumentFormat, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/**
 * Routes of the approval chain (呈批). Approvals are started by the module owning the record
 * (`startApproval`), so there is no create route. Reading and signing are decided per record
 * (drafter, chain member, approval.read in scope): any signed-in account reaches the routes.
 */
export const approvalRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/approvals',
    {
      schema: {
        tags: ['approvals'],
        summary: "The caller's approvals: waiting for me, submitted by me, decided by me, or all I may read",
        querystring: Obj(
          {
            box: Type.Optional(Enum(APPROVAL_BOXES, 'Which list (default waiting)')),
            status: Type.Optional(Enum(APPROVAL_STATUSES, 'Only this status')),
            action: Type.Optional(Enum(APPROVAL_ACTIONS, 'Only this action')),
            resourceType: Type.Optional(Str('Only approvals about this kind of record', { max: 32 })),
            resourceId: Type.Optional(Id('Only approvals about this record')),
            ...PageQuery,
          },
          { description: 'Filters' },
        ),
        response: { 200: PagedOf(ApprovalSummary, 'Approvals'), ...errorResponses },
      },
    },
    async (req) => ({
      ...(await listApprovals(req.ctx, { ...req.query, box: req.query.box ?? 'waiting' })),
      page: req.query.page,
      pageSize: req.query.pageSize,
    }),
  );

  app.get(
    '/api/approvals/:id',
    {
      schema: {
        tags: ['approvals'],
        summary: 'An approval with its chain (drafter, chain members, approval.read in scope; else 404)',
        params: ApprovalId,
        response: { 200: ApprovalDetail, ...errorResponses },
      },
    },
    async (req) => getApproval(req.ctx, req.params.id),
  );

  postStep(
    app,
    'decision',
    decideApproval,
    'Approve, return or reject the current step (its holder only: else 403 NOT_APPROVER)',
    {
      decision: Enum(APPROVAL_DECISIONS, 'The decision'),
      opinion: Type.Optional(Nullable(Opinion)),
      version: Version,
    },
    'Decision',
  );

  postStep(
    app,
    'offline-step',
    recordOfflineStep,
    'Record the signature of an off-platform step from the signed paper (the drafter only)',
    {
      decision: Enum(APPROVAL_DECISIONS, 'The decision on the paper'),
      opinion: Type.Optional(Nullable(Opinion)),
      signerName: Str('Name of the signer as on the paper', { min: 1, max: 40 }),
      signedOn: DateStr('Date on the paper'),
      version: Version,
    },
    'Recorded signature',
  );

  postStep(
    app,
    'resubmit',
    resubmitApproval,
    'Resubmit a returned approval with revised content (the drafter only; the chain restarts)',
    {
      content: ContentBody,
      title: Type.Optional(Str('New title', { min: 1, max: 200 })),
      version: Version,
    },
    'Revision',
  );

  postStep(
    app,
    'withdrawal',
    withdrawApproval,
    'Withdraw a pending or returned approval (the drafter only)',
    { version: Version },
    'Withdrawal',
  );

  app.get(
    '/api/approvals/:id/documents/:file',
    {
      schema: {
        tags: ['approvals'],
        summary: 'The 呈批表 (approval_form) in the official layout, as PDF or DOCX (audited)',
        params: IdParams('Approval id', {
          file: Str('approval_form.pdf or approval_form.docx', {
            pattern: `^approval_form\\.(${APPROVAL_DOCUMENT_FORMATS.join('|')})$`,
          }),
        }),
      },
    },
    async (req, reply) => {
      const format = req.params.file.slice(req.params.file.lastIndexOf('.') + 1) as ApprovalDocumentFormat;
      const { bytes, title } = await approvalDocument(req.ctx, req.params.id, format);
      return reply
        .header('content-type', CONTENT_TYPES[format])
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`${title}.${format}`)}`)
        .header('cache-control', 'no-store')
        .send(bytes);
    },
  );

  app.get(
    '/api/approval-posts',
    {
      config: { access: { permission: 'org.read' } },
      schema: {
        tags: ['approvals'],
        summary: 'The posts register: who holds which post of the units in scope',
        querystring: Obj({ unitId: Type.Optional(Id('Only this unit')) }, { description: 'Filters' }),
        response: {
          200: Obj({ items: Type.Array(ApprovalPostSchema, { description: 'Posts' }) }, { description: 'Posts' }),
          ...errorResponses,
        },
      },
    },
    async (req) => ({ items: await listPosts(req.ctx, req.query) }),
  );

  app.put(
    '/api/approval-posts',
    {
      config: { access: { permission: 'approval_post.manage' } },
      schema: {
        tags: ['approvals'],
        summary: 'Set or vacate a post of a unit (an account, or for the committee principal a name off the platform)',
        body: Obj(
          {
            unitId: Id('Unit (a commission for principal_leader / committee_principal)'),
            post: Enum(APPROVAL_POSTS, 'Post'),
            userId: Nullable(Id('Holder account; null with no name vacates the post')),
            username: Type.Optional(Str('Holder login name, instead of userId', { min: 1, max: 64 })),
            holderName: Type.Optional(Nullable(Str('Name of a holder off the platform', { min: 1, max: 40 }))),
          },
          { description: 'Post holder' },
        ),
        response: {
          200: Obj(
            { items: Type.Array(ApprovalPostSchema, { description: 'Posts' }) },
            { description: "The unit's posts" },
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => ({ items: await setPost(req.ctx, req.body) }),
  );
};
