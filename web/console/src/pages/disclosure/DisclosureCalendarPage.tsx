/**
 * 村务公开日历: the villages in scope, overdue first, with their finance cycle (monthly or
 * quarterly, CWF 第三十条, decided by the township: `disclosure.schedule`), the finance period and
 * the general items' quarter now due with their dates and the newest published, the major matters
 * (published immediately, no due date: the newest and how many in 90 days), the version waiting;
 * exported to Excel.
 */
import { useCallback, useEffect, useState } from 'react';
import { Alert, Checkbox, Select, Space, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  type CalendarLine,
  FINANCE_CYCLES,
  type FinanceCycle,
  calendarExportUrl,
  getCalendar,
  setCycle,
} from '../../api/disclosure.js';
import { errorMessage } from '../../api/request.js';
import { useSession } from '../../auth/session.js';
import { ExportButton } from '../../components/ExportButton.js';
import { PageContainer } from '../../components/PageContainer.js';
import { formatInstant } from '../../lib/time.js';

/** The calendar. */
export function DisclosureCalendarPage() {
  const { t } = useTranslation();
  const session = useSession();
  const [overdueOnly, setOverdueOnly] = useState(false);
  const [items, setItems] = useState<CalendarLine[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    getCalendar(overdueOnly)
      .then((c) => setItems(c.items))
      .catch((err: unknown) => setError(errorMessage(err)));
  }, [overdueOnly]);
  useEffect(load, [load]);
  return (
    <PageContainer
      title={t('disclosure.calendarTitle')}
      extra={<ExportButton href={calendarExportUrl(overdueOnly)} testId="disclosure-calendar-export" />}
    >
      {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} /> : null}
      <Space style={{ marginBottom: 12 }}>
        <Checkbox
          checked={overdueOnly}
          onChange={(e) => setOverdueOnly(e.target.checked)}
          data-testid="disclosure-calendar-overdue"
        >
          {t('disclosure.onlyOverdue')}
        </Checkbox>
        <span>{t('disclosure.dueRule')}</span>
      </Space>
      <div style={{ marginBottom: 12, color: '#666' }} data-testid="disclosure-calendar-notes">
        <div>{t('disclosure.cycleBy')}</div>
        <div>{t('disclosure.majorHint')}</div>
      </div>
      <Table<CalendarLine>
        size="small"
        rowKey="regionCode"
        loading={items === null}
        dataSource={items ?? []}
        pagination={{ pageSize: 50 }}
        scroll={{ x: 'max-content' }}
        data-testid="disclosure-calendar-table"
        columns={[
          { title: t('disclosure.township'), dataIndex: 'townshipName', width: 120 },
          { title: t('disclosure.village'), dataIndex: 'villageName', width: 120 },
          {
            title: t('disclosure.cycle'),
            dataIndex: 'financeCycle',
            width: 150,
            render: (v: string, r) =>
              session.can('disclosure.schedule') ? (
                <Select
                  size="small"
                  value={v}
                  style={{ width: 130 }}
                  data-testid={`disclosure-cycle-${r.regionCode}`}
                  options={FINANCE_CYCLES.map((c) => ({ value: c, label: t(`disclosure.cycles.${c}`) }))}
                  onChange={(c) =>
                    void setCycle(r.regionCode, c as FinanceCycle)
                      .then(load)
                      .catch((err: unknown) => setError(errorMessage(err)))
                  }
                />
              ) : (
                t(`disclosure.cycles.${v}`)
              ),
          },
          {
            title: t('disclosure.financeDue'),
            dataIndex: 'duePeriodLabel',
            width: 170,
            render: (v: string, r) => (
              <>
                {v}
                <br />
                <small>
                  {t('disclosure.dueOn')} {r.dueOn}
                </small>{' '}
                {r.financeOverdue ? <Tag color="red">{t('disclosure.financeOverdue')}</Tag> : null}
              </>
            ),
          },
          {
            title: t('disclosure.lastPublished'),
            dataIndex: 'lastPublished',
            width: 150,
            render: (v: string | null, r) => (v ? `${v}（${formatInstant(r.lastPublishedAt, 'YYYY-MM-DD')}）` : '—'),
          },
          {
            title: t('disclosure.generalDue'),
            dataIndex: 'generalDuePeriodLabel',
            width: 190,
            render: (v: string, r) => (
              <>
                {v}
                <br />
                <small>
                  {t('disclosure.dueOn')} {r.generalDueOn}
                </small>{' '}
                {r.generalOverdue ? <Tag color="red">{t('disclosure.generalOverdue')}</Tag> : null}
              </>
            ),
          },
          {
            title: t('disclosure.generalLast'),
            dataIndex: 'generalLastPublished',
            width: 120,
            render: (v: string | null) => v ?? '—',
          },
          {
            title: t('disclosure.majorMatters'),
            dataIndex: 'lastMajorTitle',
            width: 220,
            render: (v: string | null, r) =>
              v ? (
                <>
                  {v}（{formatInstant(r.lastMajorAt, 'YYYY-MM-DD')}）
                  <br />
                  <small>{t('disclosure.majorCount', { count: r.majorCount90 })}</small>
                </>
              ) : (
                '—'
              ),
          },
          {
            title: t('disclosure.openStatus'),
            dataIndex: 'openStatus',
            width: 160,
            render: (v: string | null) => (v ? t(`disclosure.statuses.${v}`) : '—'),
          },
          {
            title: '',
            dataIndex: 'overdue',
            width: 80,
            render: (v: boolean) =>
              v ? <Tag color="red">{t('disclosure.overdue')}</Tag> : <Tag color="green">{t('disclosure.onTime')}</Tag>,
          },
        ]}
      />
    </PageContainer>
  );
}
