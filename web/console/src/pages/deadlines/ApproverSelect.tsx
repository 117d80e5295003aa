/**
 * Picks who approved an extension: the holders of the roles the clock's rule names for its next
 * extension, over the record's unit (the server checks again and refuses anyone else).
 */
import { useEffect, useState } from 'react';
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { type Approvers, loadApprovers } from '../../api/timers.js';

/** A form control over the approver's user id, for the running clock `clockId`. */
export function ApproverSelect({
  clockId,
  value,
  onChange,
}: {
  clockId: string | undefined;
  value?: string;
  onChange?: (value: string) => void;
}) {
  const { t } = useTranslation();
  const [answer, setAnswer] = useState<Approvers | null>(null);

  useEffect(() => {
    setAnswer(null);
    if (!clockId) return;
    const controller = new AbortController();
    loadApprovers(clockId, controller.signal)
      .then(setAnswer)
      .catch(() => {
        if (!controller.signal.aborted) setAnswer({ step: null, approvers: [] });
      });
    return () => controller.abort();
  }, [clockId]);

  return (
    <Select
      value={value}
      onChange={onChange}
      loading={clockId !== undefined && answer === null}
      placeholder={answer && answer.approvers.length === 0 ? t('timer.noApprover') : t('common.select')}
      options={(answer?.approvers ?? []).map((a) => ({ value: a.userId, label: `${a.displayName}（${a.roleName}）` }))}
      data-testid="extend-approver"
    />
  );
}
