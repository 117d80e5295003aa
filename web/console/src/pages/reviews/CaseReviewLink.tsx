/**
 * On the case page's overview: the case's review (审理), when one exists and the reader holds
 * review.read: its state, linked to the review page when the reader sees its content (the ledger
 * line's `visibility`). The case page's answer does not carry the review, so the review ledger is
 * asked for the case's line; a failure shows nothing (the case page stays as it was).
 *
 * Two forms live here, on the case's side of the review:
 * - 提前介入: a holder of review.manage may ask for early involvement in a case still under
 *   investigation that has no review yet, with the reason (it goes for approval);
 * - 移送审理 after a return: once the review office has returned the case (supplementary
 *   investigation or re-investigation, approved) or refused it, the case team (case.manage on the
 *   case) transfers it back with what the investigation found; a supplementary return resumes the
 *   review clock.
 * Both are checked before sending, show the server's refusal in its words and reload after success.
 */
import { useCallback, useEffect, useState } from 'react';
import { Button, Card, Form, Input, Space, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { CASE_WORKING_STATES, type CaseDetail } from '../../api/cases.js';
import { type ReviewLine, listReviews, requestEarlyInvolvement, resubmitToReview } from '../../api/reviews.js';
import { useSession } from '../../auth/session.js';
import { SaveError } from '../../components/SaveError.js';
import { useSaveAction } from '../../lib/useSaveAction.js';
import { ReviewStatusTag } from './ReviewTags.js';

/** The review states the case team transfers back from. */
const RETURNED = ['returned_supplementary', 'returned_reinvestigation', 'refused'];

/** 提前介入: the reason, sent for approval. */
function EarlyInvolvementForm({ caseId, done }: { caseId: string; done: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  const action = useSaveAction(done, 'review.early.asked');
  return (
    <Card size="small" title={t('review.early.ask')} style={{ marginBottom: 16 }} data-testid="case-review-early">
      <Typography.Paragraph type="secondary">{t('review.early.hint')}</Typography.Paragraph>
      <SaveError error={action.error} testId="case-review-early-error" />
      <Form
        form={form}
        layout="vertical"
        style={{ maxWidth: 640 }}
        onFinish={(v) => void action.run(() => requestEarlyInvolvement({ caseId, reason: v.reason.trim() }))}
      >
        <Form.Item
          name="reason"
          label={t('review.early.reason')}
          rules={[{ required: true, whitespace: true, message: t('review.early.reasonRequired') }]}
        >
          <Input.TextArea rows={2} maxLength={2000} data-testid="case-review-early-reason" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={action.saving} data-testid="case-review-early-submit">
          {t('review.early.submit')}
        </Button>
      </Form>
    </Card>
  );
}

/** 移送审理 after a return or a refusal. */
function ResubmitForm({ line, kase, done }: { line: ReviewLine; kase: CaseDetail; done: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ note: string }>();
  const action = useSaveAction(() => {
    form.resetFields();
    done();
  });
  return (
    <div data-testid="case-review-resubmit" style={{ marginTop: 12 }}>
      <Typography.Title level={5}>{t('review.resubmit.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">
        {t(line.status === 'refused' ? 'review.resubmit.refusedHint' : 'review.resubmit.hint')}
      </Typography.Paragraph>
      <SaveError error={action.error} testId="case-review-resubmit-error" />
      <Form
        form={form}
        layout="vertical"
        style={{ maxWidth: 640 }}
        onFinish={(v) =>
          void action.run(() => resubmitToReview(line.id, { caseVersion: kase.version, note: v.note.trim() }))
        }
      >
        <Form.Item
          name="note"
          label={t('review.resubmit.note')}
          rules={[{ required: true, whitespace: true, message: t('review.resubmit.noteRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={2000} data-testid="case-review-resubmit-note" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={action.saving} data-testid="case-review-resubmit-submit">
          {t('review.resubmit.submit')}
        </Button>
      </Form>
    </div>
  );
}

/** The card (or the early-involvement form, or nothing). */
export function CaseReviewLink({ kase, reload }: { kase: CaseDetail; reload?: () => void }) {
  const { t } = useTranslation();
  const session = useSession();
  const may = session.can('review.read');
  const caseId = kase.id;
  const [line, setLine] = useState<ReviewLine | null | undefined>(undefined);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!may) return;
    const abort = new AbortController();
    listReviews({ caseId, page: 1, pageSize: 1 }, abort.signal).then(
      (page) => setLine(page.items[0] ?? null),
      () => setLine(undefined),
    );
    return () => abort.abort();
  }, [caseId, may, tick, kase.version]);
  const done = useCallback(() => {
    setTick((n) => n + 1);
    reload?.();
  }, [reload]);
  if (line === null && session.can('review.manage') && CASE_WORKING_STATES.includes(kase.status))
    return <EarlyInvolvementForm caseId={caseId} done={done} />;
  if (!line) return null;
  const mayResubmit =
    RETURNED.includes(line.status) && kase.status === 'investigating' && kase.can.manage && session.can('case.manage');
  return (
    <Card size="small" title={t('review.ledger')} style={{ marginBottom: 16 }} data-testid="case-review">
      <Space>
        <ReviewStatusTag status={line.status} />
        <span>{line.reviewingUnitName}</span>
        {line.visibility === 'full' ? (
          <Link to={`/reviews/${line.id}`} data-testid="case-review-link">
            {t('review.detail')}
          </Link>
        ) : null}
      </Space>
      {mayResubmit ? <ResubmitForm line={line} kase={kase} done={done} /> : null}
    </Card>
  );
}
