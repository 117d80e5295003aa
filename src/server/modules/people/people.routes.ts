import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  Bool,
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
  allOptional,
  errorResponses,
} from '../../http/schema.js';
import { sendXlsx } from '../../http/xlsx.js';
import { can } from '../../shared/context.js';
import { errors } from '../../shared/errors.js';
import {
  CADRE_AUTHORITIES,
  createStaff,
  createSubject,
  readStaffAudited,
  iterateStaff,
  iterateSubjects,
  listStaff,
  listSubjects,
  readSubjectAudited,
  updateStaff,
  updateSubject,
} from './people.service.js';

const CADRE_LABEL: Record<string, string> = {
  county_managed: '县管干部',
  township_managed: '乡管干部',
  village_cadre: '村干部',
  other: '其他',
};
const GENDER_LABEL: Record<string, string> = { male: '男', female: '女' };

const Gender = Nullable(Enum(['male', 'female'] as const, 'Gender'));

const Staff = Obj(
  {
    id: Id('Staff id'),
    unitId: Id('Unit'),
    unitName: Nullable(Str('Unit name')),
    name: Str('Name'),
    gender: Gender,
    position: Str('Position'),
    education: Nullable(Str('Education')),
    partyMember: Bool('Party member'),
    birthDate: Nullable(DateStr('Date of birth')),
    workStartDate: Nullable(DateStr('Started working')),
    unitStartDate: Nullable(DateStr('Joined this unit')),
    active: Bool('In post'),
    version: Int('Row version'),
  },
  { description: 'Staff member' },
);

const StaffBody = {
  unitId: Id('Unit'),
  name: Str('Name', { min: 1, max: 40 }),
  gender: Type.Optional(Gender),
  position: Str('Position', { min: 1, max: 60 }),
  education: Type.Optional(Nullable(Str('Education', { max: 30 }))),
  partyMember: Type.Optional(Bool('Party member')),
  birthDate: Type.Optional(Nullable(DateStr('Date of birth'))),
  workStartDate: Type.Optional(Nullable(DateStr('Started working'))),
  unitStartDate: Type.Optional(Nullable(DateStr('Joined this unit'))),
  active: Type.Optional(Bool('In post')),
};

const Subject = Obj(
  {
    id: Id('Subject id'),
    name: Str('Name'),
    gender: Gender,
    position: Str('Position'),
    employer: Str('Workplace'),
    regionCode: RegionCode('Region'),
    regionName: Nullable(Str('Region name')),
    cadreAuthority: Enum(CADRE_AUTHORITIES, 'Cadre authority (干部管理权限)'),
    ownerUnitId: Id('Unit competent for this person'),
    partyMember: Bool('Party member'),
    active: Bool('Current'),
    version: Int('Row version'),
  },
  { description: 'Subject (person under supervision)' },
);

const SubjectBody = {
  name: Str('Name', { min: 1, max: 40 }),
  gender: Type.Optional(Gender),
  position: Str('Position', { min: 1, max: 60 }),
  employer: Str('Workplace', { min: 1, max: 80 }),
  regionCode: RegionCode('Region'),
  cadreAuthority: Enum(CADRE_AUTHORITIES, 'Cadre authority'),
  partyMember: Type.Optional(Bool('Party member')),
  active: Type.Optional(Bool('Current')),
  ownerUnitId: Type.Optional(Id('Owner unit; default: the competent body by cadre authority')),
};

const IdParam = IdParams('Record id');
const StaffFilters = {
  q: Type.Optional(Str('Name contains', { max: 40 })),
  unitId: Type.Optional(Id('Only this unit')),
};
const SubjectFilters = {
  q: Type.Optional(Str('Name contains', { max: 40 })),
  cadreAuthority: Type.Optional(Enum(CADRE_AUTHORITIES, 'Only this cadre authority')),
  regionCode: Type.Optional(RegionCode('Only this region')),
};

