/** Request and response schemas of the inspections' routes; every field described (feeds OpenAPI). */
import { Type } from '@sinclair/typebox';
import { Bool, DateStr, Enum, Id, Instant, Int, Nullable, Obj, PageQuery, RegionCode, Str } from '../../http/schema.js';
import {
  CHECKLIST_KINDS,
  CHECK_RESULTS,
  EVIDENCE_KINDS,
  INSPECTION_KINDS,
  INSPECTION_TOPICS,
  NEXT_STEPS,
  TALK_KINDS,
} from '../../shared/inspections.codes.js';
import { PROBLEM_SEVERITIES } from '../../shared/rectification.codes.js';

const TEMPLATE_STATUSES = ['draft', 'issued', 'superseded'] as const;
const INSPECTION_STATUSES = ['draft', 'submitted', 'approved', 'in_progress', 'reported', 'closed'] as const;
const LEVELS = ['county', 'township'] as const;

const itemProps = {
  label: Str('What to check', { min: 1, max: 200 }),
  method: Str('How to check it', { max: 300 }),
  evidence: Enum(EVIDENCE_KINDS, 'The evidence required: none | photo | document | note'),
  category: Str('Category (e.g. 三资管理)', { max: 40 }),
};

/** One item as given. */
const ItemBody = Obj(
  {
    code: Type.Optional(Str('Stable code (default item<n>)', { min: 1, max: 40, pattern: '^[a-z][a-z0-9_]*$' })),
    ...itemProps,
  },
  { description: 'A checklist item' },
);

/** One item as stored. */
export const ItemSchema = Obj(
  { code: Str('Stable code'), ...itemProps, position: Int('Order, from 1') },
  { description: 'A checklist item' },
);

/** A new template series. */
export const TemplateBody = Obj(
  {
    kind: Enum(CHECKLIST_KINDS, 'manual | task_list | village_checklist | responsibility_lists'),
    title: Str('Title', { min: 2, max: 100 }),
    items: Type.Array(ItemBody, { description: 'Items in order', minItems: 1, maxItems: 200 }),
  },
  { description: 'A new template' },
);

/** Changing a template. */
export const TemplateUpdateBody = Obj(
  {
    title: Type.Optional(Str('Title', { min: 2, max: 100 })),
    items: Type.Array(ItemBody, { description: 'Items in order', minItems: 1, maxItems: 200 }),
    version: Int("The template's version read"),
  },
  { description: 'The new items (an issued version gives a new draft version)' },
);

/** A version lock. */
export const VersionBody = Obj({ version: Int('The version read') }, { description: 'Version' });

/** A template as shown. */
export const TemplateSchema = Obj(
  {
    id: Id('Template version'),
    seriesId: Id('Its lineage'),
    kind: Enum(CHECKLIST_KINDS, 'Kind'),
    title: Str('Title'),
    level: Enum(LEVELS, 'County or township'),
    townshipCode: Nullable(Str('The township (township templates)')),
    ownerUnitId: Id('Owning unit'),
    templateVersion: Int('Version number in its lineage'),
    status: Enum(TEMPLATE_STATUSES, 'draft | issued | superseded'),
    basedOn: Nullable(
      Obj(
        { id: Id('County version'), templateVersion: Int('Its number'), title: Str('Its title') },
        { description: 'The county version a township adapted' },
      ),
    ),
    items: Type.Array(ItemSchema, { description: 'Items in order' }),
    issuedAt: Nullable(Instant('Issued at')),
    version: Int('Row version (optimistic lock)'),
    createdAt: Instant('Created at'),
    canAdapt: Bool('The reader may adapt it: an issued county version, and checklist.manage in a township commission'),
  },
  { description: 'A checklist template version' },
);

/** The template list's filters. */
export const TemplateQuery = Obj(
  {
    kind: Type.Optional(Enum(CHECKLIST_KINDS, 'Kind')),
    status: Type.Optional(Enum(TEMPLATE_STATUSES, 'Status')),
    level: Type.Optional(Enum(LEVELS, 'Level')),
  },
  { description: 'Filters' },
);

