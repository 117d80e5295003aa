/** The "导出Excel" link of a list page: downloads exactly what the current filters select. */
import { Button } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { buildUrl } from '../api/request.js';
import type { Query } from '../api/request.js';

/** A download link to an `export.xlsx` endpoint with the list's filters (no paging). */
export function ExportButton({ path, filters, testId }: { path: string; filters?: Query; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Button icon={<DownloadOutlined />} href={buildUrl(path, filters)} download data-testid={testId ?? 'export-excel'}>
      {t('common.exportExcel')}
    </Button>
  );
}
