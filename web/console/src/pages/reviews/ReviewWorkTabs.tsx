/**
 * The review page's working tabs: 概况 (subjects, the early involvement asked and its approval's
 * state, and the acceptance: accept, defer or refuse with the reason, while the case awaits it), 审理谈话 (the talks, and the form while under review),
 * 退回 (supplementary investigation or re-investigation with the reason, which goes for approval)
 * and 审理过程 (the trail). Forms appear only when the review's state and the reader's rights allow.
 */
import { Alert, Button, Card, DatePicker, Empty, Form, Input, Radio, Select, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { REVIEW_TALK_REASON_LABELS, decideAcceptance, recordTalk, requestReturn } from '../../api/reviews.js';
import { pickerDateString, todayPickerDate } from '../../lib/dates.js';
import { formatDate, formatInstant } from '../../lib/time.js';
import { SaveError } from '../../components/SaveError.js';
import { useSaveAction } from '../../lib/useSaveAction.js';
import type { ReviewTabProps } from './reviewTabs.js';

type Decision = 'accept' | 'defer' | 'refuse';

/** The decisions the state allows: accept or defer while awaiting; accept or refuse once deferred. */
function decisionsFor(status: string): Decision[] {
  if (status === 'awaiting') return ['accept', 'defer', 'refuse'];
  if (status === 'deferred') return ['accept', 'refuse'];
  return [];
}

/** The acceptance: what was decided, and the form while the case awaits it. */
function AcceptanceCard({ review, reload }: ReviewTabProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ decision: Decision; reason: string }>();
  const action = useSaveAction(reload);
  const decisions = review.can.assign ? decisionsFor(review.status) : [];
  // Nothing decided and nothing to decide (early involvement, before the transfer): no empty card.
  if (!review.acceptance && decisions.length === 0) return null;
  return (
    <Card
      size="small"
      title={t('review.acceptance.title')}
      style={{ marginBottom: 16 }}
      data-testid="review-acceptance"
    >
      {review.acceptance ? (
        <Typography.Paragraph data-testid="review-acceptance-done">
          {t('review.acceptance.done', {
            decision: t(`review.acceptance.${review.acceptance}`),
            reason: review.acceptanceReason ?? '',
          })}
          {review.acceptedOn ? `（${formatDate(review.acceptedOn)}）` : ''}
        </Typography.Paragraph>
      ) : null}
      {decisions.length > 0 ? (
        <>
          <SaveError error={action.error} testId="review-error" />
          <Form
            form={form}
            layout="vertical"
            initialValues={{ decision: 'accept' }}
            onFinish={(v) =>
              void action.run(() =>
                decideAcceptance(review.id, { version: review.version, decision: v.decision, reason: v.reason }),
              )
            }
          >
            <Form.Item name="decision" label={t('review.acceptance.decision')}>
              <Radio.Group
                data-testid="review-acceptance-decision"
                options={decisions.map((d) => ({ value: d, label: t(`review.acceptance.${d}`) }))}
              />
            </Form.Item>
            <Form.Item
              name="reason"
              label={t('review.acceptance.reason')}
              rules={[{ required: true, whitespace: true, message: t('review.acceptance.reasonRequired') }]}
            >
              <Input.TextArea rows={2} maxLength={500} data-testid="review-acceptance-reason" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={action.saving} data-testid="review-acceptance-submit">
              {t('review.acceptance.submit')}
            </Button>
          </Form>
        </>
      ) : null}
    </Card>
  );
}

/** 概况. */
export function ReviewOverviewTab({ review, reload }: ReviewTabProps) {
  const { t } = useTranslation();
  return (
    <>
      <Card size="small" title={t('review.subject')} style={{ marginBottom: 16 }}>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={review.subjects}
          data-testid="review-subjects"
          columns={[
            { title: t('review.team.name'), dataIndex: 'name' },
            { title: t('case.overview.position'), dataIndex: 'position', render: (v: string | null) => v || '—' },
          ]}
        />
      </Card>
      {review.early ? (
        <Card size="small" title={t('review.early.title')} style={{ marginBottom: 16 }}>
          <Typography.Paragraph style={{ marginBottom: 0 }} data-testid="review-early">
            {t('review.early.state', {
              status: t(`review.early.status.${review.early.status}`, { defaultValue: review.early.status }),
              reason: review.early.reason ?? '',
            })}
          </Typography.Paragraph>
        </Card>
      ) : null}
      <AcceptanceCard review={review} reload={reload} />
    </>
  );
}

interface TalkForm {
  subjectId: string;
  heldOn: Dayjs;
  reason: keyof typeof REVIEW_TALK_REASON_LABELS;
  reviewers: string[];
  defence: string;
  recordRef?: string;
}

