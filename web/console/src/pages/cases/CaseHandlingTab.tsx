/**
 * 办理方式 tab of the case page: the current handling mode with its reason and who decided it;
 * the history of mode changes with their approvals; a request for a change (mode, a reason of the
 * county's list, the unit, zone or organ the mode needs) sent up as the approval
 * `case.mode_change`; the 指定管辖决定书 of a designated case; and 挂牌督办's report schedule,
 * the report due (overdue or not) and the reports, with the forms that set and record them.
 */
import { useState } from 'react';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import {
  type ModeChange,
  getFlag,
  listModeChanges,
  logFlagReport,
  requestModeChange,
  setFlagSchedule,
} from '../../api/case-zone.js';
import {
  BRIEFING_STATES,
  FLAG_INTERVAL_UNITS,
  type FlagIntervalUnit,
  MODE_CHANGE_STATES,
  MODE_CHANGE_STATUS_LABELS,
  type ModeChangeStatus,
} from '../../api/cases.js';
import { pickerDateString, todayPickerDate } from '../../lib/dates.js';
import { formatDate, formatInstant } from '../../lib/time.js';
import { modeReasonText } from './CaseDetailPage.js';
import { ModeTag } from './CaseTags.js';
import { FormModal, ZoneDocumentLinks, useCasePart } from './CaseZoneParts.js';
import type { CaseTabProps } from './caseTabs.js';
import { HandlingFields, type HandlingValues, handlingBody } from './HandlingFields.js';

const CHANGE_COLORS: Record<ModeChangeStatus, string> = {
  pending: 'processing',
  approved: 'success',
  returned: 'warning',
  rejected: 'error',
  withdrawn: 'default',
  lapsed: 'default',
};

/** The request for a change: the filing form's mode fields, sent up as an approval. */
function ModeChangeCard({
  kase,
  reload,
  changes,
  onSent,
}: CaseTabProps & { changes: ModeChange[]; onSent: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ handling: HandlingValues }>();
  const [open, setOpen] = useState(false);
  const [sent, setSent] = useState<{ approvalId: string; approvalNumber: string } | null>(null);
  const waiting = changes.find((c) => c.status === 'pending' || c.status === 'returned');
  const may = kase.can.manage && MODE_CHANGE_STATES.includes(kase.status) && !waiting;
  return (
    <>
      {sent ? (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="case-mode-change-sent"
          message={
            <Space wrap>
              {t('case.handling.sent', { number: sent.approvalNumber })}
              <Link to={`/approvals/${sent.approvalId}`}>{t('case.handling.openApproval')}</Link>
            </Space>
          }
        />
      ) : null}
      {waiting && waiting.approvalId !== sent?.approvalId ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="case-mode-change-waiting"
          message={
            <Space wrap>
              {t('case.handling.waiting', {
                mode: t(`case.mode.${waiting.toMode}`),
                status: MODE_CHANGE_STATUS_LABELS[waiting.status],
              })}
              {waiting.approvalId ? (
                <Link to={`/approvals/${waiting.approvalId}`}>{t('case.handling.openApproval')}</Link>
              ) : null}
            </Space>
          }
        />
      ) : null}
      {may ? (
        <Button type="primary" onClick={() => setOpen(true)} data-testid="case-mode-change">
          {t('case.handling.request')}
        </Button>
      ) : null}
      <FormModal<{ handling: HandlingValues }>
        open={open}
        title={t('case.handling.requestTitle')}
        form={form}
        width={640}
        testId="case-mode-form"
        onClose={() => setOpen(false)}
        onDone={() => {
          onSent();
          reload();
        }}
        onSubmit={async (v) => {
          const answer = await requestModeChange(kase.id, { version: kase.version, ...handlingBody(v.handling) });
          setSent(answer);
        }}
      >
        <Typography.Paragraph type="secondary">{t('case.handling.requestHint')}</Typography.Paragraph>
        <HandlingFields form={form} />
      </FormModal>
    </>
  );
}

