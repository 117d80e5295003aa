/**
 * 申请提前介入 on the review ledger: the review office (review.manage) picks a case still under
 * investigation from the case ledger lines it sees (filed, investigating or facts shown; searched
 * by number or subject) and gives the reason; the request goes for approval and the new review's
 * page opens. The case page is closed to reviewers before the transfer (need-to-know), so the
 * ledger is where they ask. Checked before sending; the server's refusal shown in its words.
 */
import { useEffect, useState } from 'react';
import { Alert, Button, Form, Input, Modal, Select } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { CASE_WORKING_STATES, type CaseLine, listCases } from '../../api/cases.js';
import { requestEarlyInvolvement } from '../../api/reviews.js';
import { useSaveAction } from '../../lib/useSaveAction.js';

/** The button and its dialog. */
export function ReviewEarlyButton() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ caseId: string; reason: string }>();
  const [q, setQ] = useState('');
  const [cases, setCases] = useState<CaseLine[] | null>(null);
  const action = useSaveAction<{ id: string }>((made) => {
    setOpen(false);
    void navigate(`/reviews/${made.id}`);
  }, 'review.early.asked');
  useEffect(() => {
    if (!open) return;
    const abort = new AbortController();
    setCases(null);
    Promise.all(
      CASE_WORKING_STATES.map((status) =>
        listCases({ status, ...(q.trim() ? { q: q.trim() } : {}), page: 1, pageSize: 50 }, abort.signal),
      ),
    ).then(
      (pages) => setCases(pages.flatMap((p) => p.items)),
      () => {
        if (!abort.signal.aborted) setCases([]);
      },
    );
    return () => abort.abort();
  }, [open, q]);
  return (
    <>
      <Button onClick={() => setOpen(true)} data-testid="review-early-open">
        {t('review.early.ask')}
      </Button>
      <Modal
        open={open}
        title={t('review.early.ask')}
        onCancel={() => setOpen(false)}
        okText={t('review.early.submit')}
        okButtonProps={{
          loading: action.saving,
          ...({ 'data-testid': 'review-early-submit' } as Record<string, string>),
        }}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Alert type="info" showIcon message={t('review.early.hint')} style={{ marginBottom: 12 }} />
        {action.error ? (
          <Alert
            type="error"
            showIcon
            message={action.error}
            style={{ marginBottom: 12 }}
            data-testid="review-early-error"
          />
        ) : null}
        <Form
          form={form}
          layout="vertical"
          preserve={false}
          onFinish={(v) =>
            void action.run(() => requestEarlyInvolvement({ caseId: v.caseId, reason: v.reason.trim() }))
          }
        >
          <Form.Item
            name="caseId"
            label={t('review.early.case')}
            rules={[{ required: true, message: t('review.early.caseRequired') }]}
          >
            <Select
              showSearch
              filterOption={false}
              onSearch={setQ}
              loading={cases === null}
              placeholder={t('review.early.casePlaceholder')}
              data-testid="review-early-case"
              options={(cases ?? []).map((c) => ({
                value: c.id,
                label: `${c.number ?? t('review.pendingNumber')} ${c.subjectNames}（${c.handlingUnitName}）`,
              }))}
            />
          </Form.Item>
          <Form.Item
            name="reason"
            label={t('review.early.reason')}
            rules={[{ required: true, whitespace: true, message: t('review.early.reasonRequired') }]}
          >
            <Input.TextArea rows={3} maxLength={2000} data-testid="review-early-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
