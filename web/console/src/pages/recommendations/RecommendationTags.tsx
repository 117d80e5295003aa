/** A recommendation's status as a tag (草稿, 送审中, 待回复, 已回复, 拒不采纳). */
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

const STATUS_COLORS: Record<string, string> = {
  draft: 'default',
  submitted: 'gold',
  issued: 'processing',
  replied: 'green',
  refused: 'red',
};

/** A recommendation's status. */
export function RecommendationStatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status] ?? 'default'} data-testid="rec-status">
      {t(`recommendation.statuses.${status}`, { defaultValue: status })}
    </Tag>
  );
}
