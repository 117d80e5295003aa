/** The console's root: antd locale and theme, the router, the session and the routes. */
import { Suspense, lazy } from 'react';
import type { ComponentType } from 'react';
import { App as AntApp, ConfigProvider } from 'antd';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { Permission } from './api/types.js';
import { antdLocale } from './i18n/antd-locale.js';
import { currentLanguage } from './i18n/index.js';
import { SessionProvider } from './auth/session.js';
import { AppLayout } from './components/AppLayout.js';
import { FullPageSpin } from './components/FullPageSpin.js';
import { NotFound, RequireAbility, RequireSession } from './components/guards.js';
import { WorkbenchPage } from './pages/workbench/WorkbenchPage.js';
import { LoginPage } from './pages/login/LoginPage.js';
import { PasswordChangePage } from './pages/login/PasswordChangePage.js';
import { TotpEnrolmentPage } from './pages/login/TotpEnrolmentPage.js';

/** Lazily loads a named page component so each page is its own chunk. */
function page<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  return lazy(async () => ({ default: (await load())[name] }));
}

const ReportsPage = page(() => import('./pages/reports/ReportsPage.js'), 'ReportsPage');
const RegisterReportPage = page(() => import('./pages/reports/RegisterReportPage.js'), 'RegisterReportPage');
const ReportDetailPage = page(() => import('./pages/reports/ReportDetailPage.js'), 'ReportDetailPage');
const CluesPage = page(() => import('./pages/clues/CluesPage.js'), 'CluesPage');
const RegisterCluePage = page(() => import('./pages/clues/RegisterCluePage.js'), 'RegisterCluePage');
const ClueDetailPage = page(() => import('./pages/clues/ClueDetailPage.js'), 'ClueDetailPage');
const ClueMeetingsPage = page(() => import('./pages/clues/ClueMeetingsPage.js'), 'ClueMeetingsPage');
const CluePoolPage = page(() => import('./pages/clues/CluePoolPage.js'), 'CluePoolPage');
const DeadlinesPage = page(() => import('./pages/deadlines/DeadlinesPage.js'), 'DeadlinesPage');
const OrgPage = page(() => import('./pages/org/OrgPage.js'), 'OrgPage');
const ZonesPage = page(() => import('./pages/zones/ZonesPage.js'), 'ZonesPage');
const ZoneDetailPage = page(() => import('./pages/zones/ZoneDetailPage.js'), 'ZoneDetailPage');
const StaffPage = page(() => import('./pages/staff/StaffPage.js'), 'StaffPage');
const SubjectsPage = page(() => import('./pages/subjects/SubjectsPage.js'), 'SubjectsPage');
const UsersPage = page(() => import('./pages/users/UsersPage.js'), 'UsersPage');
const RolesPage = page(() => import('./pages/roles/RolesPage.js'), 'RolesPage');
const AuditPage = page(() => import('./pages/audit/AuditPage.js'), 'AuditPage');
const CalendarPage = page(() => import('./pages/calendar/CalendarPage.js'), 'CalendarPage');
const TimerRulesPage = page(() => import('./pages/timers/TimerRulesPage.js'), 'TimerRulesPage');
const AccountPage = page(() => import('./pages/account/AccountPage.js'), 'AccountPage');
const DeclarationsPage = page(() => import('./pages/recusal/DeclarationsPage.js'), 'DeclarationsPage');
const RecusalsPage = page(() => import('./pages/recusal/RecusalsPage.js'), 'RecusalsPage');
const ApprovalsPage = page(() => import('./pages/approvals/ApprovalsPage.js'), 'ApprovalsPage');
const ApprovalDetailPage = page(() => import('./pages/approvals/ApprovalDetailPage.js'), 'ApprovalDetailPage');
const ApprovalPostsPage = page(() => import('./pages/approvals/ApprovalPostsPage.js'), 'ApprovalPostsPage');
const CasesPage = page(() => import('./pages/cases/CasesPage.js'), 'CasesPage');
const CaseDetailPage = page(() => import('./pages/cases/CaseDetailPage.js'), 'CaseDetailPage');
const FilingRequestPage = page(() => import('./pages/cases/FilingRequestPage.js'), 'FilingRequestPage');
const CaseBoardPage = page(() => import('./pages/cases/CaseBoardPage.js'), 'CaseBoardPage');
const CaseRecommendationsPage = page(
  () => import('./pages/case-recommendations/CaseRecommendationsPage.js'),
  'CaseRecommendationsPage',
);
const ReviewsPage = page(() => import('./pages/reviews/ReviewsPage.js'), 'ReviewsPage');
const ReviewDetailPage = page(() => import('./pages/reviews/ReviewDetailPage.js'), 'ReviewDetailPage');
const QualityReviewsPage = page(() => import('./pages/quality/QualityReviewsPage.js'), 'QualityReviewsPage');
const CaseMeasuresPage = page(() => import('./pages/case-measures/CaseMeasuresPage.js'), 'CaseMeasuresPage');
const RecusalSettingsPage = page(() => import('./pages/recusal/RecusalSettingsPage.js'), 'RecusalSettingsPage');
const SanctionsPage = page(() => import('./pages/sanctions/SanctionsPage.js'), 'SanctionsPage');
const SanctionDetailPage = page(() => import('./pages/sanctions/SanctionDetailPage.js'), 'SanctionDetailPage');
const IntegrityFilePage = page(() => import('./pages/sanctions/IntegrityFilePage.js'), 'IntegrityFilePage');
const RectificationLedgerPage = page(
  () => import('./pages/rectification/RectificationLedgerPage.js'),
  'RectificationLedgerPage',
);
const RectificationItemPage = page(
  () => import('./pages/rectification/RectificationItemPage.js'),
  'RectificationItemPage',
);
const UnitRectificationPage = page(
  () => import('./pages/rectification/UnitRectificationPage.js'),
  'UnitRectificationPage',
);
const MeetingsPage = page(() => import('./pages/meetings/MeetingsPage.js'), 'MeetingsPage');
const MeetingDetailPage = page(() => import('./pages/meetings/MeetingDetailPage.js'), 'MeetingDetailPage');
const RecommendationsPage = page(() => import('./pages/recommendations/RecommendationsPage.js'), 'RecommendationsPage');
const RecommendationDetailPage = page(
  () => import('./pages/recommendations/RecommendationDetailPage.js'),
  'RecommendationDetailPage',
);
const InspectionsPage = page(() => import('./pages/inspections/InspectionsPage.js'), 'InspectionsPage');
const InspectionPlanPage = page(() => import('./pages/inspections/InspectionPlanPage.js'), 'InspectionPlanPage');
const InspectionDetailPage = page(() => import('./pages/inspections/InspectionDetailPage.js'), 'InspectionDetailPage');
const ChecklistTemplatesPage = page(
  () => import('./pages/checklists/ChecklistTemplatesPage.js'),
  'ChecklistTemplatesPage',
);
const QrItemsPage = page(() => import('./pages/qr-supervision/QrItemsPage.js'), 'QrItemsPage');
const QrItemPage = page(() => import('./pages/qr-supervision/QrItemPage.js'), 'QrItemPage');
const RostersPage = page(() => import('./pages/qr-supervision/RostersPage.js'), 'RostersPage');
const DisclosurePage = page(() => import('./pages/disclosure/DisclosurePage.js'), 'DisclosurePage');
const DisclosureDetailPage = page(() => import('./pages/disclosure/DisclosureDetailPage.js'), 'DisclosureDetailPage');
const DisclosureCalendarPage = page(
  () => import('./pages/disclosure/DisclosureCalendarPage.js'),
  'DisclosureCalendarPage',
);
const MicroPowerItemsPage = page(() => import('./pages/micro-powers/MicroPowerItemsPage.js'), 'MicroPowerItemsPage');
const MicroPowerUsesPage = page(() => import('./pages/micro-powers/MicroPowerUsesPage.js'), 'MicroPowerUsesPage');
const MicroPowerUsePage = page(() => import('./pages/micro-powers/MicroPowerUsePage.js'), 'MicroPowerUsePage');

