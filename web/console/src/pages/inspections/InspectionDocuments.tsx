/**
 * 文书: the plan (检查工作方案) and the report (检查情况报告) as PDF and Word; the report form
 * for the team while the work is in progress (every finding decided first, or the server says
 * so), and the organiser's 结束检查 once reported.
 */
import { Alert, Button, Card, Form, Input, Space, Typography } from 'antd';
import { FilePdfOutlined, FileWordOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { type Inspection, closeInspection, inspectionDocumentUrl, writeReport } from '../../api/inspections.js';
import { formatInstant } from '../../lib/time.js';
import { useSaveAction } from '../../lib/useSaveAction.js';

/** Download links of one document. */
function DocLinks({ id, name }: { id: string; name: 'plan' | 'report' }) {
  const { t } = useTranslation();
  return (
    <Space wrap>
      <Button
        icon={<FilePdfOutlined />}
        href={inspectionDocumentUrl(id, name, 'pdf')}
        download
        data-testid={`doc-${name}-pdf`}
      >
        {t('inspection.docs.pdf')}
      </Button>
      <Button
        icon={<FileWordOutlined />}
        href={inspectionDocumentUrl(id, name, 'docx')}
        download
        data-testid={`doc-${name}-docx`}
      >
        {t('inspection.docs.docx')}
      </Button>
    </Space>
  );
}

/** The documents tab. */
export function InspectionDocuments({
  inspection,
  canManage,
  onChange,
}: {
  inspection: Inspection;
  canManage: boolean;
  onChange: (next: Inspection) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ summary: string; recommendations?: string }>();
  const report = useSaveAction<Inspection>(onChange, 'inspection.docs.reported');
  const close = useSaveAction<Inspection>(onChange, 'inspection.docs.closed');
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="documents">
      <Card size="small" title={t('inspection.docs.plan')}>
        <DocLinks id={inspection.id} name="plan" />
      </Card>
      <Card size="small" title={t('inspection.docs.report')}>
        {inspection.report ? (
          <Space direction="vertical">
            <Typography.Text type="secondary">{formatInstant(inspection.report.reportedAt)}</Typography.Text>
            <DocLinks id={inspection.id} name="report" />
          </Space>
        ) : inspection.status === 'in_progress' ? (
          <Form
            form={form}
            layout="vertical"
            onFinish={(v) =>
              report.run(() =>
                writeReport(inspection.id, {
                  version: inspection.version,
                  summary: v.summary.trim(),
                  recommendations: v.recommendations?.trim() || null,
                }),
              )
            }
            data-testid="report-form"
          >
            <Form.Item
              name="summary"
              label={t('inspection.docs.summary')}
              rules={[{ required: true, message: t('inspection.required') }]}
            >
              <Input.TextArea rows={4} maxLength={10000} data-testid="report-summary" />
            </Form.Item>
            <Form.Item name="recommendations" label={t('inspection.docs.recommendations')}>
              <Input.TextArea rows={3} maxLength={10000} data-testid="report-recommendations" />
            </Form.Item>
            {report.error ? (
              <Alert
                type="error"
                showIcon
                message={report.error}
                style={{ marginBottom: 12 }}
                data-testid="report-error"
              />
            ) : null}
            <Button type="primary" htmlType="submit" loading={report.saving} data-testid="report-save">
              {t('inspection.docs.writeReport')}
            </Button>
          </Form>
        ) : (
          <Typography.Text type="secondary">{t('inspection.docs.noReport')}</Typography.Text>
        )}
      </Card>
      {inspection.status === 'reported' && canManage ? (
        <Space direction="vertical">
          {close.error ? <Alert type="error" showIcon message={close.error} /> : null}
          <Button
            loading={close.saving}
            onClick={() => void close.run(() => closeInspection(inspection.id, inspection.version))}
            data-testid="inspection-close"
          >
            {t('inspection.docs.close')}
          </Button>
        </Space>
      ) : null}
    </Space>
  );
}
