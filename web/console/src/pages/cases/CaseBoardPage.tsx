/**
 * 协作区案件看板: the counts of the cases the reader may see (the ledger's scope), for all zones or
 * one: filing requests waiting, cases under investigation, clocks overdue and due soon, and bar
 * charts by handling mode, by the subject's township and by zone (ECharts, loaded with this page).
 */
import { useEffect, useMemo, useState } from 'react';
import { Alert, Card, Col, Empty, Row, Space, Statistic } from 'antd';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { type CaseStats, caseStats } from '../../api/cases.js';
import { errorMessage } from '../../api/request.js';
import { EChart } from '../../components/EChart.js';
import { PageContainer } from '../../components/PageContainer.js';
import { ZoneSelect } from '../../components/RemoteSelect.js';

echarts.use([BarChart, GridComponent, TooltipComponent]);

/** One horizontal bar chart of a group's counts (names along the side, longest bar first on top). */
function GroupChart({ data, testId }: { data: { name: string; count: number }[]; testId: string }) {
  const { t } = useTranslation();
  const option = useMemo(() => {
    const rows = [...data].reverse();
    return {
      color: ['#b71c1c'],
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: rows.map((r) => r.name) },
      series: [
        {
          type: 'bar',
          name: t('case.stats.count'),
          data: rows.map((r) => r.count),
          label: { show: true, position: 'right' },
        },
      ],
    };
  }, [data, t]);
  return (
    <EChart
      option={option}
      style={{ width: '100%', height: Math.max(160, data.length * 32 + 32) }}
      data-testid={testId}
      data-values={data.map((d) => `${d.name}:${d.count}`).join('|')}
    />
  );
}

/** The page. */
export function CaseBoardPage() {
  const { t } = useTranslation();
  const [zoneId, setZoneId] = useState<string | null>(null);
  const [stats, setStats] = useState<CaseStats | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    caseStats(zoneId ? { zoneId } : {}, controller.signal)
      .then((s) => {
        setStats(s);
        setError(null);
      })
      .catch((err: unknown) => {
        if (!controller.signal.aborted) setError(errorMessage(err));
      });
    return () => controller.abort();
  }, [zoneId]);

  const none = t('case.stats.none');
  const named = (groups: CaseStats['byZone']) => groups.map((g) => ({ name: g.name ?? none, count: g.count }));
  const figures: [string, number | undefined, string | undefined, string][] = [
    ['total', stats?.total, undefined, '/cases'],
    ['filingWaiting', stats?.filingWaiting, '#1677ff', '/cases?status=filing_requested'],
    ['inProgress', stats?.inProgress, undefined, '/cases'],
    ['overdueClocks', stats?.overdueClocks, stats?.overdueClocks ? '#cf1322' : undefined, '/cases?mine=1'],
    ['dueSoonClocks', stats?.dueSoonClocks, stats?.dueSoonClocks ? '#d46b08' : undefined, '/cases?mine=1'],
  ];
  return (
    <PageContainer
      title={t('case.board')}
      extra={
        <Space>
          <ZoneSelect
            value={zoneId}
            onChange={(v) => setZoneId(v ?? null)}
            placeholder={t('case.stats.allZones')}
            style={{ width: 180 }}
            data-testid="board-zone"
          />
        </Space>
      }
    >
      {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} /> : null}
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        {figures.map(([key, value, color, href]) => (
          <Col key={key} flex="1 1 180px">
            <Card size="small" data-testid={`board-${key}`}>
              <Link to={href}>
                <Statistic
                  title={t(`case.stats.${key}`)}
                  value={value ?? '—'}
                  {...(color ? { valueStyle: { color } } : {})}
                />
              </Link>
            </Card>
          </Col>
        ))}
      </Row>
      {stats && stats.total === 0 ? (
        <Empty description={t('case.stats.empty')} />
      ) : stats ? (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={8}>
            <Card size="small" title={t('case.stats.byMode')}>
              <GroupChart
                data={stats.byMode.map((g) => ({ name: t(`case.mode.${g.key ?? 'self'}`), count: g.count }))}
                testId="board-by-mode"
              />
            </Card>
          </Col>
          <Col xs={24} xl={8}>
            <Card size="small" title={t('case.stats.byTownship')}>
              <GroupChart data={named(stats.byTownship)} testId="board-by-township" />
            </Card>
          </Col>
          <Col xs={24} xl={8}>
            <Card size="small" title={t('case.stats.byZone')}>
              <GroupChart data={named(stats.byZone)} testId="board-by-zone" />
            </Card>
          </Col>
        </Row>
      ) : null}
    </PageContainer>
  );
}
