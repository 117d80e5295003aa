import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  Bool,
  DateStr,
  Enum,
  Id,
  IdParams,
  Instant,
  Int,
  Nullable,
  Obj,
  Ok,
  PageQuery,
  PagedOf,
  RegionCode,
  Str,
  errorResponses,
} from '../../http/schema.js';
import {
  ASSIGNMENT_ROLES,
  CHECK_OUTCOMES,
  DECLARATION_KINDS,
  RECUSAL_REQUESTERS,
  RECUSAL_STATES,
  RELATIONS,
} from '../../shared/recusal.codes.js';
import { confirmConflictWarning, previewConflicts } from './conflict.service.js';
import {
  createDeclaration,
  listDeclarationsOf,
  listMyDeclarations,
  removeDeclaration,
  updateDeclaration,
} from './declarations.service.js';
import { createRecusal, decideRecusal, listRecusals, withdrawRecusal } from './recusals.service.js';
import { loadRecusalTarget } from './recusal.targets.js';

const Resource = Str('Kind of record (report, clue, case…)', { min: 1, max: 40, pattern: '^[a-z_]+$' });
const IdNumber = Str('ID card number (18 characters; stored only as a keyed hash, never shown again)', {
  pattern: '^\\d{17}[\\dXx]$',
});

const declarationFields = {
  relation: Type.Optional(Nullable(Enum(RELATIONS, 'Relation of a relative (relative only)'))),
  name: Type.Optional(Nullable(Str('Name of the relative, or of the interested person', { max: 50 }))),
  idNumber: Type.Optional(Nullable(IdNumber)),
  regionCode: Type.Optional(Nullable(RegionCode('Where they live, or the village of origin'))),
  employer: Type.Optional(Nullable(Str('Employer / unit (relative, former post, interest)', { max: 100 }))),
  subjectId: Type.Optional(Nullable(Id('The subject record this person is, if known'))),
  fromOn: Type.Optional(Nullable(DateStr('From (former post)'))),
  toOn: Type.Optional(Nullable(DateStr('Until (former post)'))),
  note: Type.Optional(Nullable(Str('Note', { max: 500 }))),
};

const Declaration = Obj(
  {
    id: Id('Declaration id'),
    userId: Id('Declarant'),
    kind: Enum(DECLARATION_KINDS, 'What is declared'),
    relation: Nullable(Enum(RELATIONS, 'Relation of a relative')),
    name: Nullable(Str('Name')),
    hasIdNumber: Bool('Whether an ID number was declared (the number is never shown)'),
    regionCode: Nullable(RegionCode('Region')),
    regionName: Nullable(Str('Region name')),
    employer: Nullable(Str('Employer / unit')),
    subjectId: Nullable(Id('Subject record')),
    fromOn: Nullable(DateStr('From')),
    toOn: Nullable(DateStr('Until')),
    note: Nullable(Str('Note', { max: 500 })),
    version: Int('Row version'),
    updatedAt: Instant('Last change'),
  },
  { description: 'A declared relation (the ID number never leaves the server)' },
);
const Declarations = Obj(
  { items: Type.Array(Declaration, { description: 'Live declarations' }) },
  { description: 'Declarations' },
);

const Reason = Obj(
  { code: Str('Reason code'), text: Str('The reason in plain Chinese', { max: 500 }) },
  { description: 'A reason' },
);
const CheckResult = Obj(
  {
    checkId: Id('The recorded check (give it with the assignment; confirm warnings against it)'),
    people: Type.Array(
      Obj(
        {
          userId: Id('Person checked'),
          name: Str('Their name'),
          outcome: Enum(CHECK_OUTCOMES, 'refuse: may not be assigned; warn: needs a confirmation; clear'),
          reasons: Type.Array(Reason, { description: 'Why, in words' }),
        },
        { description: 'Outcome for one person' },
      ),
      { description: 'One per person, in the order asked' },
    ),
  },
  { description: 'Conflict check' },
);

