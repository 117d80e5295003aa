import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  Bool,
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
import { REGION_LEVELS } from './regions.js';
import {
  UNIT_KINDS,
  createRegion,
  createUnit,
  getRegion,
  getUnitView,
  listRegions,
  listUnits,
  presentRegion,
  updateRegion,
  updateUnit,
} from './org.service.js';
import { departmentGroupView, setDepartmentGroup } from './org.department-groups.js';
import { loadInScope } from '../access/index.js';
import { type UnitAction, unitPolicy } from './org.policy.js';

const Region = Obj(
  {
    code: RegionCode('GB/T 2260 region code'),
    parentCode: Nullable(RegionCode('Parent region code')),
    level: Enum(REGION_LEVELS, 'Level in the region tree'),
    name: Str('Name'),
    childCount: Int('Number of child regions'),
  },
  { description: 'Region' },
);

const Unit = Obj(
  {
    id: Id('Unit id'),
    parentId: Nullable(Id('Parent unit id')),
    kind: Enum(UNIT_KINDS, 'Kind of unit'),
    name: Str('Full name'),
    shortName: Nullable(Str('Short name')),
    regionCode: RegionCode('Region the unit is seated in'),
    regionName: Nullable(Str('Name of that region')),
    zoneId: Nullable(Id('Zone of a workroom')),
    childCount: Int('Number of child units'),
    active: Bool('Whether the unit is active'),
    version: Int('Row version for optimistic locking'),
  },
  { description: 'Unit' },
);

const UnitId = IdParams('Unit id');

const DepartmentGroup = Obj(
  {
    group: Nullable(
      Obj(
        {
          id: Id('Dispatched group unit id'),
          name: Str('Its full name'),
          active: Bool('Whether the group is active (an inactive one receives no reports)'),
        },
        { description: 'The dispatched group' },
      ),
    ),
  },
  { description: 'The dispatched group (派驻纪检监察组) supervising a department; null when none is linked' },
);

const groupOut = (v: Awaited<ReturnType<typeof departmentGroupView>>) => ({
  group: v ? { id: v.groupUnitId, name: v.groupName, active: v.groupActive } : null,
});
const CodeParam = Obj({ code: RegionCode('Region code') }, { description: 'Path parameters' });

