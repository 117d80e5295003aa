/** Small tags for yes/no and active/inactive values in tables. */
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

/** "在用" (green) or "停用" (grey). */
export function ActiveTag({ active }: { active: boolean }) {
  const { t } = useTranslation();
  return active ? <Tag color="green">{t('common.active')}</Tag> : <Tag>{t('common.inactive')}</Tag>;
}

/** "是" or "否" as plain text. */
export function YesNo({ value }: { value: boolean | null | undefined }) {
  const { t } = useTranslation();
  if (value === null || value === undefined) return <>—</>;
  return <>{value ? t('common.yes') : t('common.no')}</>;
}