/** 审理谈话. */
export function ReviewTalksTab({ review, reload }: ReviewTabProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<TalkForm>();
  const action = useSaveAction(() => {
    form.resetFields();
    reload();
  });
  const subjectName = (id: string) => review.subjects.find((s) => s.id === id)?.name ?? '—';
  const may = review.can.manage && review.status === 'reviewing';
  return (
    <>
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={review.talks}
        locale={{ emptyText: t('review.talks.none') }}
        data-testid="review-talks"
        style={{ marginBottom: 16 }}
        columns={[
          { title: t('review.talks.heldOn'), dataIndex: 'heldOn', width: 110, render: (v: string) => formatDate(v) },
          { title: t('review.talks.subject'), dataIndex: 'subjectId', width: 120, render: subjectName },
          {
            title: t('review.talks.reason'),
            dataIndex: 'reason',
            width: 220,
            render: (r: string) => t(`review.talks.reasons.${r}`, { defaultValue: r }),
          },
          {
            title: t('review.talks.reviewers'),
            dataIndex: 'reviewers',
            width: 160,
            render: (rs: { name: string }[]) => rs.map((r) => r.name).join('、'),
          },
          { title: t('review.talks.defence'), dataIndex: 'defence' },
        ]}
      />
      {may ? (
        <Card size="small" title={t('review.talks.add')}>
          <SaveError error={action.error} testId="review-error" />
          <Form<TalkForm>
            form={form}
            layout="vertical"
            initialValues={{ heldOn: todayPickerDate(), subjectId: review.subjects[0]?.id, reason: 'requested' }}
            onFinish={(v) =>
              void action.run(() =>
                recordTalk(review.id, {
                  version: review.version,
                  subjectId: v.subjectId,
                  heldOn: pickerDateString(v.heldOn),
                  reason: v.reason,
                  reviewers: v.reviewers ?? [],
                  defence: v.defence,
                  recordRef: v.recordRef?.trim() || null,
                }),
              )
            }
          >
            <Form.Item name="subjectId" label={t('review.talks.subject')} rules={[{ required: true }]}>
              <Select options={review.subjects.map((s) => ({ value: s.id, label: s.name }))} />
            </Form.Item>
            <Form.Item name="heldOn" label={t('review.talks.heldOn')} rules={[{ required: true }]}>
              <DatePicker />
            </Form.Item>
            <Form.Item name="reason" label={t('review.talks.reason')} rules={[{ required: true }]}>
              <Select
                options={Object.keys(REVIEW_TALK_REASON_LABELS).map((r) => ({
                  value: r,
                  label: t(`review.talks.reasons.${r}`),
                }))}
              />
            </Form.Item>
            <Form.Item name="reviewers" label={t('review.talks.reviewers')}>
              <Select mode="multiple" options={review.team.map((m) => ({ value: m.userId, label: m.name }))} />
            </Form.Item>
            <Form.Item name="defence" label={t('review.talks.defence')} rules={[{ required: true, whitespace: true }]}>
              <Input.TextArea rows={3} maxLength={5000} />
            </Form.Item>
            <Form.Item name="recordRef" label={t('review.talks.recordRef')}>
              <Input maxLength={100} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={action.saving} data-testid="review-talk-save">
              {t('review.talks.save')}
            </Button>
          </Form>
        </Card>
      ) : null}
    </>
  );
}

/** 退回. */
export function ReviewReturnsTab({ review, reload }: ReviewTabProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ kind: 'supplementary' | 'reinvestigation'; reason: string }>();
  const action = useSaveAction(reload);
  const kindText = (k: string | null) => (k ? t(`review.returns.${k}`, { defaultValue: k }) : '');
  const may = review.can.manage && review.status === 'reviewing' && !review.pendingReturn;
  return (
    <Card size="small" data-testid="review-returns">
      {review.pendingReturn ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message={t('review.returns.pending', {
            kind: kindText(review.pendingReturn.kind),
            reason: review.pendingReturn.reason ?? '',
          })}
        />
      ) : null}
      <Typography.Paragraph type="secondary">
        {review.lastReturn
          ? t('review.returns.last', { kind: kindText(review.lastReturn.kind), reason: review.lastReturn.reason ?? '' })
          : t('review.returns.none')}
      </Typography.Paragraph>
      {may ? (
        <>
          <Typography.Paragraph type="secondary">{t('review.returns.hint')}</Typography.Paragraph>
          <SaveError error={action.error} testId="review-error" />
          <Form
            form={form}
            layout="vertical"
            initialValues={{ kind: 'supplementary' }}
            onFinish={(v) =>
              void action.run(() =>
                requestReturn(review.id, { version: review.version, kind: v.kind, reason: v.reason }),
              )
            }
          >
            <Form.Item name="kind" label={t('review.returns.kind')}>
              <Radio.Group
                data-testid="review-return-kind"
                options={(['supplementary', 'reinvestigation'] as const).map((k) => ({
                  value: k,
                  label: t(`review.returns.${k}`),
                }))}
              />
            </Form.Item>
            <Form.Item name="reason" label={t('review.returns.reason')} rules={[{ required: true, whitespace: true }]}>
              <Input.TextArea rows={3} maxLength={2000} data-testid="review-return-reason" />
            </Form.Item>
            <Button type="primary" danger htmlType="submit" loading={action.saving} data-testid="review-return-submit">
              {t('review.returns.submit')}
            </Button>
          </Form>
        </>
      ) : null}
    </Card>
  );
}

/** 审理过程. */
export function ReviewTrailTab({ review }: ReviewTabProps) {
  const { t } = useTranslation();
  if (review.events.length === 0) return <Empty description={t('review.trail.none')} />;
  return (
    <Table
      rowKey={(e) => `${e.at}-${e.action}-${e.label}`}
      size="small"
      pagination={false}
      dataSource={review.events}
      data-testid="review-trail"
      columns={[
        { title: t('review.trail.at'), dataIndex: 'at', width: 150, render: (v: string) => formatInstant(v) },
        { title: t('review.trail.actor'), dataIndex: 'actorName', width: 120 },
        { title: t('review.trail.step'), dataIndex: 'label', width: 160 },
        { title: t('review.trail.note'), dataIndex: 'note', render: (v: string | null) => v ?? '—' },
      ]}
    />
  );
}
