import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
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
  RegionCode,
  Str,
  errorResponses,
} from '../../http/schema.js';
import {
  ZONE_ROLES,
  addMembership,
  addZoneRole,
  createZone,
  endMembership,
  endZoneRole,
  getZone,
  listZones,
  updateZone,
} from './zones.service.js';
import { MEMBER_KINDS } from '../../shared/zones.codes.js';

const Township = Obj(
  {
    membershipId: Id('Membership id'),
    code: RegionCode('Township code'),
    name: Str('Township name'),
    effectiveFrom: DateStr('Member since'),
  },
  { description: 'Current member township' },
);

const zoneFields = {
  id: Id('Zone id'),
  name: Str('Name, e.g. 渑池县纪检监察第一协作区'),
  ordinal: Int('Number of the zone in its county'),
  commissionUnitId: Id('County commission that set up the zone'),
  centralTownshipCode: Nullable(RegionCode('Central township (seat of the workroom)')),
  centralTownshipName: Nullable(Str('Name of the central township')),
  workroomUnitId: Nullable(Id('Workroom (工作室) unit')),
  townships: Type.Array(Township, { description: 'Townships in the zone today' }),
  version: Int('Row version'),
};

const Zone = Obj(zoneFields, { description: 'Zone' });
const ZoneDetail = Obj(
  {
    ...zoneFields,
    memberships: Type.Array(
      Obj(
        {
          id: Id('Membership id'),
          memberKind: Enum(MEMBER_KINDS, 'What kind of member'),
          townshipCode: Nullable(RegionCode('Township')),
          unitId: Nullable(Id('Dispatched group')),
          name: Str('Member name'),
          effectiveFrom: DateStr('From'),
          effectiveTo: Nullable(DateStr('Until (exclusive)')),
        },
        { description: 'Membership' },
      ),
      { description: 'Full membership history' },
    ),
    roles: Type.Array(
      Obj(
        {
          id: Id('Role assignment id'),
          staffId: Id('Staff member'),
          staffName: Str('Staff name'),
          role: Enum(ZONE_ROLES, 'Zone role (1+1+N)'),
          effectiveFrom: DateStr('From'),
          effectiveTo: Nullable(DateStr('Until (exclusive)')),
        },
        { description: 'Zone role holder' },
      ),
      { description: 'Zone roles, current and past' },
    ),
  },
  { description: 'Zone with history' },
);

const ZoneId = IdParams('Zone id');

/** Routes for collaboration zones (协作区), their townships and their 1+1+N roles. */
export const zoneRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/zones',
    {
      config: { access: { permission: 'zone.read' } },
      schema: {
        tags: ['zones'],
        summary: 'List zones',
        querystring: Obj(
          { commissionUnitId: Type.Optional(Id('Only this commission')), ...PageQuery },
          { description: 'Filters' },
        ),
        response: { 200: PagedOf(Zone, 'Zones'), ...errorResponses },
      },
    },
    async (req) => ({ ...(await listZones(req.ctx, req.query)), page: req.query.page, pageSize: req.query.pageSize }),
  );

  app.get(
    '/api/zones/:id',
    {
      config: { access: { permission: 'zone.read' } },
      schema: {
        tags: ['zones'],
        summary: 'Get a zone with history',
        params: ZoneId,
        response: { 200: ZoneDetail, ...errorResponses },
      },
    },
    async (req) => getZone(req.ctx, req.params.id),
  );

  app.post(
    '/api/zones',
    {
      config: { access: { permission: 'zone.manage' } },
      schema: {
        tags: ['zones'],
        summary: 'Create a zone',
        body: Obj(
          {
            commissionUnitId: Id('County commission'),
            ordinal: Int('Zone number (第X协作区)', { min: 1, max: 99 }),
            centralTownshipCode: Type.Optional(Nullable(RegionCode('Central township'))),
          },
          { description: 'New zone' },
        ),
        response: { 201: ZoneDetail, ...errorResponses },
      },
    },
    async (req, reply) => {
      reply.status(201);
      return createZone(req.ctx, req.body);
    },
  );

  app.patch(
    '/api/zones/:id',
    {
      config: { access: { permission: 'zone.manage' } },
      schema: {
        tags: ['zones'],
        summary: 'Edit a zone',
        params: ZoneId,
        body: Obj(
          {
            centralTownshipCode: Type.Optional(Nullable(RegionCode('Central township'))),
            workroomUnitId: Type.Optional(Nullable(Id('Workroom unit'))),
            version: Int('Version the edit is based on'),
          },
          { description: 'Changes' },
        ),
        response: { 200: ZoneDetail, ...errorResponses },
      },
    },
    async (req) => updateZone(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/zones/:id/memberships',
    {
      config: { access: { permission: 'zone.manage' } },
      schema: {
        tags: ['zones'],
        summary: 'Add a township or dispatched group to the zone',
        params: ZoneId,
        body: Obj(
          {
            townshipCode: Type.Optional(RegionCode('Township')),
            unitId: Type.Optional(Id('Dispatched group')),
            effectiveFrom: DateStr('From'),
            effectiveTo: Type.Optional(Nullable(DateStr('Until (exclusive)'))),
          },
          { description: 'Membership' },
        ),
        response: { 201: ZoneDetail, ...errorResponses },
      },
    },
    async (req, reply) => {
      reply.status(201);
      return addMembership(req.ctx, req.params.id, req.body);
    },
  );

  app.post(
    '/api/zones/:id/memberships/:membershipId/end',
    {
      config: { access: { permission: 'zone.manage' } },
      schema: {
        tags: ['zones'],
        summary: 'End a membership',
        params: IdParams('Zone id', { membershipId: Id('Membership id') }),
        body: Obj({ effectiveTo: DateStr('Last day + 1') }, { description: 'End date' }),
        response: { 200: ZoneDetail, ...errorResponses },
      },
    },
    async (req) => endMembership(req.ctx, req.params.id, req.params.membershipId, req.body.effectiveTo),
  );

  app.post(
    '/api/zones/:id/roles',
    {
      config: { access: { permission: 'zone.manage' } },
      schema: {
        tags: ['zones'],
        summary: 'Appoint a zone role',
        params: ZoneId,
        body: Obj(
          { staffId: Id('Staff member'), role: Enum(ZONE_ROLES, 'Zone role'), effectiveFrom: DateStr('From') },
          { description: 'Appointment' },
        ),
        response: { 201: ZoneDetail, ...errorResponses },
      },
    },
    async (req, reply) => {
      reply.status(201);
      return addZoneRole(req.ctx, req.params.id, req.body);
    },
  );

  app.post(
    '/api/zones/:id/roles/:roleId/end',
    {
      config: { access: { permission: 'zone.manage' } },
      schema: {
        tags: ['zones'],
        summary: 'End a zone role',
        params: IdParams('Zone id', { roleId: Id('Role assignment id') }),
        body: Obj({ effectiveTo: DateStr('Last day + 1') }, { description: 'End date' }),
        response: { 200: ZoneDetail, ...errorResponses },
      },
    },
    async (req) => endZoneRole(req.ctx, req.params.id, req.params.roleId, req.body.effectiveTo),
  );
};
