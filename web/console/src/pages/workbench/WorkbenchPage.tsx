/**
 * 工作台: the first page after sign-in. Each module adds its cards (to-dos, clocks, new
 * arrivals, warnings, charts) on the server; this page only lays them out, so a new module's
 * cards appear here without touching it.
 */
import { useCallback, useEffect, useState } from 'react';
import { Alert, Badge, Button, Card, Col, Empty, List, Row, Space, Tag, Typography } from 'antd';
import { CheckOutlined, ReloadOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/request.js';
import { type WorkbenchCard, loadWorkbench, markCardSeen } from '../../api/workbench.js';
import { useSession } from '../../auth/session.js';
import { PageContainer } from '../../components/PageContainer.js';
import { formatDate, formatInstant, todayInShanghai } from '../../lib/time.js';
import { WorkbenchChart } from './WorkbenchChart.js';

const KIND_ORDER: Record<WorkbenchCard['kind'], number> = { alert: 0, todo: 1, clock: 2, new: 3, chart: 4 };

function countText(card: WorkbenchCard): string {
  return card.countCapped ? `${card.count}+` : String(card.count);
}

/**
 * An alert's explanation and its first records (the villages overdue, the clues to report up …):
 * an alert names what it is about, not only the rule, so the reader sees at once who must act.
 */
function AlertItems({ card }: { card: WorkbenchCard }) {
  const { t } = useTranslation();
  const shown = card.items.slice(0, ALERT_ITEMS);
  return (
    <>
      {card.message ? <div>{card.message}</div> : null}
      {shown.length ? (
        <ul style={{ margin: '4px 0 0', paddingInlineStart: 20 }} data-testid={`card-${card.key}-items`}>
          {shown.map((item) => (
            <li key={item.id}>
              {item.href ? <Link to={item.href}>{item.title}</Link> : item.title}
              {item.subtitle ? <Typography.Text type="secondary">（{item.subtitle}）</Typography.Text> : null}
            </li>
          ))}
          {card.count > shown.length ? (
            <li style={{ listStyle: 'none' }}>
              {card.href ? (
                <Link to={card.href}>{t('workbench.moreItems', { count: card.count - shown.length })}</Link>
              ) : (
                t('workbench.moreItems', { count: card.count - shown.length })
              )}
            </li>
          ) : null}
        </ul>
      ) : null}
    </>
  );
}

/** How many of an alert's records it names before "and N more". */
const ALERT_ITEMS = 5;

/** A to-do, clock or new-arrivals card: the count, the first few lines, a link to the full list. */
function ListCard({ card, onSeen }: { card: WorkbenchCard; onSeen: (key: string) => void }) {
  const { t } = useTranslation();
  const color = card.severity === 'danger' ? '#cf1322' : card.kind === 'new' ? '#1677ff' : '#b71c1c';
  return (
    <Card
      size="small"
      data-testid={`card-${card.key}`}
      title={
        <Space>
          <span>{card.title}</span>
          <Badge count={countText(card)} showZero color={card.count === 0 ? '#bfbfbf' : color} />
        </Space>
      }
      extra={
        <Space size={4}>
          {card.kind === 'new' && card.count > 0 ? (
            <Button size="small" type="text" icon={<CheckOutlined />} onClick={() => onSeen(card.key)}>
              {t('workbench.markSeen')}
            </Button>
          ) : null}
          {card.href ? <Link to={card.href}>{t('workbench.all')}</Link> : null}
        </Space>
      }
    >
      {card.message ? <Typography.Paragraph type="secondary">{card.message}</Typography.Paragraph> : null}
      {card.items.length === 0 ? (
        <Typography.Text type="secondary">
          {card.kind === 'new' ? t('workbench.nothingNew') : t('workbench.nothingToDo')}
        </Typography.Text>
      ) : (
        <List
          size="small"
          dataSource={card.items}
          renderItem={(item) => (
            <List.Item
              extra={
                item.dueOn ? (
                  <Tag color={item.overdue ? 'red' : 'orange'}>
                    {item.overdue ? t('workbench.overdue') : t('workbench.dueOn')} {formatDate(item.dueOn)}
                  </Tag>
                ) : item.at ? (
                  <Typography.Text type="secondary">{formatInstant(item.at, 'MM-DD HH:mm')}</Typography.Text>
                ) : null
              }
            >
              <List.Item.Meta
                title={item.href ? <Link to={item.href}>{item.title}</Link> : item.title}
                description={item.subtitle}
              />
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

/** The workbench page. */
export function WorkbenchPage() {
  const { t } = useTranslation();
  const session = useSession();
  const [cards, setCards] = useState<WorkbenchCard[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [nonce, setNonce] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    loadWorkbench(controller.signal)
      .then((answer) => {
        setCards(answer.cards);
        setError(null);
      })
      .catch((err: unknown) => {
        if (!controller.signal.aborted) setError(errorMessage(err));
      });
    return () => controller.abort();
  }, [nonce]);

  const seen = useCallback((key: string) => {
    markCardSeen(key)
      .then(() => setNonce((n) => n + 1))
      .catch((err: unknown) => setError(errorMessage(err)));
  }, []);

  const sorted = [...(cards ?? [])].sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
  const alerts = sorted.filter((c) => c.kind === 'alert');
  const lists = sorted.filter((c) => c.kind !== 'alert' && c.kind !== 'chart');
  const charts = sorted.filter((c) => c.kind === 'chart' && c.chart);

  return (
    <PageContainer
      title={t('workbench.title')}
      extra={
        <Space>
          <Typography.Text type="secondary">
            {session.user?.displayName} · {formatDate(todayInShanghai())}
          </Typography.Text>
          <Button icon={<ReloadOutlined />} onClick={() => setNonce((n) => n + 1)} data-testid="workbench-reload">
            {t('common.refresh')}
          </Button>
        </Space>
      }
    >
      {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} /> : null}
      <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="workbench">
        {alerts.map((card) => (
          <Alert
            key={card.key}
            data-testid={`card-${card.key}`}
            type={card.severity === 'danger' ? 'error' : card.severity === 'warning' ? 'warning' : 'info'}
            showIcon
            message={card.count > 1 ? `${card.title}（${countText(card)}）` : card.title}
            description={<AlertItems card={card} />}
            action={card.href ? <Link to={card.href}>{t('workbench.handle')}</Link> : undefined}
          />
        ))}
        {cards !== null && lists.length === 0 && charts.length === 0 ? (
          <Card>
            <Empty description={t('workbench.empty')} data-testid="workbench-empty" />
          </Card>
        ) : null}
        <Row gutter={[16, 16]}>
          {lists.map((card) => (
            <Col key={card.key} xs={24} lg={12} xxl={8}>
              <ListCard card={card} onSeen={seen} />
            </Col>
          ))}
          {charts.map((card) => (
            <Col key={card.key} xs={24} xxl={16}>
              <Card size="small" title={card.title} data-testid={`card-${card.key}`}>
                {card.message ? <Typography.Text strong>{card.message}</Typography.Text> : null}
                <WorkbenchChart chart={card.chart!} testId={`chart-${card.key}`} />
              </Card>
            </Col>
          ))}
        </Row>
      </Space>
    </PageContainer>
  );
}
