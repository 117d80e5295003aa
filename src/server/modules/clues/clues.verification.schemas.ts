/** Request and response schemas of preliminary verification (初步核实), every field described. */
import { Type } from '@sinclair/typebox';
import { Bool, DateStr, Enum, Id, Instant, Int, Nullable, Obj, Str } from '../../http/schema.js';
import { CLUE_STATUSES, VERIFICATION_OUTCOMES } from '../../shared/clues.codes.js';
import {
  VERIFICATION_MEASURES,
  VERIFICATION_STATUS_LABELS,
  type VerificationStatus,
} from '../../shared/verification.codes.js';
import { ClueVersion } from './clues.schemas.js';

const STATUSES = Object.keys(VERIFICATION_STATUS_LABELS) as VerificationStatus[];
const TEAM_ROLES = ['leader', 'member'] as const;
const Paragraphs = (description: string, min: number) =>
  Type.Array(Str('One paragraph', { min: 1, max: 4000 }), { description, minItems: min, maxItems: 50 });
const Phase = Obj(
  {
    period: Str('When, e.g. 2026年12月10日至12月20日', { min: 1, max: 100 }),
    work: Str('What is done in the phase', { min: 1, max: 1000 }),
  },
  { description: 'Schedule phase' },
);

/** People to check before they join a verification team. */
export const TeamCheckBody = Obj(
  {
    userIds: Type.Array(Id('Person considered'), {
      description: 'The people considered for the team',
      minItems: 1,
      maxItems: 20,
      uniqueItems: true,
    }),
  },
  { description: 'Team check' },
);

/** A conflict check's result. */
export const TeamCheckResult = Obj(
  {
    checkId: Id('The recorded check (confirm warnings with it, then submit the plan with it)'),
    people: Type.Array(
      Obj(
        {
          userId: Id('Person'),
          name: Str('Name'),
          outcome: Enum(['clear', 'warn', 'refuse'] as const, 'clear; warn (confirm to assign); refuse (never)'),
          reasons: Type.Array(
            Obj({ code: Str('Reason code'), text: Str('Reason in words') }, { description: 'Reason' }),
            {
              description: 'Reasons',
            },
          ),
        },
        { description: 'One person' },
      ),
      { description: 'Outcome per person' },
    ),
  },
  { description: 'Conflict check' },
);

/** The work plan and team submitted for approval. */
export const VerificationPlanBody = Obj(
  {
    version: ClueVersion,
    objectives: Str('What the verification must establish (核查目标)', { min: 2, max: 4000 }),
    measures: Type.Array(Enum(VERIFICATION_MEASURES, 'A GZ 第三十四条 measure'), {
      description: 'Measures to be used',
      minItems: 1,
      maxItems: VERIFICATION_MEASURES.length,
      uniqueItems: true,
    }),
    schedule: Type.Array(Phase, { description: 'Work steps and schedule', minItems: 1, maxItems: 20 }),
    plannedEndOn: DateStr('Planned completion date (after today): the clock 初核工作方案期限 runs to it'),
    // At least one here: a team of one is refused by the service with VERIFICATION_TEAM_TOO_SMALL.
    team: Type.Array(
      Obj({ userId: Id('Member'), role: Enum(TEAM_ROLES, 'leader (组长) or member') }, { description: 'Member' }),
      { description: 'The 核查组: at least 2, one leader', minItems: 1, maxItems: 20 },
    ),
    checkId: Id('The conflict check run on exactly these people'),
  },
  { description: 'Verification plan' },
);

/** The report's parts (GZ 第三十五条). */
const ReportFields = {
  background: Paragraphs('一、被核查人基本情况', 1),
  basis: Paragraphs('三、核查依据', 1),
  findings: Paragraphs('四、核实情况', 1),
  doubts: Paragraphs('五、存疑问题 (empty: none)', 0),
  proposal: Enum(VERIFICATION_OUTCOMES, '六、处置建议'),
  proposalReason: Str('Why this proposal', { min: 2, max: 4000 }),
  transferTo: Type.Optional(Nullable(Str('The party organisation a transfer goes to', { max: 200 }))),
};

/** A save of the report's text. */
export const VerificationReportBody = Obj(
  { version: Int('Verification version read (optimistic locking)', { min: 1 }), ...ReportFields },
  { description: 'Verification report' },
);

/** A member's signature over the text they read. */
export const SignatureBody = Obj(
  { contentHash: Str('Hash of the report text signed (reportHash as read)', { pattern: '^[0-9a-f]{64}$' }) },
  { description: 'Signature' },
);

/** A submission of the signed report. */
export const SubmissionBody = Obj(
  { version: Int('Verification version read (optimistic locking)', { min: 1 }) },
  { description: 'Submission' },
);

/** The verification of a clue as the 初核 panel reads it. */
export const VerificationViewSchema = Obj(
  {
    clueStatus: Enum(CLUE_STATUSES, 'State of the clue'),
    clueVersion: Int('Row version of the clue'),
    verification: Nullable(
      Obj(
        {
          id: Id('Verification id'),
          status: Enum(STATUSES, 'State of the verification'),
          version: Int('Row version of the verification'),
          objectives: Str('Objectives'),
          measures: Type.Array(Enum(VERIFICATION_MEASURES, 'Measure'), { description: 'Measures' }),
          schedule: Type.Array(Phase, { description: 'Schedule' }),
          plannedEndOn: Nullable(DateStr('Planned completion date, as extended (null: a plan from before)')),
          planApprovalId: Nullable(Id('Approval of the plan')),
          planApprovedAt: Nullable(Instant('Plan approved')),
          team: Type.Array(
            Obj(
              {
                userId: Id('Member'),
                name: Str('Name'),
                role: Enum(TEAM_ROLES, 'Role'),
                position: Str('Unit'),
                signedAt: Nullable(Instant('Signed the current text at (null: not yet)')),
              },
              { description: 'Member' },
            ),
            { description: 'The 核查组' },
          ),
          report: Nullable(Obj(ReportFields, { description: 'The report as saved' })),
          reportHash: Nullable(Str('Hash of the current text (what members sign)')),
          reportApprovalId: Nullable(Id('Approval of the report')),
          voidedSignatures: Int('Signatures voided by later changes of the text'),
          outcome: Nullable(Enum(VERIFICATION_OUTCOMES, 'Approved outcome')),
          decidedAt: Nullable(Instant('Report approved')),
        },
        { description: 'Verification' },
      ),
    ),
    abilities: Obj(
      {
        plan: Bool('May submit a plan'),
        edit: Bool('May edit the report'),
        sign: Bool('May sign the current text'),
        submit: Bool('May submit the signed report'),
      },
      { description: 'What the reader may do' },
    ),
  },
  { description: 'Verification of a clue' },
);

/** A recorded extension of the work plan's period, with the organ head who approved it. */
export const VerificationExtensionBody = Obj(
  {
    version: Int('Row version of the verification as read'),
    plannedEndOn: DateStr('The new planned completion date (after the current one)'),
    reason: Str('Why the period is extended', { min: 2, max: 1000 }),
    approverId: Type.Optional(
      Id('Who approved (本机关负责人: the commission leader or the township secretary); default: the caller'),
    ),
  },
  { description: 'Extension' },
);