/** Routes for the region tree and the unit tree (capability C1). */
export const orgRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/regions',
    {
      config: { access: { permission: 'org.read' } },
      schema: {
        tags: ['organisation'],
        summary: 'List regions under a parent',
        querystring: Obj(
          {
            parentCode: Type.Optional(RegionCode('Parent region; top level when absent')),
            level: Type.Optional(Enum(REGION_LEVELS, 'Only this level')),
            q: Type.Optional(Str('Name contains', { max: 50 })),
            ...PageQuery,
          },
          { description: 'Filters' },
        ),
        response: { 200: PagedOf(Region, 'Regions'), ...errorResponses },
      },
    },
    async (req) => {
      const { items, total } = await listRegions(req.ctx, req.query);
      return { items, total, page: req.query.page, pageSize: req.query.pageSize };
    },
  );

  app.get(
    '/api/regions/:code',
    {
      config: { access: { permission: 'org.read' } },
      schema: {
        tags: ['organisation'],
        summary: 'Get a region',
        params: CodeParam,
        response: { 200: Region, ...errorResponses },
      },
    },
    async (req) => {
      return presentRegion(req.ctx, await getRegion(req.ctx, req.params.code));
    },
  );

  app.post(
    '/api/regions',
    {
      config: { access: { permission: 'org.manage' } },
      schema: {
        tags: ['organisation'],
        summary: 'Add a region',
        body: Obj(
          {
            code: RegionCode('GB/T 2260 code (12 digits; 15 for a villager group)'),
            parentCode: Nullable(RegionCode('Parent region code (null for a city)')),
            name: Str('Name', { min: 1, max: 60 }),
            sort: Type.Optional(Int('Display order')),
          },
          { description: 'New region' },
        ),
        response: { 201: Region, ...errorResponses },
      },
    },
    async (req, reply) => {
      const row = await createRegion(req.ctx, req.body);
      reply.status(201);
      return presentRegion(req.ctx, row);
    },
  );

  app.patch(
    '/api/regions/:code',
    {
      config: { access: { permission: 'org.manage' } },
      schema: {
        tags: ['organisation'],
        summary: 'Rename a region',
        params: CodeParam,
        body: Obj(
          { name: Type.Optional(Str('Name', { min: 1, max: 60 })), sort: Type.Optional(Int('Display order')) },
          { description: 'Changes' },
        ),
        response: { 200: Region, ...errorResponses },
      },
    },
    async (req) => {
      const r = await updateRegion(req.ctx, req.params.code, req.body);
      return presentRegion(req.ctx, r);
    },
  );

  app.get(
    '/api/units',
    {
      config: { access: { permission: 'org.read' } },
      schema: {
        tags: ['organisation'],
        summary: 'List units under a parent',
        querystring: Obj(
          {
            parentId: Type.Optional(Id('Parent unit; roots when absent')),
            kind: Type.Optional(Enum(UNIT_KINDS, 'Only this kind')),
            regionCode: Type.Optional(RegionCode('Only units seated in this region')),
            q: Type.Optional(Str('Name contains', { max: 50 })),
            ...PageQuery,
          },
          { description: 'Filters' },
        ),
        response: { 200: PagedOf(Unit, 'Units'), ...errorResponses },
      },
    },
    async (req) => {
      const { items, total } = await listUnits(req.ctx, req.query);
      return { items, total, page: req.query.page, pageSize: req.query.pageSize };
    },
  );

  app.get(
    '/api/units/:id',
    {
      config: { access: { permission: 'org.read' } },
      schema: {
        tags: ['organisation'],
        summary: 'Get a unit',
        params: UnitId,
        response: { 200: Unit, ...errorResponses },
      },
    },
    async (req) => getUnitView(req.ctx, req.params.id),
  );

  app.post(
    '/api/units',
    {
      config: { access: { permission: 'org.manage' } },
      schema: {
        tags: ['organisation'],
        summary: 'Add a unit',
        body: Obj(
          {
            parentId: Nullable(Id('Parent unit')),
            kind: Enum(UNIT_KINDS, 'Kind of unit'),
            name: Str('Full name', { min: 1, max: 80 }),
            shortName: Type.Optional(Nullable(Str('Short name', { max: 30 }))),
            regionCode: RegionCode('Region the unit is seated in'),
            sort: Type.Optional(Int('Display order')),
          },
          { description: 'New unit' },
        ),
        response: { 201: Unit, ...errorResponses },
      },
    },
    async (req, reply) => {
      const unit = await createUnit(req.ctx, req.body);
      reply.status(201);
      return unit;
    },
  );

  app.patch(
    '/api/units/:id',
    {
      config: { access: { permission: 'org.manage' } },
      schema: {
        tags: ['organisation'],
        summary: 'Edit or move a unit',
        params: UnitId,
        body: Obj(
          {
            name: Type.Optional(Str('Full name', { min: 1, max: 80 })),
            shortName: Type.Optional(Nullable(Str('Short name', { max: 30 }))),
            parentId: Type.Optional(Nullable(Id('New parent unit'))),
            active: Type.Optional(Bool('Active')),
            sort: Type.Optional(Int('Display order')),
            version: Int('Version the edit is based on'),
          },
          { description: 'Changes' },
        ),
        response: { 200: Unit, ...errorResponses },
      },
    },
    async (req) => updateUnit(req.ctx, req.params.id, req.body),
  );

  app.get(
    '/api/units/:id/dispatched-group',
    {
      config: { access: { permission: 'org.read' } },
      schema: {
        tags: ['organisation'],
        summary: 'Get the dispatched group supervising a department',
        params: UnitId,
        response: { 200: DepartmentGroup, ...errorResponses },
      },
    },
    async (req) => {
      const unit = await loadInScope<UnitAction, { id: string }>(req.ctx, unitPolicy, req.params.id, 'read');
      return groupOut(await departmentGroupView(req.ctx, unit.id));
    },
  );

  app.put(
    '/api/units/:id/dispatched-group',
    {
      config: { access: { permission: 'org.manage' } },
      schema: {
        tags: ['organisation'],
        summary: 'Link a department to the dispatched group supervising it, or clear the link',
        description:
          "A public report about one of the department's published items, on its staff, goes to this group. " +
          'DEPARTMENT_GROUP_INVALID unless the unit is an active department (kind other) and the group an active ' +
          'dispatched group of the same county that the caller reads.',
        params: UnitId,
        body: Obj(
          { groupUnitId: Nullable(Id('The dispatched group; null clears the link')) },
          { description: 'The link' },
        ),
        response: { 200: DepartmentGroup, ...errorResponses },
      },
    },
    async (req) => groupOut(await setDepartmentGroup(req.ctx, req.params.id, req.body.groupUnitId)),
  );
};
