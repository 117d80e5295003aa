/**
 * The flag of a clock whose due date was computed without a loaded holiday arrangement: until
 * the year is loaded its date counts weekends only, and it is recomputed when the year is loaded.
 */
import { Tag, Tooltip } from 'antd';
import { WarningOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';

/** Shows "2027年节假日未载入" when `years` is not empty; nothing otherwise. */
export function UncoveredYearsTag({ years }: { years?: readonly number[] | undefined }) {
  const { t } = useTranslation();
  if (!years || years.length === 0) return null;
  const list = years.join('、');
  return (
    <Tooltip title={t('deadline.uncoveredHint', { years: list })}>
      <Tag color="orange" icon={<WarningOutlined />} data-testid="deadline-uncovered">
        {t('deadline.uncovered', { years: list })}
      </Tag>
    </Tooltip>
  );
}