/** 挂牌督办: the supervising organ, the schedule and the report due, the reports, and their forms. */
function FlagCard({ kase, reload }: CaseTabProps) {
  const { t } = useTranslation();
  const flag = useCasePart(kase.id, kase.version, getFlag);
  const [scheduleForm] = Form.useForm<{ every: number; unit: FlagIntervalUnit; nextDueOn: Dayjs }>();
  const [reportForm] = Form.useForm<{ reportedOn: Dayjs; content: string }>();
  const [dialog, setDialog] = useState<'schedule' | 'report' | null>(null);
  const may = kase.can.manage && BRIEFING_STATES.includes(kase.status);
  const v = flag.value;
  const s = v?.schedule ?? null;
  return (
    <Card
      size="small"
      title={t('case.handling.flag.title')}
      style={{ marginBottom: 16 }}
      data-testid="case-flag"
      extra={
        may ? (
          <Space>
            <Button size="small" onClick={() => setDialog('schedule')} data-testid="case-flag-schedule-set">
              {s ? t('case.handling.flag.changeSchedule') : t('case.handling.flag.setSchedule')}
            </Button>
            {s ? (
              <Button size="small" type="primary" onClick={() => setDialog('report')} data-testid="case-flag-report">
                {t('case.handling.flag.report')}
              </Button>
            ) : null}
          </Space>
        ) : null
      }
    >
      {flag.error ? <Alert type="error" showIcon message={flag.error} /> : null}
      {v ? (
        <>
          <Descriptions size="small" column={{ xs: 1, md: 2 }} style={{ marginBottom: 12 }}>
            <Descriptions.Item label={t('case.handling.flag.organ')}>{v.supervisingOrgan ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('case.handling.flag.schedule')}>
              <span data-testid="case-flag-schedule">
                {s ? (
                  <Space wrap size={4}>
                    {t('case.handling.flag.every', { n: s.every, unit: t(`case.handling.flag.unit.${s.unit}`) })}
                    {s.overdue ? (
                      <Tag color="red">{t('case.handling.flag.overdue', { on: formatDate(s.nextDueOn) })}</Tag>
                    ) : (
                      <Tag color="blue">{t('case.handling.flag.due', { on: formatDate(s.nextDueOn) })}</Tag>
                    )}
                  </Space>
                ) : (
                  <Typography.Text type="warning">{t('case.handling.flag.noSchedule')}</Typography.Text>
                )}
              </span>
            </Descriptions.Item>
          </Descriptions>
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={v.reports}
            data-testid="case-flag-reports"
            locale={{ emptyText: t('case.handling.flag.noReports') }}
            columns={[
              {
                title: t('case.handling.flag.reportedOn'),
                dataIndex: 'reportedOn',
                width: 110,
                render: (d: string) => formatDate(d),
              },
              {
                title: t('case.handling.flag.dueOn'),
                dataIndex: 'dueOn',
                width: 150,
                render: (d: string, r) => (
                  <Space size={4}>
                    {formatDate(d)}
                    {r.late ? <Tag color="orange">{t('case.handling.flag.late')}</Tag> : null}
                  </Space>
                ),
              },
              { title: t('case.handling.flag.content'), dataIndex: 'content' },
              { title: t('case.handling.flag.by'), dataIndex: 'reportedByName', width: 140 },
            ]}
          />
        </>
      ) : null}
      <FormModal<{ every: number; unit: FlagIntervalUnit; nextDueOn: Dayjs }>
        open={dialog === 'schedule'}
        title={t('case.handling.flag.setSchedule')}
        form={scheduleForm}
        testId="case-flag-schedule-form"
        initialValues={s ? { every: s.every, unit: s.unit } : { every: 2, unit: 'week', nextDueOn: todayPickerDate() }}
        onClose={() => setDialog(null)}
        onDone={() => {
          flag.reload();
          reload();
        }}
        onSubmit={(f) =>
          setFlagSchedule(kase.id, {
            version: kase.version,
            every: f.every,
            unit: f.unit,
            nextDueOn: pickerDateString(f.nextDueOn),
          })
        }
      >
        <Space align="start">
          <Form.Item name="every" label={t('case.handling.flag.everyLabel')} rules={[{ required: true }]}>
            <InputNumber min={1} max={365} data-testid="case-flag-every" />
          </Form.Item>
          <Form.Item name="unit" label=" " rules={[{ required: true }]}>
            <Select
              style={{ width: 90 }}
              options={FLAG_INTERVAL_UNITS.map((u) => ({ value: u, label: t(`case.handling.flag.unit.${u}`) }))}
              data-testid="case-flag-unit"
            />
          </Form.Item>
        </Space>
        <Form.Item
          name="nextDueOn"
          label={t('case.handling.flag.nextDueOn')}
          rules={[{ required: true, message: t('case.form.required') }]}
        >
          <DatePicker data-testid="case-flag-next" />
        </Form.Item>
      </FormModal>
      <FormModal<{ reportedOn: Dayjs; content: string }>
        open={dialog === 'report'}
        title={t('case.handling.flag.report')}
        form={reportForm}
        testId="case-flag-report-form"
        initialValues={{ reportedOn: todayPickerDate() }}
        onClose={() => setDialog(null)}
        onDone={() => {
          flag.reload();
          reload();
        }}
        onSubmit={(f) =>
          logFlagReport(kase.id, { reportedOn: pickerDateString(f.reportedOn), content: f.content.trim() })
        }
      >
        <Form.Item
          name="reportedOn"
          label={t('case.handling.flag.reportedOn')}
          rules={[{ required: true, message: t('case.form.required') }]}
        >
          <DatePicker data-testid="case-flag-reported-on" />
        </Form.Item>
        <Form.Item
          name="content"
          label={t('case.handling.flag.content')}
          rules={[{ required: true, whitespace: true, message: t('case.form.required') }]}
        >
          <Input.TextArea rows={4} maxLength={8000} data-testid="case-flag-content" />
        </Form.Item>
      </FormModal>
    </Card>
  );
}

