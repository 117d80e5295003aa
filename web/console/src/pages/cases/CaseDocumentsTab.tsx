/**
 * 文书 tab of the case page: every document the case has so far, as the server lists it
 * (`GET /api/cases/{id}/documents`: the filing documents, the records' documents, the measures'
 * and the zone's), one row each with its DOCX and PDF downloads. Each download is audited.
 */
import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, Space, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { FilePdfOutlined, FileWordOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { type CaseDocumentLine, listCaseDocuments } from '../../api/case-plans.js';
import { errorMessage } from '../../api/request.js';
import type { CaseTabProps } from './caseTabs.js';

/** The tab. */
export function CaseDocumentsTab({ kase }: CaseTabProps) {
  const { t } = useTranslation();
  const [items, setItems] = useState<CaseDocumentLine[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setItems(await listCaseDocuments(kase.id));
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    }
  }, [kase.id]);
  useEffect(() => {
    void load();
  }, [load, kase.version]);

  const columns: TableColumnsType<CaseDocumentLine> = [
    { title: t('case.documents.title'), dataIndex: 'title', render: (v: string) => <strong>{v}</strong> },
    {
      title: t('case.documents.record'),
      dataIndex: 'recordLabel',
      render: (v: string | null) => v ?? '—',
    },
    {
      title: t('case.documents.source'),
      dataIndex: 'source',
      width: 120,
      render: (s: CaseDocumentLine['source']) => <Tag>{t(`case.documents.sources.${s}`)}</Tag>,
    },
    {
      title: t('case.documents.download'),
      key: 'download',
      width: 200,
      render: (_: unknown, line) => (
        <Space>
          <Button
            size="small"
            icon={<FileWordOutlined />}
            href={line.docx}
            data-testid={`case-document-docx-${line.name}`}
          >
            DOCX
          </Button>
          <Button
            size="small"
            icon={<FilePdfOutlined />}
            href={line.pdf}
            data-testid={`case-document-pdf-${line.name}`}
          >
            PDF
          </Button>
        </Space>
      ),
    },
  ];
  if (error) return <Alert type="error" showIcon message={error} />;
  if (items === null) return null;
  return (
    <Card size="small" data-testid="case-documents">
      <Table
        rowKey={(l) => `${l.source}:${l.name}:${l.recordId ?? ''}`}
        size="small"
        pagination={false}
        dataSource={items}
        columns={columns}
        locale={{ emptyText: t('case.documents.empty') }}
        onRow={(l) => ({ 'data-testid': `case-document-${l.name}` }) as React.HTMLAttributes<HTMLElement>}
      />
    </Card>
  );
}
