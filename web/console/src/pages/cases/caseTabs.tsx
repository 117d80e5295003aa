/**
 * The tabs of the case page, in display order: the one list the other parts of the case stage
 * add their tabs to (team and evidence, measures, plans and the report: one entry each, with
 * `visible` when a tab applies only in some states). The page shows each tab whose `visible`
 * holds and opens `?tab=<key>` when the link names one.
 */
import type { ComponentType } from 'react';
import type { CaseDetail } from '../../api/cases.js';
import { CaseActionsTab } from './CaseActionsTab.js';
import { CaseApprovalTab, CaseClocksTab, CaseTrailTab } from './CaseBasicTabs.js';
import { CaseEvidenceTab } from './CaseEvidenceTab.js';
import { CaseHandlingTab } from './CaseHandlingTab.js';
import { CaseMeasuresTab } from './CaseMeasuresTab.js';
import { CaseOverviewTab } from './CaseOverviewTab.js';
import { CasePropertyTab } from './CasePropertyTab.js';
import { CaseTeamPanel } from './CaseTeamPanel.js';
import { CaseZoneTab } from './CaseZoneTab.js';
import { caseFiled } from './caseWorkForms.js';
import { CONCLUSION_STATES, CaseConclusionTab } from './CaseConclusionTab.js';
import { CaseDocumentsTab } from './CaseDocumentsTab.js';
import { CasePlansTab } from './CasePlansTab.js';
import { CaseSanctionsTab } from '../sanctions/CaseSanctionsTab.js';

/** What a tab gets: the case as read, and a way to read it again after a write. */
export interface CaseTabProps {
  kase: CaseDetail;
  reload: () => void;
}

/** One tab of the case page. */
export interface CaseTab {
  /** `?tab=<key>` and `data-testid="case-tab-<key>"`. */
  key: string;
  /** i18n key of its title. */
  label: string;
  Component: ComponentType<CaseTabProps>;
  /** Whether the tab applies to this case (default: always). */
  visible?: (kase: CaseDetail) => boolean;
}

/** The case page's tabs. */
export const CASE_TABS: readonly CaseTab[] = [
  { key: 'overview', label: 'case.tabs.overview', Component: CaseOverviewTab },
  // The handling mode and, for a zone case, the zone's three rules (一案一授权、一案一汇报、一案一剖析).
  { key: 'handling', label: 'case.tabs.handling', Component: CaseHandlingTab },
  { key: 'zone', label: 'case.tabs.zone', Component: CaseZoneTab, visible: (kase) => kase.mode === 'zone' },
  { key: 'team', label: 'case.tabs.team', Component: CaseTeamPanel },
  { key: 'clocks', label: 'case.tabs.clocks', Component: CaseClocksTab },
  { key: 'approval', label: 'case.tabs.approval', Component: CaseApprovalTab },
  // The other parts of the stage add their tabs here, before the trail.
  // Team and evidence: the investigative actions, the evidence register, the seized property.
  { key: 'actions', label: 'case.action.tab', Component: CaseActionsTab, visible: caseFiled },
  { key: 'evidence', label: 'case.evidence.tab', Component: CaseEvidenceTab, visible: caseFiled },
  { key: 'property', label: 'case.property.tab', Component: CasePropertyTab, visible: caseFiled },
  { key: 'measures', label: 'case.measure.tab', Component: CaseMeasuresTab },
  // Plans, the end of the investigation and the documents:
  {
    key: 'plans',
    label: 'case.tabs.plans',
    Component: CasePlansTab,
    visible: (k) => k.status !== 'filing_requested' && k.status !== 'filing_returned' && k.status !== 'filing_rejected',
  },
  {
    key: 'conclusion',
    label: 'case.tabs.conclusion',
    Component: CaseConclusionTab,
    visible: (k) => CONCLUSION_STATES.includes(k.status),
  },
  // The outcomes the review's decision drafted (sanctions), once the case is closed.
  {
    key: 'sanctions',
    label: 'sanction.caseTab.title',
    Component: CaseSanctionsTab,
    visible: (k) => k.status === 'closed',
  },
  { key: 'documents', label: 'case.tabs.documents', Component: CaseDocumentsTab },
  { key: 'trail', label: 'case.tabs.trail', Component: CaseTrailTab },
];
