/** TypeBox schemas of the grid's routes (staff console and the informants' phone app). */
import { Type } from '@sinclair/typebox';
import { Bool, DateStr, Enum, Id, Instant, Int, Nullable, Obj, RegionCode, Str } from '../../http/schema.js';
import { PUBLIC_SUBJECT_ROLES } from '../../shared/reports.codes.js';
import { GRID_TASK_KINDS } from './grid.service.js';

const PersonName = (d: string) => Str(d, { min: 1, max: 50 });

/** Setting up an outpost. */
export const OutpostBody = Obj(
  {
    regionCode: RegionCode('The village (12 digits)'),
    head: PersonName('Head: the village supervision committee chair (sealed)'),
    deputies: Type.Array(PersonName('A deputy: a committee member (sealed)'), { maxItems: 6, description: 'Deputies' }),
  },
  { description: 'A village outpost' },
);

/** An outpost. */
export const OutpostSchema = Obj(
  {
    id: Id('Outpost id'),
    regionCode: Str('Village code'),
    name: Str('Name'),
    head: Str('Head'),
    deputies: Type.Array(Str('Deputy'), { description: 'Deputies' }),
    informantCount: Int('Active informants'),
    createdAt: Instant('Set up at'),
  },
  { description: 'Outpost' },
);

/** A training an informant took. */
const Training = Obj({ on: DateStr('Date'), topic: Str('Topic', { min: 1, max: 100 }) }, { description: 'Training' });

/** Appointing an informant. */
export const InformantBody = Obj(
  {
    outpostId: Id('The outpost'),
    groupCode: RegionCode('The villager group (15 digits) of the outpost village'),
    name: PersonName('Name (sealed)'),
    phone: Str('Mobile phone (sealed)', { min: 11, max: 11, pattern: '^1\\d{10}$' }),
    idNumber: Str('ID number (GB 11643; stored only as a keyed hash)', { min: 18, max: 20 }),
    termStart: DateStr('Term starts'),
    termEnd: DateStr('Term ends (access ends with it)'),
    trainings: Type.Array(Training, { maxItems: 50, description: 'Trainings taken' }),
    dutySignedOn: Type.Optional(Nullable(DateStr('Duty statement signed on'))),
  },
  { description: 'An informant' },
);

/** An informant as the township sees it. */
export const InformantSchema = Obj(
  {
    id: Id('Informant id'),
    outpostId: Id('Outpost'),
    regionCode: Str('Village code'),
    groupCode: Str('Villager group code'),
    groupName: Str('Villager group'),
    name: Str('Name'),
    phone: Str('Phone (masked)'),
    termStart: DateStr('Term starts'),
    termEnd: DateStr('Term ends'),
    trainings: Type.Array(Training, { description: 'Trainings' }),
    dutySignedOn: Nullable(DateStr('Duty statement signed on')),
    status: Enum(['active', 'revoked'] as const, 'Status'),
    enrolled: Bool('A phone is bound'),
    locked: Bool('Locked after wrong PINs'),
  },
  { description: 'Informant' },
);

/** Filter of the informants list. */
export const InformantQuery = Obj({ outpostId: Type.Optional(Id('Only this outpost')) }, { description: 'Filter' });

/** An issued invitation (shown once). */
export const InvitationSchema = Obj(
  {
    token: Str('One-time token', { max: 64 }),
    path: Str('Link path: /r/informant#invite=<token> (the token is a fragment, never sent to a server)'),
    expiresAt: Instant('Valid until'),
  },
  { description: 'Invitation' },
);

/** Pushing a task. */
export const TaskBody = Obj(
  {
    informantId: Id('The informant'),
    kind: Enum(GRID_TASK_KINDS, 'Kind: subsidy_list (check a subsidy list is posted), villagers_meeting, other'),
    title: Str('What to do', { min: 1, max: 200 }),
    dueOn: Type.Optional(Nullable(DateStr('Due on'))),
  },
  { description: 'A task' },
);

/** A task. */
export const TaskSchema = Obj(
  {
    id: Id('Task id'),
    informantId: Type.Optional(Id('Informant')),
    informantName: Type.Optional(Str('Informant (masked)')),
    kind: Str('Kind'),
    title: Str('Title'),
    dueOn: Nullable(DateStr('Due on')),
    status: Enum(['open', 'done', 'confirmed'] as const, 'Status'),
    doneNote: Nullable(Str('Note when done', { max: 500 })),
    doneAt: Nullable(Instant('Done at')),
    confirmedAt: Nullable(Instant('Confirmed at')),
    createdAt: Instant('Pushed at'),
  },
  { description: 'Task' },
);