const Recusal = Obj(
  {
    id: Id('Recusal id'),
    resource: Str('Kind of record'),
    resourceId: Id('Record id'),
    userId: Id('Person to step aside'),
    userName: Str('Their name'),
    requestedBy: Enum(RECUSAL_REQUESTERS, 'Who asked'),
    oral: Bool('An oral request, recorded by staff'),
    reasons: Str('Reasons', { max: 2000 }),
    recordedBy: Nullable(Id('Who recorded it')),
    recordedByName: Nullable(Str('Their name')),
    state: Enum(RECUSAL_STATES, 'State'),
    escalated: Bool("The person is the organ's principal leader: decided one level up"),
    decidedBy: Nullable(Id('Decider')),
    decidedByName: Nullable(Str('Decider name')),
    decidedAt: Nullable(Instant('Decided at')),
    decisionNote: Nullable(Str('Decision note', { max: 2000 })),
    createdAt: Instant('Recorded at'),
    version: Int('Row version'),
    canDecide: Bool('The caller may decide it'),
    canWithdraw: Bool('The caller may withdraw it'),
  },
  { description: 'Recusal request' },
);

/** Routes of the conflict register, the conflict check and recusal requests. */
export const recusalRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/declared-relations',
    {
      schema: {
        tags: ['recusal'],
        summary: 'My declared relations (我的回避申报)',
        response: { 200: Declarations, ...errorResponses },
      },
    },
    async (req) => ({ items: await listMyDeclarations(req.ctx) }),
  );

  app.get(
    '/api/users/:id/declared-relations',
    {
      config: { access: { permission: 'recusal.decide' } },
      schema: {
        tags: ['recusal'],
        summary: "Someone's declared relations, for the recusal decider in scope (audited)",
        params: IdParams('User id'),
        response: { 200: Declarations, ...errorResponses },
      },
    },
    async (req) => ({ items: await listDeclarationsOf(req.ctx, req.params.id) }),
  );

  app.post(
    '/api/declared-relations',
    {
      schema: {
        tags: ['recusal'],
        summary: 'Declare a relative, a former post, a village of origin, an interest or my own identity',
        body: Obj(
          { kind: Enum(DECLARATION_KINDS, 'What is declared'), ...declarationFields },
          { description: 'New declaration' },
        ),
        response: { 201: Declaration, ...errorResponses },
      },
    },
    async (req, reply) => {
      reply.status(201);
      return createDeclaration(req.ctx, req.body);
    },
  );

  app.patch(
    '/api/declared-relations/:id',
    {
      schema: {
        tags: ['recusal'],
        summary: 'Change one of my declarations (an absent idNumber keeps the declared one)',
        params: IdParams('Declaration id'),
        body: Obj({ ...declarationFields, version: Int('Expected row version') }, { description: 'Changes' }),
        response: { 200: Declaration, ...errorResponses },
      },
    },
    async (req) => updateDeclaration(req.ctx, req.params.id, req.body),
  );

  app.delete(
    '/api/declared-relations/:id',
    {
      schema: {
        tags: ['recusal'],
        summary: 'Remove one of my declarations (kept as a version)',
        params: IdParams('Declaration id'),
        querystring: Obj({ version: Int('Expected row version') }, { description: 'Version' }),
        response: { 200: Ok, ...errorResponses },
      },
    },
    async (req) => {
      await removeDeclaration(req.ctx, req.params.id, req.query.version);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/conflict-checks',
    {
      config: { access: { permission: 'conflict.check' } },
      schema: {
        tags: ['recusal'],
        summary: "Check people against a record's subjects and reporter before assigning them (recorded)",
        body: Obj(
          {
            resource: Resource,
            resourceId: Id('Record id'),
            userIds: Type.Array(Id('Person'), { description: 'People considered', minItems: 1, maxItems: 20 }),
            role: Enum(ASSIGNMENT_ROLES, 'What they would be assigned to'),
          },
          { description: 'Check' },
        ),
        response: { 201: CheckResult, ...errorResponses },
      },
    },
    async (req, reply) => {
      const result = await previewConflicts(req.ctx, req.body, loadRecusalTarget);
      reply.status(201);
      return result;
    },
  );

  app.post(
    '/api/conflict-checks/:id/confirmations',
    {
      config: { access: { permission: 'conflict.check' } },
      schema: {
        tags: ['recusal'],
        summary: "Confirm a person's warnings in a check, with the reason (recorded and audited)",
        params: IdParams('Check id'),
        body: Obj(
          { userId: Id('Person warned'), reason: Str('Why they may still be assigned', { min: 1, max: 500 }) },
          { description: 'Confirmation' },
        ),
        response: {
          201: Obj(
            { checkId: Id('Check'), userId: Id('Person'), confirmedAt: Instant('When') },
            { description: 'Confirmation' },
          ),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const done = await confirmConflictWarning(req.ctx, req.params.id, req.body.userId, req.body.reason);
      reply.status(201);
      return done;
    },
  );

  app.get(
    '/api/recusals',
    {
      schema: {
        tags: ['recusal'],
        summary: 'Recusal requests I may see (mine, recorded by me, in my scope)',
        querystring: Obj(
          {
            state: Type.Optional(Enum(RECUSAL_STATES, 'Only this state')),
            resource: Type.Optional(Resource),
            resourceId: Type.Optional(Id('Only this record')),
            toDecide: Type.Optional(Bool('Only those waiting for my decision')),
            ...PageQuery,
          },
          { description: 'Filters' },
        ),
        response: { 200: PagedOf(Recusal, 'Recusals'), ...errorResponses },
      },
    },
    async (req) => ({
      ...(await listRecusals(req.ctx, req.query)),
      page: req.query.page,
      pageSize: req.query.pageSize,
    }),
  );

  app.post(
    '/api/recusals',
    {
      schema: {
        tags: ['recusal'],
        summary: "Ask for a recusal (one's own, recorded for a subject or reporter) or order one (recusal.decide)",
        body: Obj(
          {
            resource: Resource,
            resourceId: Id('Record id'),
            userId: Id('Person to step aside'),
            requestedBy: Enum(RECUSAL_REQUESTERS, 'Who asks'),
            oral: Type.Optional(Bool('An oral request recorded by staff')),
            reasons: Str('Reasons', { min: 1, max: 2000 }),
          },
          { description: 'Recusal request' },
        ),
        response: { 201: Recusal, ...errorResponses },
      },
    },
    async (req, reply) => {
      const made = await createRecusal(req.ctx, req.body);
      reply.status(201);
      return made;
    },
  );

  app.post(
    '/api/recusals/:id/decision',
    {
      config: { access: { permission: 'recusal.decide' } },
      schema: {
        tags: ['recusal'],
        summary: "Decide a recusal request (the organ's principal leader; theirs one level up)",
        params: IdParams('Recusal id'),
        body: Obj(
          {
            decision: Enum(['recused', 'rejected'] as const, 'Step aside, or not'),
            note: Type.Optional(Nullable(Str('Decision note', { max: 2000 }))),
            version: Int('Expected row version'),
          },
          { description: 'Decision' },
        ),
        response: { 200: Recusal, ...errorResponses },
      },
    },
    async (req) => decideRecusal(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/recusals/:id/withdrawal',
    {
      schema: {
        tags: ['recusal'],
        summary: 'Withdraw a request still waiting (its recorder or the person)',
        params: IdParams('Recusal id'),
        body: Obj({ version: Int('Expected row version') }, { description: 'Withdrawal' }),
        response: { 200: Recusal, ...errorResponses },
      },
    },
    async (req) => withdrawRecusal(req.ctx, req.params.id, req.body.version),
  );
};
