/** The "导出Excel" link of a list page: downloads exactly what the current filters select. */
import { Button } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';

/** A download link to an `export.xlsx` URL built with the list's filters (`useListPage().exportHref`). */
export function ExportButton({ href, testId }: { href: string | undefined; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Button icon={<DownloadOutlined />} href={href} download disabled={!href} data-testid={testId ?? 'export-excel'}>
      {t('common.exportExcel')}
    </Button>
  );
}