/** The template list. */
export const TemplateListSchema = Obj(
  {
    items: Type.Array(
      Obj(
        {
          id: Id('Template version'),
          seriesId: Id('Lineage'),
          kind: Enum(CHECKLIST_KINDS, 'Kind'),
          title: Str('Title'),
          level: Enum(LEVELS, 'Level'),
          townshipCode: Nullable(Str('Township')),
          templateVersion: Int('Version number'),
          status: Enum(TEMPLATE_STATUSES, 'Status'),
          basedOnId: Nullable(Id('County version adapted')),
          items: Int('Number of items'),
          issuedAt: Nullable(Instant('Issued at')),
        },
        { description: 'A template line' },
      ),
      { description: 'Templates' },
    ),
  },
  { description: 'Templates readable by the actor' },
);

/** The adaptations of a county series. */
export const AdaptationListSchema = Obj(
  {
    items: Type.Array(
      Obj(
        {
          templateId: Id('The township template'),
          townshipCode: Nullable(Str('Township')),
          unitName: Str('Township unit'),
          templateVersion: Int('Its version'),
          status: Enum(TEMPLATE_STATUSES, 'Its status'),
          basedOnId: Id('County version adapted'),
          basedOnVersion: Int('That version number'),
        },
        { description: 'An adaptation' },
      ),
      { description: 'Adaptations, newest first' },
    ),
  },
  { description: 'Which townships adapted which version' },
);

const TargetBody = Type.Union(
  [
    Obj({ kind: Type.Literal('unit', { description: 'A unit' }), unitId: Id('The unit') }, { description: 'A unit' }),
    Obj(
      { kind: Type.Literal('region', { description: 'A village or township' }), regionCode: RegionCode('The region') },
      { description: 'A village or township' },
    ),
    Obj(
      {
        kind: Type.Literal('project', { description: 'A project' }),
        name: Str('Project name', { min: 2, max: 100 }),
        regionCode: RegionCode('Where it is'),
      },
      { description: 'A project' },
    ),
  ],
  { description: 'A target' },
);

/** A new plan. */
export const InspectionBody = Obj(
  {
    title: Str('Title', { min: 2, max: 100 }),
    kind: Enum(INSPECTION_KINDS, 'routine | special | escalated | cross | tour'),
    topic: Type.Optional(Nullable(Enum(INSPECTION_TOPICS, 'Topic of a special inspection'))),
    topicText: Type.Optional(Nullable(Str('The campaign the county names, or more words', { max: 100 }))),
    scopeText: Str('Purpose and scope', { min: 2, max: 1000 }),
    periodFrom: DateStr('First day'),
    periodTo: DateStr('Last day'),
    targets: Type.Array(TargetBody, { description: 'Targets', minItems: 1, maxItems: 50 }),
    leaderId: Id('Team leader (account)'),
    members: Type.Array(Id('A member (account)'), { description: 'Other members', maxItems: 30 }),
    checklists: Type.Array(Id('An issued template version'), { description: 'Checklists', minItems: 1, maxItems: 10 }),
  },
  { description: 'A new inspection plan' },
);

const FileSchemaProps = {
  id: Id('File'),
  name: Str('File name'),
  contentType: Str('Content type'),
  sizeBytes: Int('Size'),
  sha256: Str('SHA-256 of the stored bytes'),
};

/** A stored file. */
export const CheckFileSchema = Obj(
  { ...FileSchemaProps, createdAt: Instant('Stored at') },
  { description: 'A photo or document for a check' },
);

/** A finding. */
export const FindingSchema = Obj(
  {
    id: Id('Finding'),
    seq: Int('Number in the inspection'),
    checkId: Nullable(Id('The check')),
    targetId: Id('Target'),
    targetLabel: Str('Target'),
    itemLabel: Str('Checklist item'),
    what: Str('The problem'),
    severity: Enum(PROBLEM_SEVERITIES, 'Severity'),
    responsibleUnitId: Nullable(Id('Responsible unit')),
    responsibleUnitName: Nullable(Str('Responsible unit')),
    responsiblePerson: Nullable(Str('Responsible person')),
    subjectId: Nullable(Id('Registry person concerned')),
    nextStep: Nullable(Enum(NEXT_STEPS, 'rectification | talk | recommendation | clue')),
    dueOn: Nullable(DateStr('Rectification deadline')),
    rectificationItemId: Nullable(Id('Rectification item')),
    talkId: Nullable(Id('Talk')),
    clueId: Nullable(Id('Clue')),
    recommendationId: Nullable(Id('Recommendation (linked later)')),
    decisionNote: Nullable(Str('Note')),
    decidedAt: Nullable(Instant('Decided at')),
    version: Int('Finding version'),
  },
  { description: 'A finding' },
);

