/**
 * The whole schema as Kysely sees it: each module declares the tables it owns beside its code
 * (`modules/<module>/<module>.tables.ts`) and this file composes them. Columns mirror the
 * migrations: instants and dates are ISO text, booleans are 0/1 integers, JSON is text.
 */
import type { OrgTables } from '../modules/org/index.js';
import type { ZonesTables } from '../modules/zones/index.js';
import type { PeopleTables } from '../modules/people/index.js';
import type { AuthTables } from '../modules/auth/index.js';
import type { AccessTables } from '../modules/access/index.js';
import type { AuditTables } from '../modules/audit/index.js';
import type { JobsTables } from '../modules/jobs/index.js';
import type { CalendarTables } from '../modules/calendar/index.js';
import type { ReportsTables } from '../modules/reports/index.js';
import type { DeadlinesTables } from '../modules/deadlines/index.js';
import type { AttachmentsTables } from '../modules/attachments/index.js';
import type { CluesTables } from '../modules/clues/index.js';
import type { ClueVerificationTables } from '../modules/clues/index.js';
import type { NumberingTables } from '../modules/numbering/index.js';
import type { NotificationsTables } from '../modules/notifications/index.js';
import type { WorkbenchTables } from '../modules/workbench/index.js';
import type { RecusalTables } from '../modules/recusal/index.js';
import type { ApprovalsTables } from '../modules/approvals/index.js';
import type { CasesTables } from '../modules/cases/index.js';
import type { CaseEvidenceTables } from '../modules/cases/index.js';
import type { CasesZoneTables } from '../modules/cases/index.js';
import type { CaseMeasuresTables } from '../modules/cases/index.js';
import type { CasePlansTables } from '../modules/cases/index.js';
import type { QualityTables } from '../modules/quality/index.js';
import type { ReviewTables } from '../modules/review/index.js';
import type { SanctionsTables } from '../modules/sanctions/index.js';
import type { RectificationTables } from '../modules/rectification/index.js';
import type { MeetingsTables } from '../modules/meetings/index.js';
import type { InspectionsTables } from '../modules/inspections/index.js';
import type { DisclosureTables } from '../modules/disclosure/index.js';
import type { MicroPowersTables } from '../modules/micro-powers/index.js';
import type { QrSupervisionTables } from '../modules/qr-supervision/index.js';
import type { GridTables } from '../modules/grid/index.js';
import type { OpsTables } from '../ops/index.js';

/** Platform settings (key → JSON value): the seed's preset marker, later county settings. */
export interface SettingTable {
  key: string;
  value: string;
  updated_at: string;
}

/** Tables that belong to the platform rather than to one module. */
export interface PlatformTables {
  settings: SettingTable;
}

/** The whole database, as Kysely sees it. */
export interface Database
  extends
    PlatformTables,
    OrgTables,
    ZonesTables,
    PeopleTables,
    AuthTables,
    AccessTables,
    AuditTables,
    JobsTables,
    CalendarTables,
    ReportsTables,
    DeadlinesTables,
    AttachmentsTables,
    CluesTables,
    ClueVerificationTables,
    NumberingTables,
    NotificationsTables,
    WorkbenchTables,
    RecusalTables,
    ApprovalsTables,
    CasesTables,
    CaseMeasuresTables,
    CasePlansTables,
    CasesZoneTables,
    CaseEvidenceTables,
    QualityTables,
    ReviewTables,
    SanctionsTables,
    RectificationTables,
    MeetingsTables,
    InspectionsTables,
    DisclosureTables,
    MicroPowersTables,
    QrSupervisionTables,
    GridTables,
    OpsTables {}