/** A page behind its permission, loaded on demand. */
function guarded(anyOf: Permission[], Page: ComponentType) {
  return (
    <RequireAbility anyOf={anyOf}>
      <Suspense fallback={<FullPageSpin />}>
        <Page />
      </Suspense>
    </RequireAbility>
  );
}

/** The whole console. */
export function App() {
  const { i18n } = useTranslation();
  void i18n.language; // re-render (and switch antd's locale) when the language changes
  const lang = currentLanguage();
  return (
    <ConfigProvider
      locale={antdLocale(lang)}
      theme={{
        token: { colorPrimary: '#b71c1c', borderRadius: 4, fontSize: 14 },
        components: { Layout: { headerBg: '#ffffff', headerPadding: '0 16px' } },
      }}
    >
      <AntApp>
        <BrowserRouter>
          <SessionProvider>
            <Routes>
              <Route path="/login" element={<LoginPage />} />
              <Route path="/password-change" element={<PasswordChangePage />} />
              <Route path="/totp-enrolment" element={<TotpEnrolmentPage />} />
              <Route
                path="/"
                element={
                  <RequireSession>
                    <AppLayout />
                  </RequireSession>
                }
              >
                <Route index element={<WorkbenchPage />} />
                <Route path="reports" element={guarded(['report.read'], ReportsPage)} />
                <Route path="reports/new" element={guarded(['report.manage'], RegisterReportPage)} />
                <Route path="reports/:id" element={guarded(['report.read'], ReportDetailPage)} />
                <Route path="deadlines" element={guarded(['report.read'], DeadlinesPage)} />
                <Route path="org" element={guarded(['org.read'], OrgPage)} />
                <Route path="zones" element={guarded(['zone.read'], ZonesPage)} />
                <Route path="zones/:id" element={guarded(['zone.read'], ZoneDetailPage)} />
                <Route path="staff" element={guarded(['staff.read'], StaffPage)} />
                <Route path="subjects" element={guarded(['subject.read'], SubjectsPage)} />
                <Route path="users" element={guarded(['user.manage'], UsersPage)} />
                <Route path="roles" element={guarded(['role.read'], RolesPage)} />
                <Route path="audit" element={guarded(['audit.read', 'security_event.read'], AuditPage)} />
                <Route path="calendar" element={guarded(['calendar.read'], CalendarPage)} />
                <Route path="timers" element={guarded(['timer.read'], TimerRulesPage)} />
                <Route path="account" element={guarded([], AccountPage)} />
                <Route path="declarations" element={guarded([], DeclarationsPage)} />
                <Route path="recusals" element={guarded([], RecusalsPage)} />
                <Route path="approvals" element={guarded([], ApprovalsPage)} />
                <Route path="approvals/:id" element={guarded([], ApprovalDetailPage)} />
                <Route path="approval-posts" element={guarded(['org.read'], ApprovalPostsPage)} />
                <Route path="clues" element={guarded(['clue.read'], CluesPage)} />
                <Route path="clues/new" element={guarded(['clue.register', 'clue.manage'], RegisterCluePage)} />
                <Route path="clues/:id" element={guarded(['clue.read'], ClueDetailPage)} />
                <Route path="clue-meetings" element={guarded(['clue.read'], ClueMeetingsPage)} />
                <Route path="recusal-settings" element={guarded(['setting.manage'], RecusalSettingsPage)} />
                <Route path="clue-pools" element={guarded(['clue.assign'], CluePoolPage)} />
                <Route path="cases" element={guarded(['case.read'], CasesPage)} />
                <Route path="cases/new" element={guarded(['case.manage'], FilingRequestPage)} />
                <Route path="cases/:id" element={guarded(['case.read'], CaseDetailPage)} />
                <Route path="cases/:id/filing" element={guarded(['case.manage'], FilingRequestPage)} />
                <Route path="case-board" element={guarded(['case.read'], CaseBoardPage)} />
                <Route path="case-recommendations" element={guarded(['case.read'], CaseRecommendationsPage)} />
                <Route path="reviews" element={guarded(['review.read'], ReviewsPage)} />
                <Route path="reviews/:id" element={guarded(['review.read'], ReviewDetailPage)} />
                <Route path="quality-reviews" element={guarded(['quality.read'], QualityReviewsPage)} />
                <Route path="case-measures" element={guarded(['case.read', 'setting.manage'], CaseMeasuresPage)} />
                <Route path="sanctions" element={guarded(['sanction.read'], SanctionsPage)} />
                <Route path="sanctions/:id" element={guarded(['sanction.read'], SanctionDetailPage)} />
                <Route path="integrity-files/:id" element={guarded(['sanction.read'], IntegrityFilePage)} />
                <Route path="rectification" element={guarded(['rectification.read'], RectificationLedgerPage)} />
                <Route path="rectification/:id" element={guarded(['rectification.read'], RectificationItemPage)} />
                <Route
                  path="units/:id/rectification"
                  element={guarded(['rectification.read'], UnitRectificationPage)}
                />
                <Route path="meetings" element={guarded(['meeting.read'], MeetingsPage)} />
                <Route path="meetings/:id" element={guarded(['meeting.read'], MeetingDetailPage)} />
                <Route path="recommendations" element={guarded(['rectification.read'], RecommendationsPage)} />
                <Route path="recommendations/:id" element={guarded(['rectification.read'], RecommendationDetailPage)} />
                <Route path="inspections" element={guarded(['inspection.read'], InspectionsPage)} />
                <Route path="inspections/new" element={guarded(['inspection.manage'], InspectionPlanPage)} />
                <Route path="inspections/:id" element={guarded(['inspection.read'], InspectionDetailPage)} />
                <Route path="checklist-templates" element={guarded(['inspection.read'], ChecklistTemplatesPage)} />
                <Route path="qr-supervision" element={guarded(['qr_supervision.read'], QrItemsPage)} />
                <Route path="qr-supervision/rosters" element={guarded(['qr_supervision.read'], RostersPage)} />
                <Route path="qr-supervision/items/:id" element={guarded(['qr_supervision.read'], QrItemPage)} />
                <Route path="disclosure" element={guarded(['disclosure.read'], DisclosurePage)} />
                <Route path="disclosure/calendar" element={guarded(['disclosure.read'], DisclosureCalendarPage)} />
                <Route path="disclosure/:id" element={guarded(['disclosure.read'], DisclosureDetailPage)} />
                <Route path="micro-powers" element={guarded(['micro_power.read'], MicroPowerItemsPage)} />
                <Route path="micro-powers/uses" element={guarded(['micro_power.read'], MicroPowerUsesPage)} />
                <Route path="micro-powers/uses/:id" element={guarded(['micro_power.read'], MicroPowerUsePage)} />
                <Route path="*" element={<NotFound />} />
              </Route>
            </Routes>
          </SessionProvider>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}