/** An inspection as shown. */
export const InspectionSchema = Obj(
  {
    id: Id('Inspection'),
    title: Str('Title'),
    kind: Enum(INSPECTION_KINDS, 'Kind'),
    topic: Nullable(Enum(INSPECTION_TOPICS, 'Topic')),
    topicText: Nullable(Str('Topic words')),
    scopeText: Str('Scope'),
    periodFrom: DateStr('First day'),
    periodTo: DateStr('Last day'),
    status: Enum(INSPECTION_STATUSES, 'Status'),
    approvalId: Nullable(Id('Approval of the plan')),
    organiserUnitId: Id('Organising unit'),
    organiserUnitName: Str('Organising unit'),
    targets: Type.Array(
      Obj(
        {
          id: Id('Target'),
          kind: Enum(['unit', 'region', 'project'] as const, 'Kind'),
          unitId: Nullable(Id('Unit')),
          regionCode: Nullable(Str('Region')),
          label: Str('Name'),
        },
        { description: 'A target' },
      ),
      { description: 'Targets' },
    ),
    team: Type.Array(
      Obj(
        {
          userId: Id('Account'),
          name: Str('Name'),
          unitName: Str('Unit'),
          role: Enum(['leader', 'member'] as const, 'Role'),
          conflictCheck: Nullable(
            Obj(
              {
                checkedAt: Instant('When the check ran'),
                outcome: Enum(['refuse', 'warn', 'clear'] as const, 'What it said'),
                reasons: Type.Array(Str('A reason in words'), { description: 'Its reasons (none when cleared)' }),
                confirmedAt: Nullable(Instant('When a warning was confirmed')),
                confirmReason: Nullable(Str('Why the warning was confirmed')),
              },
              { description: 'What the recusal engine recorded for the member (null: no check kept)' },
            ),
          ),
        },
        { description: 'A member' },
      ),
      { description: 'Team' },
    ),
    reader: Obj(
      {
        teamRole: Nullable(Enum(['leader', 'member'] as const, 'The reader on the team (null: not on it)')),
        organiser: Bool('The reader holds inspection.manage over the organiser (submits, closes, decides findings)'),
      },
      { description: "The reader's place: what the console offers them" },
    ),
    checklists: Type.Array(
      Obj(
        {
          id: Id('Checklist of this inspection'),
          templateId: Id('Template version'),
          templateVersion: Int('Version number'),
          kind: Str('Kind'),
          title: Str('Title'),
          items: Type.Array(ItemSchema, { description: 'Items as frozen' }),
        },
        { description: 'A checklist' },
      ),
      { description: 'Checklists' },
    ),
    checks: Type.Array(
      Obj(
        {
          id: Id('Check'),
          targetId: Id('Target'),
          checklistId: Id('Checklist'),
          itemCode: Str('Item'),
          result: Enum(CHECK_RESULTS, 'pass | wanting | not_applicable'),
          note: Nullable(Str('Note')),
          recordedBy: Nullable(Str('Recorded by')),
          recordedAt: Instant('Recorded at'),
          files: Type.Array(Obj(FileSchemaProps, { description: 'A file' }), { description: 'Files' }),
        },
        { description: 'A check' },
      ),
      { description: 'Checks recorded' },
    ),
    findings: Type.Array(FindingSchema, { description: 'Findings' }),
    report: Nullable(
      Obj(
        {
          summary: Str('Summary'),
          recommendations: Nullable(Str('Recommendations')),
          reportedAt: Instant('Reported at'),
        },
        { description: 'The report' },
      ),
    ),
    closedAt: Nullable(Instant('Closed at')),
    version: Int('Version (optimistic lock)'),
    createdAt: Instant('Created at'),
  },
  { description: 'An inspection' },
);

