/**
 * Parts of 以案促改 recommendations shared by the recommendations page and the case's 协作区
 * tab: the status tag (整改中, 已超期, 已完成 on a date) and the owner's action that marks one
 * done with a note, or opens it again.
 */
import { useState } from 'react';
import { Button, Form, Input, Popconfirm, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { updateRecommendation } from '../../api/case-zone.js';
import type { RecommendationStatus } from '../../api/cases.js';
import { errorMessage } from '../../api/request.js';
import { formatDate } from '../../lib/time.js';
import { FormModal } from '../cases/CaseZoneParts.js';

/** What the tag and the action need of a recommendation. */
export interface RecommendationState {
  id: string;
  status: RecommendationStatus;
  overdue: boolean;
  dueOn: string;
  doneOn: string | null;
  /** Its item in the rectification ledger, when the ledger took it over. */
  rectificationItemId?: string | null;
  version: number;
}

/** 整改中 (red when past its due date) or 已完成 with the date, and a link to its ledger item. */
export function RecommendationStatusTag({ rec }: { rec: RecommendationState }) {
  const { t } = useTranslation();
  return (
    <>
      <StatusTag rec={rec} />
      {rec.rectificationItemId ? (
        <Link to={`/rectification/${rec.rectificationItemId}`} data-testid="recommendation-ledger-link">
          {t('caseRecommendations.ledgerLink')}
        </Link>
      ) : null}
    </>
  );
}

function StatusTag({ rec }: { rec: RecommendationState }) {
  const { t } = useTranslation();
  if (rec.status === 'done')
    return (
      <Tag color="green" data-testid="recommendation-status">
        {t('caseRecommendations.doneOn', { on: formatDate(rec.doneOn) })}
      </Tag>
    );
  return rec.overdue ? (
    <Tag color="red" data-testid="recommendation-status">
      {t('caseRecommendations.overdueTag')}
    </Tag>
  ) : (
    <Tag color="blue" data-testid="recommendation-status">
      {t('caseRecommendations.status.open')}
    </Tag>
  );
}

/**
 * 标记完成 (a dialog asking how it was done) on an open recommendation, 重新打开 (confirmed) on a
 * done one; `onDone` after the write, `onError` with the refusal in words.
 */
export function RecommendationAction({
  caseId,
  rec,
  onDone,
  onError,
}: {
  caseId: string;
  rec: RecommendationState;
  onDone: () => void;
  onError: (message: string) => void;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ doneNote?: string }>();
  if (rec.status === 'done')
    return (
      <Popconfirm
        title={t('caseRecommendations.reopenConfirm')}
        onConfirm={() =>
          updateRecommendation(caseId, rec.id, { version: rec.version, status: 'open' }).then(onDone, (err: unknown) =>
            onError(errorMessage(err)),
          )
        }
      >
        <Button size="small" data-testid="recommendation-reopen">
          {t('caseRecommendations.reopen')}
        </Button>
      </Popconfirm>
    );
  return (
    <>
      <Button size="small" type="primary" onClick={() => setOpen(true)} data-testid="recommendation-done">
        {t('caseRecommendations.markDone')}
      </Button>
      <FormModal<{ doneNote?: string }>
        open={open}
        title={t('caseRecommendations.markDone')}
        form={form}
        testId="recommendation-done-form"
        onClose={() => setOpen(false)}
        onDone={onDone}
        onSubmit={(f) =>
          updateRecommendation(caseId, rec.id, {
            version: rec.version,
            status: 'done',
            doneNote: f.doneNote?.trim() || null,
          })
        }
      >
        <Form.Item name="doneNote" label={t('caseRecommendations.doneNote')}>
          <Input.TextArea rows={3} maxLength={2000} data-testid="recommendation-done-note" />
        </Form.Item>
      </FormModal>
    </>
  );
}
