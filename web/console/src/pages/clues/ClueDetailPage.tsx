/**
 * 线索详情: one clue with its subjects, the source (a link to the report it came from), the trail
 * as a timeline of signed steps, its team and clocks, and 案管's record of the report to the
 * higher organ (GZ 第二十二条). Out of scope: not found; in scope but not on it: the ledger line only.
 */
import { useCallback, useEffect, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Modal,
  Result,
  Row,
  Space,
  Spin,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { ArrowLeftOutlined, FileAddOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { type ClueDetail, getClue, recordHigherReport } from '../../api/clues.js';
import { ApiError, errorMessage } from '../../api/request.js';
import { useSession } from '../../auth/session.js';
import { PageContainer } from '../../components/PageContainer.js';
import { fromPickerDate, todayPickerDate } from '../../lib/dates.js';
import { formatDate, formatInstant } from '../../lib/time.js';
import { AssignmentOpinionCard } from './AssignmentOpinionCard.js';
import { ClueDisposalPanel } from './ClueDisposalPanel.js';
import { VerificationPanel } from './VerificationPanel.js';
import { InquiryPanel } from './InquiryPanel.js';

/** The higher-organ report card (GZ 第二十二条) with 案管's record button. */
function HigherReportCard({ clue, onSaved }: { clue: ClueDetail; onSaved: () => void }) {
  const { t } = useTranslation();
  const session = useSession();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ reportedOn: Dayjs; reference: string }>();
  const [error, setError] = useState<string | null>(null);
  const h = clue.higherReport;
  if (!h.required) return null;
  return (
    <Card size="small" title={t('clue.higher.title')} style={{ marginBottom: 16 }} data-testid="clue-higher">
      {h.reportedOn ? (
        <Typography.Text>
          {t('clue.higher.reported', { on: h.reportedOn, ref: h.reference ?? '', by: h.reportedByName ?? '' })}
        </Typography.Text>
      ) : (
        <Space>
          <Tag color="red">{t('clue.higher.flagged')}</Tag>
          {session.can('clue.register') ? (
            <Button size="small" onClick={() => setOpen(true)} data-testid="clue-higher-record">
              {t('clue.higher.record')}
            </Button>
          ) : null}
        </Space>
      )}
      <Modal
        open={open}
        title={t('clue.higher.record')}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} /> : null}
        <Form
          form={form}
          layout="vertical"
          initialValues={{ reportedOn: todayPickerDate() }}
          onFinish={async (v) => {
            try {
              await recordHigherReport(clue.id, {
                version: clue.version,
                reportedOn: fromPickerDate(v.reportedOn) ?? '',
                reference: v.reference,
              });
              setOpen(false);
              onSaved();
            } catch (err) {
              setError(errorMessage(err));
            }
          }}
        >
          <Form.Item name="reportedOn" label={t('clue.higher.reportedOn')} rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="reference" label={t('clue.higher.reference')} rules={[{ required: true }]}>
            <Input maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

/**
 * Whether the clue's filing handover waits for a filing request (立案呈批): proposed for filing,
 * and every filing request drafted from it declined since (the trail says both).
 */
function filingWaits(clue: ClueDetail): boolean {
  if (clue.status !== 'case_proposed') return false;
  const count = (action: string) => clue.trail.filter((e) => e.action === action).length;
  return count('filing_drafted') <= count('filing_declined');
}

/** The clue detail page. */
export function ClueDetailPage() {
  const { t } = useTranslation();
  const session = useSession();
  const { id = '' } = useParams();
  const [clue, setClue] = useState<ClueDetail | null>(null);
  const [state, setState] = useState<'loading' | 'missing' | 'line' | 'error' | 'ok'>('loading');
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setClue(await getClue(id));
      setState('ok');
    } catch (err) {
      if (err instanceof ApiError && err.code === 'NEED_TO_KNOW') setState('line');
      else if (err instanceof ApiError && (err.status === 404 || err.code === 'VALIDATION_FAILED')) setState('missing');
      else {
        setError(errorMessage(err));
        setState('error');
      }
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);

  const back = (
    <Link to="/clues" aria-label={t('common.back')}>
      <ArrowLeftOutlined />
    </Link>
  );
  if (state === 'loading') return <Spin style={{ display: 'block', margin: '64px auto' }} />;
  if (state === 'missing') return <Result status="404" title={t('clue.notFound')} extra={back} />;
  if (state === 'line')
    return <Result status="403" title={t('clue.lineOnly')} extra={back} data-testid="clue-line-only" />;
  if (state === 'error' || !clue)
    return (
      <PageContainer title={t('clue.detail')}>
        <Alert type="error" showIcon message={error} />
      </PageContainer>
    );
  const dash = (v: string | null | undefined) => v || '—';

  return (
    <PageContainer
      title={
        <Space wrap>
          {back}
          <span data-testid="clue-number">{clue.number}</span>
          <Tag>{t(`clue.status.${clue.status}`)}</Tag>
          {clue.disposal ? <Tag color="blue">{t(`clue.disposal.${clue.disposal}`)}</Tag> : null}
        </Space>
      }
      extra={
        session.can('case.manage') && filingWaits(clue) ? (
          <Link to={`/cases/new?clue=${clue.id}`}>
            <Button type="primary" icon={<FileAddOutlined />} data-testid="clue-draft-filing">
              {t('case.clueButton')}
            </Button>
          </Link>
        ) : null
      }
    >
      <Row gutter={16}>
        <Col xs={24} lg={15}>
          <Card size="small" style={{ marginBottom: 16 }}>
            <Descriptions size="small" column={{ xs: 1, sm: 2, md: 2, lg: 2, xl: 2, xxl: 2 }} bordered>
              <Descriptions.Item label={t('clue.source.label')}>
                {t(`clue.source.${clue.sourceKind}`)}
                {clue.reportId ? (
                  <Link
                    to={`/reports/${clue.reportId}`}
                    style={{ marginInlineStart: 8 }}
                    data-testid="clue-source-link"
                  >
                    {t('clue.sourceLink')}
                  </Link>
                ) : null}
              </Descriptions.Item>
              <Descriptions.Item label={t('clue.sourceRef')}>{dash(clue.sourceRef)}</Descriptions.Item>
              <Descriptions.Item label={t('clue.receivedOn')}>{formatDate(clue.receivedOn)}</Descriptions.Item>
              <Descriptions.Item label={t('clue.region')}>{dash(clue.regionName)}</Descriptions.Item>
              <Descriptions.Item label={t('clue.unit')}>{dash(clue.unitName)}</Descriptions.Item>
              <Descriptions.Item label={t('clue.keeper')}>{dash(clue.keeperName)}</Descriptions.Item>
              {clue.filedByUnitName ? (
                <Descriptions.Item label={t('clue.filedBy')}>{clue.filedByUnitName}</Descriptions.Item>
              ) : null}
              <Descriptions.Item label={t('clue.amount')}>
                {clue.amountFen === null ? '—' : (clue.amountFen / 100).toFixed(2)}
              </Descriptions.Item>
              <Descriptions.Item label={t('clue.categories')} span={2}>
                {clue.categories.length === 0
                  ? '—'
                  : clue.categories.map((c) => <Tag key={c}>{t(`report.category.${c}`)}</Tag>)}
              </Descriptions.Item>
              <Descriptions.Item label={t('clue.summary')} span={2}>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
                  {clue.summary}
                </Typography.Paragraph>
              </Descriptions.Item>
            </Descriptions>
          </Card>
          <AssignmentOpinionCard clue={clue} onSaved={() => void load()} />
          <InquiryPanel clue={clue} onChanged={() => void load()} />
          <Card size="small" title={t('clue.subjects')} style={{ marginBottom: 16 }}>
            <Table
              rowKey={(s) => `${s.name}-${s.subjectId ?? ''}`}
              size="small"
              pagination={false}
              dataSource={clue.subjects}
              data-testid="clue-subjects"
              columns={[
                { title: t('clue.subjectName'), dataIndex: 'name' },
                { title: t('clue.position'), dataIndex: 'position', render: dash },
                { title: t('clue.employer'), dataIndex: 'employer', render: dash },
                {
                  title: t('clue.rank.label'),
                  dataIndex: 'rank',
                  render: (r: string | null) => (r ? <Tag color="red">{t(`clue.rank.${r}`)}</Tag> : '—'),
                },
              ]}
            />
          </Card>
          <HigherReportCard clue={clue} onSaved={() => void load()} />
          <ClueDisposalPanel clue={clue} onChanged={() => void load()} />
          <VerificationPanel clueId={clue.id} onChanged={() => void load()} />
        </Col>
        <Col xs={24} lg={9}>
          <Card size="small" title={t('clue.clocks')} style={{ marginBottom: 16 }}>
            {clue.clocks.map((k) => (
              <div key={k.id}>
                <Typography.Text>{k.kind === 'clue_disposal' ? t('clue.disposalClock') : k.label}</Typography.Text>{' '}
                <Tag color={k.metAt ? 'green' : 'orange'}>
                  {k.metAt
                    ? t('clue.clockMet', { at: formatInstant(k.metAt) })
                    : t('clue.clockDue', { on: formatDate(k.dueOn) })}
                </Tag>
              </div>
            ))}
          </Card>
          <Card size="small" title={t('clue.members')} style={{ marginBottom: 16 }}>
            <Space wrap>
              {clue.members.map((m) => (
                <Tag key={`${m.userId}-${m.role}`}>
                  {m.name}（{t(`clue.role.${m.role}`, { defaultValue: m.role })}）
                </Tag>
              ))}
            </Space>
          </Card>
          <Card size="small" title={t('clue.trail')} data-testid="clue-trail">
            <Timeline
              items={clue.trail.map((e) => ({
                children: (
                  <div data-testid={`trail-${e.action}`}>
                    <Typography.Text strong>{e.label}</Typography.Text>{' '}
                    <Typography.Text type="secondary">
                      {e.actorName} · {formatInstant(e.at)}
                    </Typography.Text>
                    {e.note ? <div>{e.note}</div> : null}
                  </div>
                ),
              }))}
            />
          </Card>
        </Col>
      </Row>
    </PageContainer>
  );
}
