/** Small shared pieces of the intake pages: status, reporter and time-limit tags, the not-found result. */
import { Button, Result, Tag } from 'antd';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { Deadline, ReportStatus } from '../../api/reports.js';

const STATUS_COLORS: Record<ReportStatus, string> = {
  received: 'gold',
  accepted: 'blue',
  in_handling: 'processing',
  concluded: 'green',
  forwarded: 'cyan',
  kept_on_file: 'default',
  transferred_up: 'purple',
};

/** The coloured status tag. */
export function StatusTag({ status }: { status: ReportStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} style={{ marginInlineEnd: 0 }} data-testid="report-status">
      {t(`report.status.${status}`)}
    </Tag>
  );
}

/** 实名（已保护） or 匿名: the identity itself never appears in lists. */
export function ReporterTag({ anonymous }: { anonymous: boolean }) {
  const { t } = useTranslation();
  return anonymous ? <Tag>{t('report.anonymous')}</Tag> : <Tag color="red">{t('report.named')}</Tag>;
}

/** 逾期 / 即将到期 / running or done, for one time limit. */
export function DeadlineTag({ deadline }: { deadline: Pick<Deadline, 'overdue' | 'dueSoon' | 'metAt'> }) {
  const { t } = useTranslation();
  if (deadline.overdue)
    return (
      <Tag color="error" data-testid="deadline-overdue">
        {t('report.overdue')}
      </Tag>
    );
  if (deadline.dueSoon) return <Tag color="warning">{t('report.dueSoon')}</Tag>;
  if (deadline.metAt) return <Tag color="success">{t('report.met')}</Tag>;
  return <Tag color="processing">{t('report.running')}</Tag>;
}

/** The "no such report here" page (also for reports outside the caller's scope). */
export function ReportNotFound() {
  const { t } = useTranslation();
  return (
    <div data-testid="report-not-found">
      <Result
        status="404"
        title="404"
        subTitle={t('report.notFound')}
        extra={
          <Link to="/reports">
            <Button type="primary">{t('report.backToLedger')}</Button>
          </Link>
        }
      />
    </div>
  );
}