/** Routes for staff and subjects (capability C1: people), scoped in SQL. */
export const peopleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/staff',
    {
      config: { access: { permission: 'staff.read' } },
      schema: {
        tags: ['people'],
        summary: 'List staff in scope',
        querystring: Obj({ ...StaffFilters, ...PageQuery }, { description: 'Filters' }),
        response: { 200: PagedOf(Staff, 'Staff'), ...errorResponses },
      },
    },
    async (req) => ({ ...(await listStaff(req.ctx, req.query)), page: req.query.page, pageSize: req.query.pageSize }),
  );

  app.get(
    '/api/staff/export.xlsx',
    {
      config: { access: { permission: 'staff.read' } },
      schema: {
        tags: ['people'],
        summary: 'Export the filtered staff list',
        querystring: Obj(StaffFilters, { description: 'Filters' }),
      },
    },
    async (req, reply) => {
      if (!can(req.ctx, 'org.export')) throw errors.forbidden('org.export');
      return sendXlsx(
        reply,
        '纪检监察干部.xlsx',
        '干部',
        [
          { header: '姓名', value: (r) => r.name },
          { header: '单位', width: 30, value: (r) => r.unitName },
          { header: '职务', width: 20, value: (r) => r.position },
          { header: '性别', value: (r) => (r.gender ? GENDER_LABEL[r.gender]! : null) },
          { header: '学历', value: (r) => r.education },
          { header: '党员', value: (r) => (r.partyMember ? '是' : '否') },
          { header: '出生日期', value: (r) => r.birthDate },
          { header: '参加工作时间', value: (r) => r.workStartDate },
          { header: '任现职时间', value: (r) => r.unitStartDate },
          { header: '在岗', value: (r) => (r.active ? '是' : '否') },
        ],
        iterateStaff(req.ctx, req.query),
      );
    },
  );

  app.get(
    '/api/staff/:id',
    {
      config: { access: { permission: 'staff.read' } },
      schema: {
        tags: ['people'],
        summary: 'Get a staff member (audited read)',
        params: IdParam,
        response: { 200: Staff, ...errorResponses },
      },
    },
    async (req) => readStaffAudited(req.ctx, req.params.id),
  );

  app.post(
    '/api/staff',
    {
      config: { access: { permission: 'staff.manage' } },
      schema: {
        tags: ['people'],
        summary: 'Add a staff member',
        body: Obj(StaffBody, { description: 'New staff member' }),
        response: { 201: Staff, ...errorResponses },
      },
    },
    async (req, reply) => {
      reply.status(201);
      return createStaff(req.ctx, req.body);
    },
  );

  app.patch(
    '/api/staff/:id',
    {
      config: { access: { permission: 'staff.manage' } },
      schema: {
        tags: ['people'],
        summary: 'Edit a staff member',
        params: IdParam,
        body: Obj(
          { ...allOptional(StaffBody), version: Int('Version the edit is based on') },
          { description: 'Changes (fields left out keep their values)' },
        ),
        response: { 200: Staff, ...errorResponses },
      },
    },
    async (req) => updateStaff(req.ctx, req.params.id, req.body),
  );

  app.get(
    '/api/subjects',
    {
      config: { access: { permission: 'subject.read' } },
      schema: {
        tags: ['people'],
        summary: 'List subjects in scope',
        querystring: Obj({ ...SubjectFilters, ...PageQuery }, { description: 'Filters' }),
        response: { 200: PagedOf(Subject, 'Subjects'), ...errorResponses },
      },
    },
    async (req) => ({
      ...(await listSubjects(req.ctx, req.query)),
      page: req.query.page,
      pageSize: req.query.pageSize,
    }),
  );

  app.get(
    '/api/subjects/export.xlsx',
    {
      config: { access: { permission: 'subject.read' } },
      schema: {
        tags: ['people'],
        summary: 'Export the filtered subject list',
        querystring: Obj(SubjectFilters, { description: 'Filters' }),
      },
    },
    async (req, reply) => {
      if (!can(req.ctx, 'org.export')) throw errors.forbidden('org.export');
      return sendXlsx(
        reply,
        '监督对象.xlsx',
        '监督对象',
        [
          { header: '姓名', value: (r) => r.name },
          { header: '职务', width: 20, value: (r) => r.position },
          { header: '工作单位', width: 30, value: (r) => r.employer },
          { header: '行政区划代码', width: 16, value: (r) => r.regionCode },
          { header: '所在地', width: 16, value: (r) => r.regionName },
          { header: '干部管理权限', value: (r) => CADRE_LABEL[r.cadreAuthority] ?? r.cadreAuthority },
          { header: '党员', value: (r) => (r.partyMember ? '是' : '否') },
        ],
        iterateSubjects(req.ctx, req.query),
      );
    },
  );

  app.get(
    '/api/subjects/:id',
    {
      config: { access: { permission: 'subject.read' } },
      schema: {
        tags: ['people'],
        summary: 'Get a subject (audited read)',
        params: IdParam,
        response: { 200: Subject, ...errorResponses },
      },
    },
    async (req) => readSubjectAudited(req.ctx, req.params.id),
  );

  app.post(
    '/api/subjects',
    {
      config: { access: { permission: 'subject.manage' } },
      schema: {
        tags: ['people'],
        summary: 'Add a subject',
        body: Obj(SubjectBody, { description: 'New subject' }),
        response: { 201: Subject, ...errorResponses },
      },
    },
    async (req, reply) => {
      reply.status(201);
      return createSubject(req.ctx, req.body);
    },
  );

  app.patch(
    '/api/subjects/:id',
    {
      config: { access: { permission: 'subject.manage' } },
      schema: {
        tags: ['people'],
        summary: 'Edit a subject',
        params: IdParam,
        body: Obj(
          { ...allOptional(SubjectBody), version: Int('Version the edit is based on') },
          { description: 'Changes (fields left out keep their values)' },
        ),
        response: { 200: Subject, ...errorResponses },
      },
    },
    async (req) => updateSubject(req.ctx, req.params.id, req.body),
  );
};
