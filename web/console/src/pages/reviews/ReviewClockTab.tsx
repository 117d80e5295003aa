/**
 * 审理时限 tab: the review clock (timer 13) and its history — each clock's start, due date, legal
 * due date, state (running; paused while the case is back for supplementary investigation, the
 * paused time not counted; met; restarted after a re-investigation, a new clock counted from the
 * new acceptance) and extensions — and, for a reader who may do the review work while the clock
 * runs, the extension (major or complex cases): who approved (the holders of the timer rule's
 * roles, from the server), the days added and the reason. Checked before sending; the server's
 * refusals (DEADLINE_APPROVER_ROLE …) shown in its words; the page reloads after success.
 */
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Form, Input, InputNumber, Select, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  type ReviewDetail,
  type ReviewExtensionApprovers,
  extendReview,
  getReviewExtensionApprovers,
} from '../../api/reviews.js';
import { errorMessage } from '../../api/request.js';
import { formatDate, formatInstant, todayInShanghai } from '../../lib/time.js';
import { SaveError } from '../../components/SaveError.js';
import { useSaveAction } from '../../lib/useSaveAction.js';
import { DueDate } from './ReviewTags.js';
import type { ReviewTabProps } from './reviewTabs.js';

type Clock = ReviewDetail['clocks'][number];
const STATE_COLORS: Record<string, string> = {
  running: 'processing',
  paused: 'warning',
  met: 'success',
  restarted: 'default',
};
/** The review states in which the period may be extended (the server's own list). */
const EXTEND_STATES = ['reviewing', 'reported', 'deliberation'];

interface ExtensionForm {
  approverId: string;
  days: number;
  reason: string;
}

/** The extension form over the running clock. */
function ExtensionCard({ review, reload }: ReviewTabProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ExtensionForm>();
  const [answer, setAnswer] = useState<ReviewExtensionApprovers | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const action = useSaveAction(() => {
    form.resetFields();
    reload();
  });
  useEffect(() => {
    const abort = new AbortController();
    getReviewExtensionApprovers(review.id, abort.signal).then(setAnswer, (err: unknown) => {
      if (!abort.signal.aborted) setLoadError(errorMessage(err));
    });
    return () => abort.abort();
  }, [review.id, review.version]);
  const maxDays = answer?.unit === 'calendar_days' && answer.maxAmount ? Math.min(answer.maxAmount, 366) : 366;
  return (
    <Card size="small" title={t('review.clockTab.extend')} data-testid="review-extension">
      <Typography.Paragraph type="secondary">{t('review.clockTab.extendHint')}</Typography.Paragraph>
      {loadError ? <Alert type="error" showIcon message={loadError} style={{ marginBottom: 12 }} /> : null}
      <SaveError error={action.error} testId="review-extension-error" />
      <Form<ExtensionForm>
        form={form}
        layout="vertical"
        style={{ maxWidth: 640 }}
        onFinish={(v) =>
          void action.run(() =>
            extendReview(review.id, {
              version: review.version,
              approverId: v.approverId,
              days: v.days,
              reason: v.reason.trim(),
            }),
          )
        }
      >
        <Form.Item
          name="approverId"
          label={t('review.clockTab.approver')}
          rules={[{ required: true, message: t('review.clockTab.approverRequired') }]}
        >
          <Select
            loading={answer === null && !loadError}
            placeholder={answer && answer.approvers.length === 0 ? t('review.clockTab.noApprover') : t('common.select')}
            options={(answer?.approvers ?? []).map((a) => ({
              value: a.userId,
              label: `${a.displayName}（${a.roleName}）`,
            }))}
            data-testid="review-extension-approver"
          />
        </Form.Item>
        <Form.Item
          name="days"
          label={t('review.clockTab.days')}
          rules={[
            { required: true, message: t('review.clockTab.daysRequired') },
            { type: 'integer', min: 1, max: maxDays, message: t('review.clockTab.daysRequired') },
          ]}
        >
          <InputNumber min={1} max={maxDays} precision={0} data-testid="review-extension-days" />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('review.clockTab.reason')}
          rules={[{ required: true, whitespace: true, message: t('review.clockTab.reasonRequired') }]}
        >
          <Input.TextArea rows={2} maxLength={2000} data-testid="review-extension-reason" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={action.saving} data-testid="review-extension-submit">
          {t('review.clockTab.submit')}
        </Button>
      </Form>
    </Card>
  );
}

/** 审理时限. */
export function ReviewClockTab({ review, reload }: ReviewTabProps) {
  const { t } = useTranslation();
  const today = todayInShanghai();
  const running = review.clocks.find((c) => c.state === 'running');
  const paused = review.clocks.find((c) => c.state === 'paused');
  const mayExtend = review.can.manage && EXTEND_STATES.includes(review.status);
  return (
    <>
      {paused ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="review-clock-paused"
          message={t('review.clockTab.pausedSince', { at: paused.pausedAt ? formatInstant(paused.pausedAt) : '—' })}
        />
      ) : null}
      {review.clocks.some((c) => c.state === 'restarted') ? (
        <Typography.Paragraph type="secondary">{t('review.clockTab.restartedNote')}</Typography.Paragraph>
      ) : null}
      <Table<Clock>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={review.clocks}
        locale={{ emptyText: t('review.clockTab.none') }}
        data-testid="review-clocks"
        style={{ marginBottom: 16 }}
        columns={[
          { title: '', dataIndex: 'seq', width: 100, render: (seq: number) => t('review.clockTab.seq', { seq }) },
          {
            title: t('review.clockTab.startsOn'),
            dataIndex: 'startsOn',
            width: 120,
            render: (v: string) => formatDate(v),
          },
          {
            title: t('review.clockTab.dueOn'),
            key: 'due',
            width: 160,
            render: (_: unknown, c: Clock) =>
              c.state === 'paused' ? (
                '—'
              ) : (
                <DueDate dueOn={c.dueOn ?? c.legalDueOn} today={today} overdue={c.overdue} />
              ),
          },
          {
            title: t('review.clockTab.legalDueOn'),
            dataIndex: 'legalDueOn',
            width: 120,
            render: (v: string) => formatDate(v),
          },
          {
            title: t('review.clockTab.state'),
            dataIndex: 'state',
            width: 110,
            render: (s: string) => (
              <Tag color={STATE_COLORS[s] ?? 'default'} data-testid="review-clock-state">
                {t(`review.clockTab.states.${s}`, { defaultValue: s })}
              </Tag>
            ),
          },
          {
            title: t('review.clockTab.extensions'),
            dataIndex: 'extensions',
            render: (n: number) => (n > 0 ? t('review.clockTab.extensionsCount', { count: n }) : '—'),
          },
        ]}
      />
      {mayExtend && running?.extendable ? <ExtensionCard review={review} reload={reload} /> : null}
      {mayExtend && !running ? <Alert type="info" showIcon message={t('review.clockTab.notExtendable')} /> : null}
    </>
  );
}
