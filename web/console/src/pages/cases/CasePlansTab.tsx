/**
 * 方案 tab of the case page: the case's plans (审查调查方案, 谈话方案, 外查方案) with their approval
 * state and every version, each linked to its approval; drafting a plan of each kind (a serious
 * case's 审查调查方案 with its 专题会议) and requesting a change of an approved plan, which the team
 * (its leader included) may not make without approval: the working text changes only when the
 * change is approved.
 */
import { useCallback, useEffect, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
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
  type CasePlan,
  type CasePlanMeetingChair,
  type CasePlanText,
  changeCasePlan,
  listCasePlans,
  submitCasePlan,
} from '../../api/case-plans.js';
import { CASE_PLAN_KIND_LABELS, CASE_PLAN_STATUS_LABELS, type CasePlanKind } from '../../api/cases.js';
import { errorMessage } from '../../api/request.js';
import { fromPickerDate } from '../../lib/dates.js';
import { formatInstant } from '../../lib/time.js';
import type { CaseTabProps } from './caseTabs.js';

type Revision = CasePlan['revisions'][number];

const STATUS_COLORS: Record<CasePlan['status'], string> = {
  pending: 'processing',
  approved: 'success',
  returned: 'warning',
  rejected: 'error',
};

/** The states in which talk and inquiry plans are drafted and plans changed. */
const INVESTIGATING: readonly string[] = ['investigating', 'facts_shown'];

/** The form's values: lists as one item a line. */
interface PlanFormValues {
  kind: CasePlanKind;
  title: string;
  objectives: string;
  target?: string;
  matters?: string;
  measures: string;
  schedule?: string;
  safety?: string;
  reason?: string;
  serious?: boolean;
  heldOn?: Dayjs | null;
  chairUserId?: string;
  present?: string;
  decision?: string;
  agreed?: boolean;
}

