/**
 * 时限规则: the timer catalogue. Every legal timer with its national default (length, start
 * event, extensions and who approves them, legal source), the province and county rules in force,
 * and each timer's history; holders of `timer.manage` set or withdraw a place's rule, which
 * applies to clocks started after it.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Alert, Button, Input, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { EditOutlined, HistoryOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/request.js';
import { type CatalogueEntry, type RulePlace, TIMER_STAGES, type TimerStage, loadCatalogue } from '../../api/timers.js';
import { useSession } from '../../auth/session.js';
import { PageContainer } from '../../components/PageContainer.js';
import { OverrideModal } from './OverrideModal.js';
import { HistoryDrawer } from './HistoryDrawer.js';
import { RepeatWindowCard } from './RepeatWindowCard.js';
import { ShelvedReviewCard } from '../clues/ShelvedReviewCard.js';
import { extensionsText, lengthText, placeText } from './timer-text.js';

/** The catalogue page. */
export function TimerRulesPage() {
  const { t } = useTranslation();
  const session = useSession();
  const canManage = session.can('timer.manage');
  const canSet = session.can('setting.manage');
  const [items, setItems] = useState<CatalogueEntry[]>([]);
  const [places, setPlaces] = useState<RulePlace[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [stage, setStage] = useState<TimerStage | 'all'>('all');
  const [search, setSearch] = useState('');
  const [editing, setEditing] = useState<CatalogueEntry | null>(null);
  const [history, setHistory] = useState<CatalogueEntry | null>(null);
  const [nonce, setNonce] = useState(0);
  const reload = useCallback(() => setNonce((n) => n + 1), []);

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    loadCatalogue(controller.signal)
      .then((answer) => {
        setItems(answer.items);
        setPlaces(answer.places);
        setError(null);
      })
      .catch((err: unknown) => {
        if (!controller.signal.aborted) setError(errorMessage(err));
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [nonce]);

  const shown = useMemo(() => {
    const q = search.trim().toLowerCase();
    const order = (s: TimerStage) => TIMER_STAGES.indexOf(s);
    return items
      .filter((i) => stage === 'all' || i.stage === stage)
      .filter((i) => !q || i.label.toLowerCase().includes(q) || i.kind.includes(q))
      .sort((a, b) => order(a.stage) - order(b.stage));
  }, [items, stage, search]);

  const columns: TableColumnsType<CatalogueEntry> = [
    {
      title: t('timer.name'),
      key: 'label',
      width: 180,
      fixed: 'left',
      render: (_, e) => (
        <Space direction="vertical" size={0}>
          <Typography.Text strong>{e.label}</Typography.Text>
          <Space size={4}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {e.kind}
            </Typography.Text>
            <Tag bordered={false} style={{ fontSize: 12 }}>
              {t(`timer.stages.${e.stage}`)}
            </Tag>
          </Space>
        </Space>
      ),
    },
    {
      title: t('timer.startEvent'),
      key: 'start',
      width: 150,
      render: (_, e) => (e.national ?? e.overrides[0])?.startEvent ?? '—',
    },
    {
      title: t('timer.nationalRule'),
      key: 'national',
      width: 130,
      render: (_, e) =>
        e.national ? (
          <Space direction="vertical" size={2}>
            {e.national.amount === null ? (
              <Tag color="gold">{t('timer.unset')}</Tag>
            ) : (
              <Typography.Text data-testid="timer-national-length">
                {lengthText(e.national.amount, e.national.unit)}
              </Typography.Text>
            )}
            <Space size={4} wrap>
              {e.national.pausable ? <Tag color="blue">{t('timer.pausable')}</Tag> : null}
              {e.national.repeatable ? <Tag color="blue">{t('timer.repeatable')}</Tag> : null}
              {!e.national.extendOverHoliday ? <Tag color="purple">{t('timer.noHolidayMove')}</Tag> : null}
            </Space>
          </Space>
        ) : (
          <Tag color="cyan">{t('timer.localOnly')}</Tag>
        ),
    },
    {
      title: t('timer.extensions'),
      key: 'extensions',
      width: 230,
      render: (_, e) => {
        const rule = e.national ?? e.overrides[0];
        return rule ? (
          <Space direction="vertical" size={0}>
            {extensionsText(rule).map((line) => (
              <Typography.Text key={line} style={{ fontSize: 13 }}>
                {line}
              </Typography.Text>
            ))}
          </Space>
        ) : null;
      },
    },
    {
      title: t('timer.localRules'),
      key: 'overrides',
      width: 160,
      render: (_, e) =>
        e.overrides.length === 0 ? (
          <Typography.Text type="secondary">{t('timer.none')}</Typography.Text>
        ) : (
          <Space direction="vertical" size={2}>
            {e.overrides.map((o) => (
              <Tooltip key={o.id} title={`${t('timer.reason')}：${o.reason ?? '—'}`}>
                <Tag color={o.level === 'province' ? 'geekblue' : 'green'} data-testid="timer-override">
                  {placeText(o)}：{lengthText(o.amount, o.unit)}
                </Tag>
              </Tooltip>
            ))}
          </Space>
        ),
    },
    {
      title: t('timer.source'),
      key: 'source',
      width: 190,
      ellipsis: { showTitle: false },
      render: (_, e) => {
        const rule = e.national ?? e.overrides[0];
        const text = [rule?.source, rule?.note].filter(Boolean).join('。');
        return (
          <Tooltip title={text} placement="topLeft">
            <span>{rule?.source ?? '—'}</span>
          </Tooltip>
        );
      },
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: canManage ? 170 : 80,
      fixed: 'right',
      render: (_, e) => (
        <Space size={0}>
          <Button type="link" size="small" icon={<HistoryOutlined />} onClick={() => setHistory(e)}>
            {t('timer.history')}
          </Button>
          {canManage ? (
            <Button
              type="link"
              size="small"
              icon={<EditOutlined />}
              onClick={() => setEditing(e)}
              data-testid={`timer-edit-${e.kind}`}
            >
              {t('timer.setLocal')}
            </Button>
          ) : null}
        </Space>
      ),
    },
  ];

  return (
    <PageContainer
      title={t('timer.title')}
      extra={
        <>
          <Select<TimerStage | 'all'>
            value={stage}
            onChange={setStage}
            style={{ width: 140 }}
            data-testid="timer-stage"
            options={[
              { value: 'all', label: t('timer.allStages') },
              ...TIMER_STAGES.map((s) => ({ value: s, label: t(`timer.stages.${s}`) })),
            ]}
          />
          <Input.Search
            allowClear
            placeholder={t('timer.searchPlaceholder')}
            onChange={(e) => setSearch(e.target.value)}
            style={{ width: 200 }}
          />
          <Button icon={<ReloadOutlined />} onClick={reload}>
            {t('common.refresh')}
          </Button>
        </>
      }
    >
      <Alert type="info" showIcon message={t('timer.intro')} style={{ marginBottom: 16 }} />
      {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} /> : null}
      {canSet && places.length > 0 ? <RepeatWindowCard places={places} /> : null}
      {canSet && places.length > 0 ? <ShelvedReviewCard places={places} /> : null}
      <Table<CatalogueEntry>
        rowKey="kind"
        size="small"
        columns={columns}
        dataSource={shown}
        loading={loading}
        pagination={false}
        scroll={{ x: 1210 }}
        data-testid="timer-table"
      />
      <OverrideModal
        entry={editing}
        places={places}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          reload();
        }}
      />
      <HistoryDrawer entry={history} onClose={() => setHistory(null)} />
    </PageContainer>
  );
}
