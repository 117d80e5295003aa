/**
 * The console's menu: one entry per page with the permission that shows it. The menu, the
 * route guards and the start page are all derived from this list and the caller's abilities.
 */
import type { ReactNode } from 'react';
import {
  ApartmentOutlined,
  AuditOutlined,
  CalendarOutlined,
  ClusterOutlined,
  DashboardOutlined,
  FieldTimeOutlined,
  FileSearchOutlined,
  HourglassOutlined,
  NodeIndexOutlined,
  PartitionOutlined,
  IdcardOutlined,
  SafetyCertificateOutlined,
  SettingOutlined,
  TeamOutlined,
  UserSwitchOutlined,
  SolutionOutlined,
  StopOutlined,
  FileDoneOutlined,
  BranchesOutlined,
  CommentOutlined,
  InboxOutlined,
  FolderOpenOutlined,
  BarChartOutlined,
  CheckSquareOutlined,
  LockOutlined,
  ReconciliationOutlined,
  ProfileOutlined,
  ToolOutlined,
  ScheduleOutlined,
  FileProtectOutlined,
  CarryOutOutlined,
  UnorderedListOutlined,
  AccountBookOutlined,
  QrcodeOutlined,
} from '@ant-design/icons';
import { ALL_PERMISSIONS, PERMISSIONS, type Permission } from '../api/types.js';

/** Keys of the menu entries (also used in `data-testid="menu-<key>"`). */
export type MenuKey =
  | 'workbench'
  | 'reports'
  | 'deadlines'
  | 'org'
  | 'zones'
  | 'staff'
  | 'subjects'
  | 'users'
  | 'roles'
  | 'audit'
  | 'calendar'
  | 'timers'
  | 'account'
  | 'declarations'
  | 'recusals'
  | 'approvals'
  | 'approvalPosts'
  | 'clues'
  | 'clueMeetings'
  | 'recusalSettings'
  | 'cluePools'
  | 'cases'
  | 'caseBoard'
  | 'caseRecommendations'
  | 'qualityReviews'
  | 'caseMeasures'
  | 'reviews'
  | 'sanctions'
  | 'rectification'
  | 'meetings'
  | 'recommendations'
  | 'inspections'
  | 'checklistTemplates'
  | 'disclosure'
  | 'microPowers'
  | 'microPowerUses'
  | 'qrSupervision';

/** One menu entry. */
export interface MenuEntry {
  key: MenuKey;
  path: string;
  icon: ReactNode;
  /** Whether a caller with these abilities sees the entry. */
  visible: (can: (permission: Permission) => boolean) => boolean;
}

/** Business permissions: a holder is staff who may draft, sign or read approvals (呈批件). */
const BUSINESS_PERMISSIONS = ALL_PERMISSIONS.filter((p) => PERMISSIONS[p].class === 'business');

/**
 * 呈批审批 is shown to business staff only: approvals are drafted from business records, signed
 * by the holders of posts (who are staff) and read with approval.read, all business duties. The
 * three administrators and reference-only accounts (the village supervisor) never take part, so
 * their menu leaves it out (三员分立); 呈批岗位, the register of posts, stays with org.read.
 */
export function mayTakePartInApprovals(can: (permission: Permission) => boolean): boolean {
  return BUSINESS_PERMISSIONS.some((p) => can(p));
}