/** The county's points per event. */
export const RulesBody = Obj(
  {
    cluePoints: Int('Report became a clue', { min: 0, max: 100 }),
    casePoints: Int('A case filed on that clue', { min: 0, max: 100 }),
    falseReportPoints: Type.Integer({
      description: 'Report found to be a false accusation (negative)',
      minimum: -100,
      maximum: 0,
    }),
    taskPoints: Int('Confirmed task', { min: 0, max: 100 }),
  },
  { description: 'Scoring rules' },
);

/** The rules as read. */
export const RulesSchema = Obj(
  {
    cluePoints: Int('Report became a clue'),
    casePoints: Int('A case filed on that clue'),
    falseReportPoints: Type.Integer({ description: 'False accusation' }),
    taskPoints: Int('Confirmed task'),
    countyCode: Nullable(Str('County')),
    editable: Bool('The reader may change them'),
  },
  { description: 'Scoring rules' },
);

/** Which quarter. */
export const QuarterQuery = Obj(
  {
    quarter: Type.Optional(
      Str('Quarter, e.g. 2026-Q4 (default: the current one)', { pattern: '^\\d{4}-Q[1-4]$', max: 7 }),
    ),
  },
  { description: 'Quarter' },
);

const RankLine = Obj(
  {
    rank: Int('Rank'),
    key: Str('Informant id or village code'),
    name: Str('Name (an informant masked)'),
    village: Str('Village'),
    points: Type.Integer({ description: 'Points' }),
    events: Int('Scored events'),
  },
  { description: 'Ranking line' },
);

/** A quarter's rankings. */
export const RankingsSchema = Obj(
  {
    quarter: Str('Quarter'),
    informants: Type.Array(RankLine, { description: 'Informants' }),
    villages: Type.Array(RankLine, { description: 'Villages' }),
  },
  { description: 'Rankings' },
);

/** An informant's report as the township sees it (no content). */
export const GridReportSchema = Obj(
  {
    number: Str('Report number'),
    receivedAt: Instant('Received at'),
    status: Str('Status'),
    outcome: Nullable(Str('Outcome: clue, false_report or the disposition')),
    informant: Str('Informant (masked)'),
  },
  { description: 'Informant report' },
);

/** Redeeming an invitation. */
export const ActivationBody = Obj(
  {
    token: Str('Invitation token (from the link fragment)', { min: 20, max: 64 }),
    pin: Str('6-digit PIN', { min: 6, max: 6, pattern: '^\\d{6}$' }),
  },
  { description: 'Activation' },
);

/** Signing in with the PIN. */
export const SignInBody = Obj(
  { pin: Str('6-digit PIN', { min: 6, max: 6, pattern: '^\\d{6}$' }) },
  { description: 'PIN' },
);

/** A signed-in informant. */
export const SignedInSchema = Obj(
  { name: Str('Name'), csrfToken: Str('CSRF token for x-csrf-token') },
  { description: 'Signed in' },
);

/** The informant's own view. */
export const MeSchema = Obj(
  {
    name: Str('Name'),
    village: Str('Village'),
    group: Str('Villager group'),
    regionCode: Str('Village code'),
    termEnd: DateStr('Term ends'),
    csrfToken: Str('CSRF token'),
  },
  { description: 'Informant' },
);

/** A report from the phone. */
export const PhoneReportBody = Obj(
  {
    subjectName: Str('Person reported', { min: 1, max: 50 }),
    subjectPosition: Type.Optional(Str('Their position', { max: 100 })),
    subjectRole: Type.Optional(Enum(PUBLIC_SUBJECT_ROLES, 'Who they are (routes the report)')),
    content: Str('What happened', { min: 10, max: 5000 }),
    occurredOn: Type.Optional(DateStr('When')),
    place: Type.Optional(Str('Where', { max: 200 })),
  },
  { description: 'Report' },
);

/** A stored report, as the informant sees it. */
export const OwnReportSchema = Obj(
  { number: Str('Report number'), receivedAt: Instant('Received at'), status: Str('Status') },
  { description: 'Own report' },
);

/** Marking a task done. */
export const DoneBody = Obj({ note: Type.Optional(Str('What was found', { max: 500 })) }, { description: 'Done' });
