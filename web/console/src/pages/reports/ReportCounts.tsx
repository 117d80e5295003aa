/** The counts of the filtered ledger: a compact month × channel table with status totals. */
import { useEffect, useState } from 'react';
import { Alert, Card, Flex, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/request.js';
import { REPORT_CHANNELS, REPORT_STATUSES, reportCounts } from '../../api/reports.js';
import type { LedgerFilters, ReportChannel, ReportCount, ReportStatus } from '../../api/reports.js';

interface MonthRow {
  month: string;
  total: number;
  byChannel: Partial<Record<ReportChannel, number>>;
}

/** Counts of the same selection as the ledger above it. */
export function ReportCounts({ filters }: { filters: LedgerFilters }) {
  const { t } = useTranslation();
  const [items, setItems] = useState<ReportCount[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const key = JSON.stringify(filters);

  useEffect(() => {
    const controller = new AbortController();
    reportCounts(filters, controller.signal)
      .then((answer) => {
        setItems(answer);
        setError(null);
      })
      .catch((err: unknown) => {
        if (!controller.signal.aborted) setError(errorMessage(err));
      });
    return () => controller.abort();
    // key stands for filters
  }, [key]);

  const months = new Map<string, MonthRow>();
  const byStatus = new Map<ReportStatus, number>();
  const channels = new Set<ReportChannel>();
  for (const item of items ?? []) {
    const row = months.get(item.month) ?? { month: item.month, total: 0, byChannel: {} };
    row.total += item.count;
    row.byChannel[item.channel] = (row.byChannel[item.channel] ?? 0) + item.count;
    months.set(item.month, row);
    channels.add(item.channel);
    byStatus.set(item.status, (byStatus.get(item.status) ?? 0) + item.count);
  }
  const rows = [...months.values()].sort((a, b) => b.month.localeCompare(a.month));
  const shown = REPORT_CHANNELS.filter((c) => channels.has(c));
  const columns: TableColumnsType<MonthRow> = [
    { title: t('report.month'), dataIndex: 'month', width: 90 },
    ...shown.map((c) => ({
      title: t(`report.channel.${c}`),
      key: c,
      width: 80,
      align: 'right' as const,
      render: (_: unknown, row: MonthRow) => row.byChannel[c] ?? 0,
    })),
    { title: t('report.totalCount'), dataIndex: 'total', width: 80, align: 'right' },
  ];

  return (
    <Card size="small" title={t('report.countsByMonth')} style={{ marginTop: 16 }} data-testid="reports-counts">
      {error ? <Alert type="error" showIcon message={error} /> : null}
      <Flex gap={4} wrap style={{ marginBottom: 8 }}>
        {REPORT_STATUSES.filter((s) => byStatus.has(s)).map((s) => (
          <Tag key={s}>
            {t(`report.status.${s}`)} {byStatus.get(s)}
          </Tag>
        ))}
      </Flex>
      <Table<MonthRow>
        rowKey="month"
        size="small"
        columns={columns}
        dataSource={rows}
        loading={items === null && !error}
        pagination={rows.length > 12 ? { pageSize: 12, size: 'small' } : false}
        scroll={{ x: 'max-content' }}
      />
    </Card>
  );
}
