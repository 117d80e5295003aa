/** Small labels of the inspection pages: status, kind, next step, severity, rectification status. */
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

const STATUS_COLORS: Record<string, string> = {
  draft: 'default',
  submitted: 'processing',
  approved: 'cyan',
  in_progress: 'blue',
  reported: 'purple',
  closed: 'green',
};

/** An inspection's status as a coloured tag. */
export function InspectionStatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status] ?? 'default'} data-testid="inspection-status">
      {t(`inspection.statuses.${status}`)}
    </Tag>
  );
}

const SEVERITY_COLORS: Record<string, string> = { minor: 'gold', major: 'orange', serious: 'red' };

/** A finding's severity. */
export function SeverityTag({ severity }: { severity: string }) {
  const { t } = useTranslation();
  return <Tag color={SEVERITY_COLORS[severity] ?? 'default'}>{t(`inspection.severities.${severity}`)}</Tag>;
}

const RECTIFICATION_COLORS: Record<string, string> = {
  open: 'orange',
  in_progress: 'blue',
  submitted: 'purple',
  closed: 'green',
};

/** A rectification item's status. */
export function RectificationStatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={RECTIFICATION_COLORS[status] ?? 'default'} data-testid="finding-rectification-status">
      {t(`inspection.rectificationStatuses.${status}`)}
    </Tag>
  );
}