/** The non-empty lines of a text area. */
function lines(text: string | undefined): string[] {
  return (text ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

/** A schedule line split at its first colon: "12月10日至12月20日：调取账目". */
function phase(line: string): { period: string; work: string } | null {
  const at = line.search(/[：:]/);
  if (at <= 0 || at === line.length - 1) return null;
  return { period: line.slice(0, at).trim(), work: line.slice(at + 1).trim() };
}

function textOf(v: PlanFormValues): CasePlanText {
  return {
    objectives: v.objectives.trim(),
    target: v.target?.trim() || null,
    matters: lines(v.matters),
    measures: lines(v.measures),
    schedule: lines(v.schedule)
      .map(phase)
      .filter((p) => p !== null),
    safety: lines(v.safety),
  };
}

function formOf(text: CasePlanText): Partial<PlanFormValues> {
  return {
    objectives: text.objectives,
    target: text.target ?? '',
    matters: text.matters.join('\n'),
    measures: text.measures.join('\n'),
    schedule: text.schedule.map((s) => `${s.period}：${s.work}`).join('\n'),
    safety: text.safety.join('\n'),
  };
}

/** The plan's working text. */
function PlanText({ plan }: { plan: CasePlan }) {
  const { t } = useTranslation();
  const list = (xs: string[]) => (xs.length === 0 ? '—' : xs.map((x, i) => <div key={i}>{`${i + 1}. ${x}`}</div>));
  return (
    <Descriptions size="small" column={1} bordered style={{ marginBottom: 12 }}>
      <Descriptions.Item label={t(`case.plan.objectives.${plan.kind}`)}>{plan.text.objectives}</Descriptions.Item>
      {plan.kind !== 'investigation' ? (
        <Descriptions.Item label={t(`case.plan.target.${plan.kind}`)}>{plan.text.target ?? '—'}</Descriptions.Item>
      ) : null}
      <Descriptions.Item label={t('case.plan.matters')}>{list(plan.text.matters)}</Descriptions.Item>
      <Descriptions.Item label={t('case.plan.measures')}>{list(plan.text.measures)}</Descriptions.Item>
      <Descriptions.Item label={t('case.plan.schedule')}>
        {list(plan.text.schedule.map((s) => `${s.period}：${s.work}`))}
      </Descriptions.Item>
      <Descriptions.Item label={t('case.plan.safety')}>{list(plan.text.safety)}</Descriptions.Item>
    </Descriptions>
  );
}

/** One plan: its state, working text, versions with their approvals, and the change button. */
function PlanCard({
  plan,
  mayChange,
  onChange,
}: {
  plan: CasePlan;
  mayChange: boolean;
  onChange: (plan: CasePlan) => void;
}) {
  const { t } = useTranslation();
  const pending = plan.revisions.find((r) => r.kind === 'change' && r.status === 'pending');
  // A serious case's 审查调查方案: the 专题会议 that agreed to it (recorded with the first version).
  const meeting = plan.revisions.find((r) => r.kind === 'original')?.meeting ?? null;
  const columns: TableColumnsType<Revision> = [
    {
      title: t('case.plan.revision'),
      dataIndex: 'revision',
      width: 70,
      render: (n: number) => t('case.plan.nth', { n }),
    },
    {
      title: t('case.plan.revisionKind'),
      dataIndex: 'kind',
      width: 80,
      render: (k: Revision['kind']) => t(`case.plan.revisionKinds.${k}`),
    },
    {
      title: t('case.plan.status'),
      dataIndex: 'status',
      width: 100,
      render: (s: Revision['status']) => <Tag color={STATUS_COLORS[s]}>{CASE_PLAN_STATUS_LABELS[s]}</Tag>,
    },
    { title: t('case.plan.reason'), dataIndex: 'reason', render: (r: string | null) => r ?? '—' },
    {
      title: t('case.plan.approval'),
      dataIndex: 'approvalId',
      width: 110,
      render: (id: string) => (
        <Link to={`/approvals/${id}`} data-testid="case-plan-approval-link">
          {t('case.plan.openApproval')}
        </Link>
      ),
    },
    {
      title: t('case.plan.submittedBy'),
      dataIndex: 'createdAt',
      width: 200,
      render: (at: string, r) => `${r.createdByName} ${formatInstant(at)}`,
    },
  ];
  return (
    <Card
      size="small"
      style={{ marginBottom: 16 }}
      data-testid={`case-plan-${plan.kind}`}
      title={
        <Space wrap>
          <Tag color="blue">{CASE_PLAN_KIND_LABELS[plan.kind]}</Tag>
          <span>{plan.title}</span>
          <Tag color={STATUS_COLORS[plan.status]} data-testid="case-plan-status">
            {CASE_PLAN_STATUS_LABELS[plan.status]}
          </Tag>
          {plan.serious ? <Tag color="purple">{t('case.plan.seriousTag')}</Tag> : null}
          {pending ? (
            <Tag color="orange" data-testid="case-plan-change-pending">
              {t('case.plan.changePending', { n: pending.revision })}
            </Tag>
          ) : null}
        </Space>
      }
      extra={
        mayChange && plan.status === 'approved' ? (
          <Button
            size="small"
            disabled={Boolean(pending)}
            onClick={() => onChange(plan)}
            data-testid="case-plan-change"
          >
            {t('case.plan.change')}
          </Button>
        ) : null
      }
    >
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {plan.approvedAt
          ? t('case.plan.approvedAt', { at: formatInstant(plan.approvedAt), n: plan.revision })
          : t('case.plan.notApproved')}
      </Typography.Paragraph>
      {meeting ? (
        <Descriptions size="small" column={1} bordered style={{ marginBottom: 12 }}>
          <Descriptions.Item label={t('case.plan.meeting.title')}>
            <span data-testid="case-plan-meeting">
              {t('case.plan.meeting.record', {
                heldOn: meeting.heldOn,
                chair: meeting.chairName,
                present: meeting.present.join('、'),
                decision: meeting.decision,
              })}
            </span>
          </Descriptions.Item>
        </Descriptions>
      ) : null}
      <PlanText plan={plan} />
      <Table
        rowKey="revision"
        size="small"
        pagination={false}
        dataSource={plan.revisions}
        columns={columns}
        data-testid="case-plan-revisions"
      />
    </Card>
  );
}

/** The form of a plan (new) or of its change (with the reason). */
function PlanFields({
  kinds,
  change,
  chair,
  serious,
}: {
  kinds: CasePlanKind[];
  change: CasePlan | null;
  chair: CasePlanMeetingChair | null;
  serious: boolean;
}) {
  const { t } = useTranslation();
  const kind = Form.useWatch<CasePlanKind | undefined>('kind') ?? change?.kind;
  const required = [{ required: true, whitespace: true, message: t('case.plan.required') }];
  return (
    <>
      {change ? null : (
        <>
          <Form.Item
            name="kind"
            label={t('case.plan.kind')}
            rules={[{ required: true, message: t('case.plan.required') }]}
          >
            <Select
              data-testid="case-plan-kind"
              options={kinds.map((k) => ({ value: k, label: CASE_PLAN_KIND_LABELS[k] }))}
            />
          </Form.Item>
          <Form.Item name="title" label={t('case.plan.title')} rules={required}>
            <Input maxLength={200} data-testid="case-plan-title" placeholder={t('case.plan.titleHint')} />
          </Form.Item>
        </>
      )}
      <Form.Item name="objectives" label={t(`case.plan.objectives.${kind ?? 'investigation'}`)} rules={required}>
        <Input.TextArea rows={2} maxLength={4000} data-testid="case-plan-objectives" />
      </Form.Item>
      {kind && kind !== 'investigation' ? (
        <Form.Item name="target" label={t(`case.plan.target.${kind}`)} rules={required}>
          <Input maxLength={500} data-testid="case-plan-target" />
        </Form.Item>
      ) : null}
      <Form.Item name="matters" label={t('case.plan.matters')} extra={t('case.plan.oneALine')}>
        <Input.TextArea rows={2} data-testid="case-plan-matters" />
      </Form.Item>
      <Form.Item name="measures" label={t('case.plan.measures')} extra={t('case.plan.oneALine')} rules={required}>
        <Input.TextArea rows={2} data-testid="case-plan-measures" />
      </Form.Item>
      <Form.Item
        name="schedule"
        label={t('case.plan.schedule')}
        extra={t('case.plan.scheduleHint')}
        rules={[
          {
            validator: async (_, v: string | undefined) => {
              if (lines(v).some((l) => phase(l) === null)) throw new Error(t('case.plan.scheduleHint'));
            },
          },
        ]}
      >
        <Input.TextArea rows={2} data-testid="case-plan-schedule" />
      </Form.Item>
      <Form.Item name="safety" label={t('case.plan.safety')} extra={t('case.plan.oneALine')}>
        <Input.TextArea rows={2} data-testid="case-plan-safety" />
      </Form.Item>
      {change ? (
        <Form.Item name="reason" label={t('case.plan.reason')} rules={required}>
          <Input.TextArea rows={2} maxLength={2000} data-testid="case-plan-reason" />
        </Form.Item>
      ) : null}
      {!change && kind === 'investigation' ? (
        <>
          <Form.Item name="serious" valuePropName="checked" extra={t('case.plan.seriousHint')}>
            <Checkbox data-testid="case-plan-serious">{t('case.plan.serious')}</Checkbox>
          </Form.Item>
          {serious ? (
            <Card size="small" title={t('case.plan.meeting.title')} style={{ marginBottom: 16 }}>
              {chair ? null : (
                <Alert
                  type="warning"
                  showIcon
                  style={{ marginBottom: 12 }}
                  message={t('case.plan.meeting.noChair')}
                  data-testid="case-plan-meeting-no-chair"
                />
              )}
              <Form.Item
                name="heldOn"
                label={t('case.plan.meeting.heldOn')}
                rules={[{ required: true, message: t('case.plan.required') }]}
              >
                <DatePicker data-testid="case-plan-meeting-date" />
              </Form.Item>
              <Form.Item
                name="chairUserId"
                label={t('case.plan.meeting.chair')}
                rules={[{ required: true, message: t('case.plan.required') }]}
              >
                <Select
                  data-testid="case-plan-meeting-chair"
                  // GZ 第三十九条: the handling commission's principal leader chairs it (the server checks).
                  options={
                    chair ? [{ value: chair.userId, label: `${chair.name}（${chair.commissionName}主要负责人）` }] : []
                  }
                />
              </Form.Item>
              <Form.Item
                name="present"
                label={t('case.plan.meeting.present')}
                extra={t('case.plan.meeting.presentHint')}
                rules={required}
              >
                <Input data-testid="case-plan-meeting-present" />
              </Form.Item>
              <Form.Item name="decision" label={t('case.plan.meeting.decision')} rules={required}>
                <Input.TextArea rows={2} maxLength={2000} data-testid="case-plan-meeting-decision" />
              </Form.Item>
              <Form.Item name="agreed" valuePropName="checked">
                <Checkbox data-testid="case-plan-meeting-agreed">{t('case.plan.meeting.agreed')}</Checkbox>
              </Form.Item>
            </Card>
          ) : null}
        </>
      ) : null}
    </>
  );
}

/** The tab. */
export function CasePlansTab({ kase, reload }: CaseTabProps) {
  const { t } = useTranslation();
  const [plans, setPlans] = useState<CasePlan[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<'draft' | CasePlan | null>(null);
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [chair, setChair] = useState<CasePlanMeetingChair | null>(null);
  const [form] = Form.useForm<PlanFormValues>();
  const serious = Form.useWatch('serious', form) === true;

  const load = useCallback(async () => {
    try {
      const read = await listCasePlans(kase.id);
      setPlans(read.items);
      setChair(read.meetingChair);
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    }
  }, [kase.id]);
  useEffect(() => {
    void load();
  }, [load, kase.version]);

  const investigationOpen = plans?.some(
    (p) => p.kind === 'investigation' && p.status !== 'returned' && p.status !== 'rejected',
  );
  const kinds: CasePlanKind[] = [];
  if (kase.status === 'filed' && !investigationOpen) kinds.push('investigation');
  if (INVESTIGATING.includes(kase.status)) kinds.push('talk', 'inquiry');
  const mayDraft = kase.can.manage && kinds.length > 0;
  const mayChange = kase.can.manage && INVESTIGATING.includes(kase.status);
  const change = open !== null && open !== 'draft' ? open : null;

  function openDraft() {
    setFormError(null);
    setOpen('draft');
  }
  function openChange(plan: CasePlan) {
    setFormError(null);
    setOpen(plan);
  }

  async function save(v: PlanFormValues) {
    setSaving(true);
    setFormError(null);
    try {
      if (change) {
        const r = await changeCasePlan(kase.id, change.id, {
          version: change.version,
          text: textOf(v),
          reason: v.reason?.trim() ?? '',
        });
        setDone(t('case.plan.changeSubmitted', { n: r.revision }));
      } else {
        await submitCasePlan(kase.id, {
          version: kase.version,
          kind: v.kind,
          title: v.title.trim(),
          text: textOf(v),
          ...(v.kind === 'investigation' ? { serious: v.serious === true } : {}),
          ...(v.kind === 'investigation' && v.serious
            ? {
                meeting: {
                  heldOn: fromPickerDate(v.heldOn ?? null) ?? '',
                  chairUserId: v.chairUserId ?? '',
                  present: (v.present ?? '').split(/[、，,\s]+/).filter(Boolean),
                  decision: v.decision?.trim() ?? '',
                  agreed: v.agreed === true,
                },
              }
            : {}),
        });
        setDone(t('case.plan.submitted', { kind: CASE_PLAN_KIND_LABELS[v.kind] }));
      }
      setOpen(null);
      reload();
      void load();
    } catch (err) {
      setFormError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  }

  if (error) return <Alert type="error" showIcon message={error} />;
  return (
    <div data-testid="case-plans">
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        message={t('case.plan.changeRule')}
        data-testid="case-plan-rule"
      />
      {done ? (
        <Alert
          type="success"
          showIcon
          closable
          onClose={() => setDone(null)}
          style={{ marginBottom: 16 }}
          message={done}
          data-testid="case-plan-done"
        />
      ) : null}
      <Space style={{ marginBottom: 16 }} wrap>
        {mayDraft ? (
          <Button type="primary" onClick={openDraft} data-testid="case-plan-draft">
            {t('case.plan.draft')}
          </Button>
        ) : null}
        {kase.status === 'filed' && investigationOpen ? (
          <Typography.Text type="secondary">{t('case.plan.waitInvestigation')}</Typography.Text>
        ) : null}
      </Space>
      {plans === null ? null : plans.length === 0 ? (
        <Empty description={t('case.plan.empty')} />
      ) : (
        plans.map((p) => <PlanCard key={p.id} plan={p} mayChange={mayChange} onChange={openChange} />)
      )}
      <Modal
        open={open !== null}
        width={720}
        title={change ? t('case.plan.changeTitle', { title: change.title }) : t('case.plan.draftTitle')}
        onCancel={() => setOpen(null)}
        onOk={() => form.submit()}
        okText={change ? t('case.plan.submitChange') : t('case.plan.submit')}
        okButtonProps={{ loading: saving, ...({ 'data-testid': 'case-plan-save' } as Record<string, string>) }}
        destroyOnHidden
      >
        {change ? (
          <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t('case.plan.changeHint')} />
        ) : null}
        {formError ? (
          <Alert type="error" showIcon message={formError} style={{ marginBottom: 12 }} data-testid="case-plan-error" />
        ) : null}
        <Form
          form={form}
          layout="vertical"
          initialValues={change ? formOf(change.text) : { kind: kinds[0] }}
          onFinish={(v) => void save(v)}
        >
          <PlanFields kinds={kinds} change={change} chair={chair} serious={serious} />
        </Form>
      </Modal>
    </div>
  );
}