/** The inspection list's filters. */
export const InspectionQuery = Obj(
  {
    status: Type.Optional(Enum(INSPECTION_STATUSES, 'Status')),
    kind: Type.Optional(Enum(INSPECTION_KINDS, 'Kind')),
    mine: Type.Optional(Bool('Only those on whose team I am')),
    unitId: Type.Optional(Id('Only those organised by this unit')),
    from: Type.Optional(DateStr('Only those whose period ends on or after this day')),
    to: Type.Optional(DateStr('Only those whose period starts on or before this day')),
    ...PageQuery,
  },
  { description: 'Filters' },
);

/** One line of the inspection list. */
export const InspectionLineSchema = Obj(
  {
    id: Id('Inspection'),
    title: Str('Title'),
    kind: Enum(INSPECTION_KINDS, 'Kind'),
    status: Enum(INSPECTION_STATUSES, 'Status'),
    periodFrom: DateStr('First day'),
    periodTo: DateStr('Last day'),
    organiserUnitName: Str('Organising unit'),
    findings: Int('Findings'),
    createdAt: Instant('Created at'),
  },
  { description: 'An inspection line' },
);

/** Recording one item's result. */
export const CheckBody = Obj(
  {
    version: Int("The inspection's version read"),
    targetId: Id('Target'),
    checklistId: Id('Checklist of this inspection'),
    itemCode: Str('Item code', { min: 1, max: 40 }),
    result: Enum(CHECK_RESULTS, 'pass | wanting | not_applicable'),
    note: Type.Optional(Nullable(Str('Note (required when wanting or when the item asks for a note)', { max: 2000 }))),
    fileIds: Type.Optional(Type.Array(Id('An uploaded file'), { description: 'Files to attach', maxItems: 20 })),
  },
  { description: 'A check' },
);

/** Deciding a finding's next step. */
export const DecisionBody = Obj(
  {
    version: Int("The finding's version read"),
    nextStep: Enum(NEXT_STEPS, 'rectification | talk | recommendation | clue'),
    severity: Type.Optional(Enum(PROBLEM_SEVERITIES, 'Severity')),
    what: Type.Optional(Str('The problem, corrected', { min: 2, max: 2000 })),
    responsibleUnitId: Type.Optional(Nullable(Id('Responsible unit'))),
    responsiblePerson: Type.Optional(Nullable(Str('Responsible person', { max: 60 }))),
    subjectId: Type.Optional(Nullable(Id('Registry person (subjects.id)'))),
    dueOn: Type.Optional(Nullable(DateStr('Rectification deadline'))),
    measures: Type.Optional(Nullable(Str('Rectification measures', { max: 2000 }))),
    talk: Type.Optional(
      Obj(
        {
          kind: Enum(TALK_KINDS, 'reminder_talk | criticism | self_examination | admonition'),
          talkedOn: DateStr('Day of the talk'),
          note: Type.Optional(Nullable(Str('Note', { max: 2000 }))),
        },
        { description: 'The talk' },
      ),
    ),
    clueCategories: Type.Optional(Type.Array(Str('Category code'), { description: 'Clue categories', maxItems: 10 })),
    note: Type.Optional(Nullable(Str('Why', { max: 2000 }))),
  },
  { description: 'The decision' },
);

/** Writing the report. */
export const ReportBody = Obj(
  {
    version: Int("The inspection's version read"),
    summary: Str('Summary', { min: 2, max: 10000 }),
    recommendations: Type.Optional(Nullable(Str('Recommendations', { max: 10000 }))),
  },
  { description: 'The report' },
);

/** The team picker's search. */
export const CandidateQuery = Obj(
  { q: Type.Optional(Str('Part of the name', { max: 40 })) },
  { description: 'Search' },
);

/** The people the team picker offers. */
export const CandidateListSchema = Obj(
  {
    items: Type.Array(
      Obj(
        { id: Id('Account'), name: Str('Name'), unitName: Str('Unit') },
        { description: 'A person who may sit on a team' },
      ),
      { description: 'People (at most 100)' },
    ),
  },
  { description: "Active accounts of the actor's county" },
);