/** The tab. */
export function CaseHandlingTab({ kase, reload }: CaseTabProps) {
  const { t } = useTranslation();
  const changes = useCasePart(kase.id, kase.version, listModeChanges);
  const columns: TableColumnsType<ModeChange> = [
    {
      title: t('case.handling.requestedAt'),
      dataIndex: 'requestedAt',
      width: 140,
      render: (v: string) => formatInstant(v),
    },
    {
      title: t('case.handling.change'),
      key: 'change',
      render: (_, r) => (
        <Space direction="vertical" size={0}>
          <span>
            {t(`case.mode.${r.fromMode}`)}（{r.fromUnitName}）→ {t(`case.mode.${r.toMode}`)}（{r.toUnitName}
            {r.toZoneName ? `，${r.toZoneName}` : ''}
            {r.toCoOrgan ? `；${r.toCoOrgan}` : ''}）
          </span>
          <Typography.Text type="secondary">
            {r.reasonLabel}
            {r.reasonNote ? `（${r.reasonNote}）` : ''}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('case.handling.requestedBy'), dataIndex: 'requestedByName', width: 120 },
    {
      title: t('case.handling.status'),
      dataIndex: 'status',
      width: 130,
      render: (s: ModeChangeStatus, r) =>
        r.approvalId ? (
          <Link to={`/approvals/${r.approvalId}`} data-testid="case-mode-change-approval">
            <Tag color={CHANGE_COLORS[s]}>{MODE_CHANGE_STATUS_LABELS[s]}</Tag>
          </Link>
        ) : (
          <Tag color={CHANGE_COLORS[s]}>{MODE_CHANGE_STATUS_LABELS[s]}</Tag>
        ),
    },
    {
      title: t('case.handling.decided'),
      key: 'decided',
      width: 240,
      render: (_, r) =>
        r.decidedAt ? (
          <Space direction="vertical" size={0}>
            <span>
              {r.decidedByName ?? '—'} · {formatInstant(r.decidedAt)}
            </span>
            {r.opinion ? <Typography.Text type="secondary">{r.opinion}</Typography.Text> : null}
          </Space>
        ) : (
          '—'
        ),
    },
  ];
  return (
    <>
      <Card size="small" title={t('case.handling.current')} style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={1} bordered data-testid="case-handling-current" style={{ marginBottom: 12 }}>
          <Descriptions.Item label={t('case.mode.label')}>
            <ModeTag mode={kase.mode} />
          </Descriptions.Item>
          <Descriptions.Item label={t('case.handling.reason')}>{modeReasonText(kase)}</Descriptions.Item>
          <Descriptions.Item label={t('case.handling.decidedBy')}>
            {kase.modeDecidedByName
              ? t('case.modeDecided', { name: kase.modeDecidedByName, at: formatInstant(kase.modeDecidedAt) })
              : t('case.modeProposed')}
          </Descriptions.Item>
          <Descriptions.Item label={t('case.handlingUnit')}>{kase.handlingUnit.name}</Descriptions.Item>
          {kase.zone ? <Descriptions.Item label={t('case.zone')}>{kase.zone.name}</Descriptions.Item> : null}
          {kase.coOrgan ? <Descriptions.Item label={t('case.coOrgan')}>{kase.coOrgan}</Descriptions.Item> : null}
          {kase.mode === 'designated' && kase.filedOn ? (
            <Descriptions.Item label={t('case.handling.document.designation_decision')}>
              <ZoneDocumentLinks caseId={kase.id} kind="designation_decision" testId="case-designation" />
            </Descriptions.Item>
          ) : null}
        </Descriptions>
        {kase.filedOn ? (
          <ModeChangeCard kase={kase} reload={reload} changes={changes.value ?? []} onSent={changes.reload} />
        ) : (
          <Typography.Text type="secondary">{t('case.handling.notFiled')}</Typography.Text>
        )}
      </Card>
      {kase.mode === 'flagged' ? <FlagCard kase={kase} reload={reload} /> : null}
      <Card size="small" title={t('case.handling.history')}>
        {changes.error ? <Alert type="error" showIcon message={changes.error} /> : null}
        {changes.value && changes.value.length === 0 ? (
          <Empty description={t('case.handling.noChanges')} />
        ) : (
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={changes.value ?? []}
            columns={columns}
            data-testid="case-mode-changes"
          />
        )}
      </Card>
    </>
  );
}
