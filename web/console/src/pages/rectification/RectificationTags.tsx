/** Small shared parts of the rectification pages: status, escalation and overdue tags. */
import { Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';

const STATUS_COLORS: Record<string, string> = {
  open: 'default',
  in_progress: 'processing',
  submitted: 'gold',
  closed: 'success',
};

const RUNG_COLORS: Record<string, string> = {
  reminder: 'blue',
  admonition: 'orange',
  circular: 'volcano',
  accountability: 'red',
};

/** An item's status as a coloured tag. */
export function RectificationStatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status] ?? 'default'} data-testid="rectification-status">
      {t(`rectification.status.${status}`)}
    </Tag>
  );
}

/** An escalation rung as a coloured tag (nothing for none). */
export function EscalationTag({ rung }: { rung: string | null | undefined }) {
  const { t } = useTranslation();
  if (!rung) return null;
  return (
    <Tag color={RUNG_COLORS[rung] ?? 'default'} data-testid="rectification-rung">
      {t(`rectification.rung.${rung}`)}
    </Tag>
  );
}

/** The due date, with a red 逾期 tag when the item is overdue. */
export function DueOn({ dueOn, overdue }: { dueOn: string; overdue: boolean }) {
  const { t } = useTranslation();
  return (
    <Space size={4}>
      <span>{dueOn}</span>
      {overdue ? (
        <Tag color="red" data-testid="rectification-overdue">
          {t('rectification.overdue')}
        </Tag>
      ) : null}
    </Space>
  );
}