/** The menu, in display order. */
export const MENU: MenuEntry[] = [
  { key: 'workbench', path: '/', icon: <DashboardOutlined />, visible: () => true },
  { key: 'reports', path: '/reports', icon: <FileSearchOutlined />, visible: (can) => can('report.read') },
  { key: 'deadlines', path: '/deadlines', icon: <FieldTimeOutlined />, visible: (can) => can('report.read') },
  { key: 'clues', path: '/clues', icon: <BranchesOutlined />, visible: (can) => can('clue.read') },
  { key: 'clueMeetings', path: '/clue-meetings', icon: <CommentOutlined />, visible: (can) => can('clue.read') },
  { key: 'cases', path: '/cases', icon: <FolderOpenOutlined />, visible: (can) => can('case.read') },
  { key: 'caseBoard', path: '/case-board', icon: <BarChartOutlined />, visible: (can) => can('case.read') },
  {
    key: 'caseRecommendations',
    path: '/case-recommendations',
    icon: <CheckSquareOutlined />,
    visible: (can) => can('case.read'),
  },
  { key: 'reviews', path: '/reviews', icon: <ReconciliationOutlined />, visible: (can) => can('review.read') },
  { key: 'sanctions', path: '/sanctions', icon: <ProfileOutlined />, visible: (can) => can('sanction.read') },
  {
    key: 'rectification',
    path: '/rectification',
    icon: <ToolOutlined />,
    visible: (can) => can('rectification.read'),
  },
  { key: 'meetings', path: '/meetings', icon: <ScheduleOutlined />, visible: (can) => can('meeting.read') },
  {
    key: 'recommendations',
    path: '/recommendations',
    icon: <FileProtectOutlined />,
    visible: (can) => can('rectification.read'),
  },
  { key: 'inspections', path: '/inspections', icon: <CarryOutOutlined />, visible: (can) => can('inspection.read') },
  {
    key: 'checklistTemplates',
    path: '/checklist-templates',
    icon: <UnorderedListOutlined />,
    visible: (can) => can('inspection.read'),
  },
  { key: 'disclosure', path: '/disclosure', icon: <AccountBookOutlined />, visible: (can) => can('disclosure.read') },
  {
    key: 'qrSupervision',
    path: '/qr-supervision',
    icon: <QrcodeOutlined />,
    visible: (can) => can('qr_supervision.read'),
  },
  // Before 小微权力清单: menuEntryFor takes the first entry whose path prefixes the page's.
  {
    key: 'microPowerUses',
    path: '/micro-powers/uses',
    icon: <NodeIndexOutlined />,
    visible: (can) => can('micro_power.read'),
  },
  {
    key: 'microPowers',
    path: '/micro-powers',
    icon: <PartitionOutlined />,
    visible: (can) => can('micro_power.read'),
  },
  {
    key: 'qualityReviews',
    path: '/quality-reviews',
    icon: <AuditOutlined />,
    visible: (can) => can('quality.read'),
  },
  {
    key: 'caseMeasures',
    path: '/case-measures',
    icon: <LockOutlined />,
    visible: (can) => can('case.read') || can('setting.manage'),
  },
  { key: 'approvals', path: '/approvals', icon: <FileDoneOutlined />, visible: mayTakePartInApprovals },
  { key: 'cluePools', path: '/clue-pools', icon: <InboxOutlined />, visible: (can) => can('clue.assign') },
  { key: 'recusals', path: '/recusals', icon: <StopOutlined />, visible: () => true },
  { key: 'org', path: '/org', icon: <ApartmentOutlined />, visible: (can) => can('org.read') },
  { key: 'zones', path: '/zones', icon: <ClusterOutlined />, visible: (can) => can('zone.read') },
  { key: 'staff', path: '/staff', icon: <TeamOutlined />, visible: (can) => can('staff.read') },
  { key: 'subjects', path: '/subjects', icon: <IdcardOutlined />, visible: (can) => can('subject.read') },
  { key: 'approvalPosts', path: '/approval-posts', icon: <SolutionOutlined />, visible: (can) => can('org.read') },
  { key: 'users', path: '/users', icon: <UserSwitchOutlined />, visible: (can) => can('user.manage') },
  { key: 'roles', path: '/roles', icon: <SafetyCertificateOutlined />, visible: (can) => can('role.read') },
  {
    key: 'audit',
    path: '/audit',
    icon: <AuditOutlined />,
    visible: (can) => can('audit.read') || can('security_event.read'),
  },
  { key: 'calendar', path: '/calendar', icon: <CalendarOutlined />, visible: (can) => can('calendar.read') },
  { key: 'timers', path: '/timers', icon: <HourglassOutlined />, visible: (can) => can('timer.read') },
  {
    key: 'recusalSettings',
    path: '/recusal-settings',
    icon: <StopOutlined />,
    visible: (can) => can('setting.manage'),
  },
  { key: 'declarations', path: '/declarations', icon: <SolutionOutlined />, visible: () => true },
  { key: 'account', path: '/account', icon: <SettingOutlined />, visible: () => true },
];

/** The entries a caller may see. */
export function visibleMenu(can: (permission: Permission) => boolean): MenuEntry[] {
  return MENU.filter((entry) => entry.visible(can));
}

/** The entry whose page contains `pathname`, if any. */
export function menuEntryFor(pathname: string): MenuEntry | undefined {
  return MENU.find((entry) => pathname === entry.path || pathname.startsWith(`${entry.path}/`));
}
