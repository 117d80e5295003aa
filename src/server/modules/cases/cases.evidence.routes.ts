/** The routes of evidence (items, provenance, custody, files), the seized property register and this part's documents. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { oneUploadedFile, sendSealedFile } from '../../http/files.js';
import { ErrorBody, Id, IdParams, Int, Obj, Str, errorResponses } from '../../http/schema.js';
import './cases.evidence.documents.js';
import {
  CaseFileSchema,
  CustodyBody,
  EvidenceBody,
  EvidenceSchema,
  EvidenceUpdateBody,
  PropertyBody,
  PropertySchema,
  PropertyStepBody,
} from './cases.evidence.schemas.js';
import { listEvidence, recordCustody, registerEvidence, updateEvidence } from './cases.evidence.js';
import { MAX_CASE_FILE_BYTES, addCaseFile, openCaseFile } from './cases.files.js';
import { listProperty, propertyStep, registerProperty } from './cases.property.js';
import { CaseIdParam } from './cases.schemas.js';

const ItemParams = IdParams('Case id', { itemId: Id('Item id') });
const UPLOAD =
  'multipart/form-data with one field `file` (an image, PDF or audio file of at most 20 MB), stored as received and sealed; the answer shows its SHA-256.';

/** Evidence, property and document routes. */
export const caseEvidenceRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/cases/:id/evidence',
    {
      config: { access: { permission: 'case.read' } },
      schema: {
        tags: ['cases'],
        summary: "A case's evidence register: provenance, what is missing, custody chains, files with their hashes",
        params: CaseIdParam,
        response: {
          200: Obj({ items: Type.Array(EvidenceSchema, { description: 'Items' }) }, { description: 'Evidence' }),
          ...errorResponses,
        },
      },
    },
    async (req) => ({ items: await listEvidence(req.ctx, req.params.id) }),
  );

  app.post(
    '/api/cases/:id/evidence',
    {
      config: { access: { permission: 'case.manage' } },
      schema: {
        tags: ['cases'],
        summary:
          'Register an evidence item with its provenance (kept incomplete, with the gaps listed, until complete)',
        params: CaseIdParam,
        body: EvidenceBody,
        response: {
          201: Obj(
            {
              id: Id('Item id'),
              seq: Int('Evidence number'),
              missing: Type.Array(Str('A provenance field missing'), {
                description: 'Missing provenance (empty: complete)',
              }),
            },
            { description: 'Registered' },
          ),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => reply.code(201).send(await registerEvidence(req.ctx, req.params.id, req.body)),
  );

  app.put(
    '/api/cases/:id/evidence/:itemId',
    {
      config: { access: { permission: 'case.manage' } },
      schema: {
        tags: ['cases'],
        summary: "Complete or correct an item's provenance (补正)",
        params: ItemParams,
        body: EvidenceUpdateBody,
        response: {
          200: Obj(
            {
              version: Int('New item version'),
              missing: Type.Array(Str('A provenance field missing'), { description: 'Missing provenance' }),
            },
            { description: 'Saved' },
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => updateEvidence(req.ctx, req.params.id, req.params.itemId, req.body),
  );

  app.post(
    '/api/cases/:id/evidence/:itemId/custody',
    {
      config: { access: { permission: 'case.manage' } },
      schema: {
        tags: ['cases'],
        summary: 'Record a handover of an evidence item (from the current holder, with when and why)',
        params: ItemParams,
        body: CustodyBody,
        response: {
          201: Obj({ version: Int('New item version'), seq: Int('Handover number') }, { description: 'Recorded' }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await recordCustody(req.ctx, req.params.id, req.params.itemId, req.body)),
  );

  app.post(
    '/api/cases/:id/evidence/:itemId/files',
    {
      config: { access: { permission: 'case.manage' } },
      schema: {
        tags: ['cases'],
        summary: 'Seal a file of an evidence item (stored as received, with its SHA-256)',
        description: UPLOAD,
        consumes: ['multipart/form-data'],
        params: ItemParams,
        response: { 201: CaseFileSchema, 413: ErrorBody, 415: ErrorBody, ...errorResponses },
      },
    },
    async (req, reply) => {
      const file = await oneUploadedFile(req, MAX_CASE_FILE_BYTES);
      return reply.code(201).send(await addCaseFile(req.ctx, req.params.id, { evidenceId: req.params.itemId }, file));
    },
  );

  app.post(
    '/api/cases/:id/property/:itemId/photos',
    {
      config: { access: { permission: 'case.manage' } },
      schema: {
        tags: ['cases'],
        summary: 'Seal a photo of a seized item (with its SHA-256)',
        description: UPLOAD,
        consumes: ['multipart/form-data'],
        params: ItemParams,
        response: { 201: CaseFileSchema, 413: ErrorBody, 415: ErrorBody, ...errorResponses },
      },
    },
    async (req, reply) => {
      const file = await oneUploadedFile(req, MAX_CASE_FILE_BYTES);
      return reply.code(201).send(await addCaseFile(req.ctx, req.params.id, { propertyId: req.params.itemId }, file));
    },
  );

  app.get(
    '/api/cases/:id/files/:fileId',
    {
      config: { access: { permission: 'case.read' } },
      schema: {
        tags: ['cases'],
        summary:
          'Download a file of the case (evidence file or property photo), audited; x-content-sha256 carries its hash',
        params: IdParams('Case id', { fileId: Id('File id') }),
        response: { 200: Type.Any({ description: 'The file' }), ...errorResponses },
      },
    },
    async (req, reply) => sendSealedFile(reply, await openCaseFile(req.ctx, req.params.id, req.params.fileId)),
  );

  app.get(
    '/api/cases/:id/property',
    {
      config: { access: { permission: 'case.read' } },
      schema: {
        tags: ['cases'],
        summary: 'The seized property register of a case (涉案财物) with photos, steps and clocks',
        params: CaseIdParam,
        response: {
          200: Obj({ items: Type.Array(PropertySchema, { description: 'Items' }) }, { description: 'Property' }),
          ...errorResponses,
        },
      },
    },
    async (req) => ({ items: await listProperty(req.ctx, req.params.id) }),
  );

  app.post(
    '/api/cases/:id/property',
    {
      config: { access: { permission: 'case.manage' } },
      schema: {
        tags: ['cases'],
        summary: 'Register a seized item; its clock opens (cash 15 days to the account, goods 30 days to custody)',
        params: CaseIdParam,
        body: PropertyBody,
        response: {
          201: Obj({ id: Id('Item id'), seq: Int('Order') }, { description: 'Registered' }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => reply.code(201).send(await registerProperty(req.ctx, req.params.id, req.body)),
  );

  app.post(
    '/api/cases/:id/property/:itemId/steps',
    {
      config: { access: { permission: 'case.manage' } },
      schema: {
        tags: ['cases'],
        summary: 'Deposit, hand to custody, find unrelated or release a seized item (meets its clock)',
        params: ItemParams,
        body: PropertyStepBody,
        response: {
          200: Obj({ version: Int('New item version'), status: Str('New status') }, { description: 'Saved' }),
          ...errorResponses,
        },
      },
    },
    async (req) => propertyStep(req.ctx, req.params.id, req.params.itemId, req.body),
  );
};
