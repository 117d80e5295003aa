/**
 * 详情: one report with all its fields, the reporter as 实名（已保护） (identity only through a
 * recorded reveal), the steps allowed by its status, the timeline, time limits, files, messages
 * and documents. A report outside the caller's scope answers 404 and shows the not-found page.
 */
import { useCallback, useEffect, useState } from 'react';
import { Alert, Card, Col, Descriptions, Flex, Row, Space, Spin, Tag, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { getReport } from '../../api/reports.js';
import { ApiError, errorMessage } from '../../api/request.js';
import { formatYuan } from '../../api/reports.js';
import type { ReportDetail } from '../../api/reports.js';
import { useSession } from '../../auth/session.js';
import { PageContainer } from '../../components/PageContainer.js';
import { formatDate, formatInstant } from '../../lib/time.js';
import { ActionButtons, ActionModal } from './ReportActions.js';
import type { ReportAction } from './ReportActions.js';
import {
  AttachmentsCard,
  DeadlinesCard,
  DocumentsCard,
  MessagesCard,
  RevealIdentityButton,
  RevealIdentityModal,
  TimelineCard,
} from './ReportPanels.js';
import { ReportNotFound, ReporterTag, StatusTag } from './ReportTags.js';
import { RepeatsCard } from './RepeatsCard.js';

/** Whether a report's `details.about` is the published record the reporter started from. */
function isAbout(value: unknown): value is { label: string } {
  return typeof value === 'object' && value !== null && typeof (value as { label?: unknown }).label === 'string';
}

/** The report detail page. */
export function ReportDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const session = useSession();
  const canManage = session.can('report.manage');
  const canIdentify = session.can('report.identity');
  const [report, setReport] = useState<ReportDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [missing, setMissing] = useState(false);
  const [action, setAction] = useState<ReportAction | null>(null);
  const [revealing, setRevealing] = useState(false);

  const load = useCallback(async () => {
    try {
      setReport(await getReport(id));
      setError(null);
      setMissing(false);
    } catch (err) {
      if (err instanceof ApiError && (err.status === 404 || err.code === 'VALIDATION_FAILED')) setMissing(true);
      else setError(errorMessage(err));
    }
  }, [id]);

  useEffect(() => {
    setReport(null);
    void load();
  }, [load]);

  if (missing) return <ReportNotFound />;
  if (error) {
    return (
      <PageContainer title={t('report.detail')}>
        <Alert type="error" showIcon message={error} />
      </PageContainer>
    );
  }
  if (!report) return <Spin style={{ display: 'block', margin: '64px auto' }} />;

  const dash = (v: string | null | undefined) => (v ? v : '—');
  const details = report.details ?? {};

  return (
    <PageContainer
      title={
        <Space wrap>
          <Link to="/reports" aria-label={t('common.back')}>
            <ArrowLeftOutlined />
          </Link>
          <span data-testid="report-number">{report.number ?? t('report.detail')}</span>
          <StatusTag status={report.status} />
          {!report.inLedger ? <Tag color="purple">{t('report.notInLedger')}</Tag> : null}
        </Space>
      }
      extra={canManage ? <ActionButtons report={report} onPick={setAction} /> : null}
    >
      <Flex vertical gap={16}>
        <Card size="small">
          <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} data-testid="report-fields">
            <Descriptions.Item label={t('report.receivedAt')}>{formatInstant(report.receivedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('report.channel.label')}>
              {t(`report.channel.${report.channel}`)}
            </Descriptions.Item>
            <Descriptions.Item label={t('report.kind.label')}>
              <Space size={4}>
                {t(`report.kind.${report.kind}`)}
                {report.assigned ? <Tag color="volcano">{t('report.assignedShort')}</Tag> : null}
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t('report.category.label')} span={{ xs: 1, md: 2, xl: 3 }}>
              {report.categories.length === 0
                ? '—'
                : report.categories.map((c) => <Tag key={c}>{t(`report.category.${c}`)}</Tag>)}
            </Descriptions.Item>
            <Descriptions.Item label={t('report.subject')}>
              <span data-testid="report-subject">{report.subjectName}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('report.subjectPosition')}>{dash(report.subjectPosition)}</Descriptions.Item>
            <Descriptions.Item label={t('report.subjectEmployer')}>{dash(report.subjectEmployer)}</Descriptions.Item>
            <Descriptions.Item label={t('report.authority.label')}>
              {report.subjectAuthority ? t(`report.authority.${report.subjectAuthority}`) : '—'}
            </Descriptions.Item>
            {isAbout(details.about) ? (
              <Descriptions.Item label={t('report.about')} span={{ xs: 1, md: 2, xl: 3 }}>
                <span data-testid="report-about">{details.about.label}</span>
              </Descriptions.Item>
            ) : null}
            {details.subjectRole ? (
              <Descriptions.Item label={t('report.subjectRole.label')}>
                <span data-testid="report-subject-role">{t(`report.subjectRole.${details.subjectRole}`)}</span>
              </Descriptions.Item>
            ) : null}
            {details.commissionLeader && details.commissionLeader !== 'no' ? (
              <Descriptions.Item label={t('report.commissionLeader.label')}>
                {t(`report.commissionLeader.${details.commissionLeader}`)}
              </Descriptions.Item>
            ) : null}
            {details.leadsCommission ? (
              <Descriptions.Item label={t('report.commissionLeader.label')}>
                {t('report.leadsCommissionYes')}
              </Descriptions.Item>
            ) : null}
            <Descriptions.Item label={t('report.region')}>{dash(report.regionName)}</Descriptions.Item>
            <Descriptions.Item label={t('report.ownerUnit')}>{dash(report.ownerUnitName)}</Descriptions.Item>
            <Descriptions.Item label={t('report.occurredOn')}>{formatDate(report.occurredOn)}</Descriptions.Item>
            <Descriptions.Item label={t('report.place')}>{dash(report.place)}</Descriptions.Item>
            <Descriptions.Item label={t('report.amountShort')}>
              {formatYuan(report.amountFen, t('report.yuan'))}
            </Descriptions.Item>
            <Descriptions.Item label={t('report.reporterMode')}>
              <Space size={8}>
                <ReporterTag anonymous={report.anonymous} />
                {!report.anonymous && canIdentify ? <RevealIdentityButton onClick={() => setRevealing(true)} /> : null}
              </Space>
            </Descriptions.Item>
            {report.ackDueOn ? (
              <Descriptions.Item label={t('report.ackDueOn')}>{formatDate(report.ackDueOn)}</Descriptions.Item>
            ) : null}
            {report.sourceBody ? (
              <Descriptions.Item label={t('report.sourceBody.label')}>
                {t(`report.sourceBody.${report.sourceBody}`)}
                {report.sourceRef ? `（${report.sourceRef}）` : ''}
              </Descriptions.Item>
            ) : null}
            {report.channel === 'visit' ? (
              <>
                <Descriptions.Item label={t('report.visitors')}>{details.visitors ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('report.receptionPlace')}>{dash(details.receptionPlace)}</Descriptions.Item>
                <Descriptions.Item label={t('report.demands')}>{dash(details.demands)}</Descriptions.Item>
              </>
            ) : null}
            {report.disposition ? (
              <Descriptions.Item label={t('report.disposition.label')}>
                {t(`report.disposition.${report.disposition}`)}
              </Descriptions.Item>
            ) : null}
            {report.clueNumber ? (
              <Descriptions.Item label={t('report.clue')}>
                <span data-testid="report-clue">{report.clueNumber}</span>
              </Descriptions.Item>
            ) : null}
            {report.transferredTo ? (
              <Descriptions.Item label={t('report.transferredTo')}>{report.transferredTo}</Descriptions.Item>
            ) : null}
            {report.closedAt ? (
              <Descriptions.Item label={t('report.closedAt')}>{formatInstant(report.closedAt)}</Descriptions.Item>
            ) : null}
            {report.rating ? (
              <Descriptions.Item label={t('report.rating.label')}>
                {t(`report.rating.${report.rating}`)}
              </Descriptions.Item>
            ) : null}
            {report.dispositionNote ? (
              <Descriptions.Item label={t('report.dispositionNote')} span={{ xs: 1, md: 2, xl: 3 }}>
                <span style={{ whiteSpace: 'pre-wrap' }}>{report.dispositionNote}</span>
              </Descriptions.Item>
            ) : null}
            {report.repeats.length > 0 ? (
              <Descriptions.Item label={t('report.repeats')} span={{ xs: 1, md: 2, xl: 3 }}>
                <Space wrap>
                  {report.repeats.map((r) => (
                    <Link key={r.id} to={`/reports/${r.id}`}>
                      {r.number ?? r.id.slice(0, 8)}
                    </Link>
                  ))}
                </Space>
              </Descriptions.Item>
            ) : null}
          </Descriptions>
          <Typography.Paragraph
            style={{ whiteSpace: 'pre-wrap', marginBottom: 0, marginTop: 8 }}
            data-testid="report-content"
          >
            <Typography.Text type="secondary">{t('report.content')}：</Typography.Text>
            {report.content}
          </Typography.Paragraph>
        </Card>

        <Row gutter={[16, 16]}>
          <Col xs={24} xl={10}>
            <Flex vertical gap={16}>
              {canManage && report.inLedger ? <RepeatsCard report={report} onDecided={() => void load()} /> : null}
              <TimelineCard report={report} />
              <DocumentsCard report={report} canIdentify={canIdentify} />
            </Flex>
          </Col>
          <Col xs={24} xl={14}>
            <Flex vertical gap={16}>
              <DeadlinesCard deadlines={report.deadlines} />
              <AttachmentsCard report={report} canUpload={canManage} onUploaded={() => void load()} />
              <MessagesCard report={report} canReply={canManage} onSent={() => void load()} />
            </Flex>
          </Col>
        </Row>
      </Flex>

      {canIdentify && !report.anonymous ? (
        <RevealIdentityModal reportId={report.id} open={revealing} onClose={() => setRevealing(false)} />
      ) : null}
      {canManage ? (
        <ActionModal
          action={action}
          report={report}
          onClose={() => setAction(null)}
          onDone={(left) => {
            setAction(null);
            if (left) void navigate('/reports');
            else void load();
          }}
        />
      ) : null}
    </PageContainer>
  );
}
