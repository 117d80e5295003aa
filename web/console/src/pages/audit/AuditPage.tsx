/**
 * 审计日志: audit events with filters and server paging, Excel export and hash-chain verification.
 * Actions and resource types are shown in words, filters are selects, and each event names its
 * record (a report's number, an account's name) where the server could. The security
 * administrator sees the same page limited to the security events (refused access attempts).
 */
import { useEffect, useMemo, useState } from 'react';
import {
  Alert,
  App,
  Button,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Modal,
  Select,
  Table,
  Tooltip,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { DownloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import {
  AUDIT_ACTION_LABELS,
  auditAnchorsExportUrl,
  AUDIT_RESOURCE_LABELS,
  auditActionLabel,
  auditExportUrl,
  auditResourceLabel,
  listAuditEvents,
  listSecurityEvents,
  verifyAuditChain,
} from '../../api/audit.js';
import { listUsers } from '../../api/users.js';
import { errorMessage } from '../../api/request.js';
import type { AuditEvent, AuditVerification } from '../../api/types.js';
import { useSession } from '../../auth/session.js';
import { ExportButton } from '../../components/ExportButton.js';
import { FilterBar } from '../../components/FilterBar.js';
import { ListTable } from '../../components/ListParts.js';
import { PageContainer } from '../../components/PageContainer.js';
import { formatInstant, shanghaiDayEnd, shanghaiDayStart } from '../../lib/time.js';
import { cleanFilters, useListPage } from '../../lib/useListPage.js';

interface FormValues {
  actor?: string;
  action?: string;
  resourceType?: string;
  /** What the person knows of the record (a number, a username, a unit's name) or its id. */
  resource?: string;
  category?: 'security';
  range?: [Dayjs | null, Dayjs | null] | null;
}

/** Renders one value of a change for display. */
function show(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** The before/after table of one event. */
function ChangesTable({ changes }: { changes: AuditEvent['changes'] }) {
  const { t } = useTranslation();
  const rows = Object.entries(changes ?? {}).map(([field, pair]) => ({
    field,
    before: show(Array.isArray(pair) ? pair[0] : undefined),
    after: show(Array.isArray(pair) ? pair[1] : pair),
  }));
  if (rows.length === 0) return <Typography.Text type="secondary">{t('audit.noChanges')}</Typography.Text>;
  return (
    <Table
      size="small"
      rowKey="field"
      pagination={false}
      dataSource={rows}
      columns={[
        { title: t('audit.field'), dataIndex: 'field', width: 200 },
        {
          title: t('audit.before'),
          dataIndex: 'before',
          render: (v: string) => <span className="qf-break-all">{v}</span>,
        },
        {
          title: t('audit.after'),
          dataIndex: 'after',
          render: (v: string) => <span className="qf-break-all">{v}</span>,
        },
      ]}
    />
  );
}

/** The audit log page. */
export function AuditPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const session = useSession();
  const [form] = Form.useForm<FormValues>();
  const [params] = useSearchParams();
  // The security administrator reads only the security events; the workbench card links here with
  // ?category=security for the audit administrator too.
  const securityOnly = !session.can('audit.read');
  const initialCategory = securityOnly || params.get('category') === 'security' ? 'security' : undefined;
  const list = useListPage({
    fetchPage: securityOnly ? listSecurityEvents : listAuditEvents,
    exportUrl: auditExportUrl,
    pageSize: 50,
    ...(initialCategory && !securityOnly ? { initialFilters: { category: initialCategory } } : {}),
  });
  const [accounts, setAccounts] = useState<{ value: string; label: string }[]>([]);
  useEffect(() => {
    const ctl = new AbortController();
    listUsers({ page: 1, pageSize: 200 }, ctl.signal)
      .then((page) =>
        setAccounts(page.items.map((u) => ({ value: u.username, label: `${u.displayName}（${u.username}）` }))),
      )
      .catch(() => setAccounts([]));
    return () => ctl.abort();
  }, []);
  const actionOptions = useMemo(
    () =>
      Object.entries(AUDIT_ACTION_LABELS)
        .filter(([code]) => !securityOnly || code.startsWith('security.'))
        .map(([value, label]) => ({ value, label: `${label}（${value}）` })),
    [securityOnly],
  );
  const resourceOptions = useMemo(
    () => Object.entries(AUDIT_RESOURCE_LABELS).map(([value, label]) => ({ value, label })),
    [],
  );
  const [verifying, setVerifying] = useState(false);
  const [verification, setVerification] = useState<AuditVerification | null>(null);

  const verify = async () => {
    setVerifying(true);
    try {
      setVerification(await verifyAuditChain());
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setVerifying(false);
    }
  };

  const columns: TableColumnsType<AuditEvent> = [
    { title: t('audit.seq'), dataIndex: 'seq', width: 80 },
    { title: t('audit.occurredAt'), dataIndex: 'occurredAt', width: 140, render: (v: string) => formatInstant(v) },
    { title: t('audit.actor'), dataIndex: 'actorUsername', width: 120, render: (v: string | null) => v ?? '—' },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      width: 180,
      render: (v: string) => (
        <Tooltip title={v}>
          <span data-testid="audit-action">{auditActionLabel(v)}</span>
        </Tooltip>
      ),
    },
    {
      title: t('audit.resourceType'),
      dataIndex: 'resourceType',
      width: 110,
      render: (v: string) => auditResourceLabel(v),
    },
    {
      title: t('audit.resource'),
      dataIndex: 'resourceId',
      width: 200,
      ellipsis: true,
      render: (v: string | null, e) =>
        v === null ? (
          '—'
        ) : (
          <Tooltip title={v}>
            <span data-testid="audit-resource">{e.resourceName ?? `${v.slice(0, 8)}…`}</span>
          </Tooltip>
        ),
    },
    {
      title: t('audit.requestId'),
      dataIndex: 'requestId',
      width: 140,
      ellipsis: true,
      render: (v: string | null) => v ?? '—',
    },
  ];

  return (
    <PageContainer
      title={securityOnly ? t('audit.securityTitle') : t('audit.title')}
      extra={
        <>
          {session.can('audit.verify') ? (
            <Button
              icon={<SafetyCertificateOutlined />}
              loading={verifying}
              onClick={() => void verify()}
              data-testid="audit-verify"
            >
              {t('audit.verify')}
            </Button>
          ) : null}
          {session.can('audit.export') && !securityOnly ? (
            <Button
              icon={<DownloadOutlined />}
              href={auditAnchorsExportUrl()}
              download
              title={t('audit.anchorsHint')}
              data-testid="audit-anchors-export"
            >
              {t('audit.anchorsExport')}
            </Button>
          ) : null}
          {session.can('audit.export') && !securityOnly ? <ExportButton href={list.exportHref} /> : null}
        </>
      }
    >
      <FilterBar<FormValues>
        form={form}
        onSearch={(values) => {
          const [from, to] = values.range ?? [null, null];
          list.setFilters(
            cleanFilters({
              actor: values.actor,
              action: values.action,
              resourceType: values.resourceType,
              resource: values.resource?.trim() || undefined,
              category: securityOnly ? undefined : values.category,
              from: from ? shanghaiDayStart(from.format('YYYY-MM-DD')) : undefined,
              to: to ? shanghaiDayEnd(to.format('YYYY-MM-DD')) : undefined,
            }),
          );
        }}
        onReset={list.reset}
      >
        {securityOnly ? null : (
          <Form.Item name="category" label={t('audit.category')} initialValue={initialCategory}>
            <Select
              allowClear
              style={{ width: 220 }}
              placeholder={t('audit.allCategories')}
              options={[{ value: 'security', label: t('audit.securityCategory') }]}
              data-testid="filter-category"
            />
          </Form.Item>
        )}
        <Form.Item name="actor" label={t('audit.actor')}>
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            style={{ width: 190 }}
            options={accounts}
            data-testid="filter-actor"
          />
        </Form.Item>
        <Form.Item name="action" label={t('audit.action')}>
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            style={{ width: 240 }}
            options={actionOptions}
            popupMatchSelectWidth={false}
            data-testid="filter-action"
          />
        </Form.Item>
        <Form.Item name="resourceType" label={t('audit.resourceType')}>
          <Select allowClear style={{ width: 130 }} options={resourceOptions} data-testid="filter-resource-type" />
        </Form.Item>
        <Form.Item name="resource" label={t('audit.resource')} tooltip={t('audit.resourceHint')}>
          <Input
            allowClear
            style={{ width: 240 }}
            placeholder={t('audit.resourcePlaceholder')}
            data-testid="filter-resource"
          />
        </Form.Item>
        <Form.Item name="range" label={t('audit.range')}>
          <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: 250 }} />
        </Form.Item>
      </FilterBar>
      <ListTable
        list={list}
        rowKey="seq"
        size="small"
        columns={columns}
        scrollX={960}
        expandable={{
          expandedRowRender: (event) => <ChangesTable changes={event.changes} />,
          rowExpandable: (event) => event.changes !== null && Object.keys(event.changes).length > 0,
        }}
        testId="audit-table"
      />
      <Modal
        open={verification !== null}
        title={t('audit.verify')}
        onCancel={() => setVerification(null)}
        onOk={() => setVerification(null)}
        cancelButtonProps={{ style: { display: 'none' } }}
      >
        {verification ? (
          <div data-testid="audit-verification">
            <Alert
              type={verification.ok ? 'success' : 'error'}
              showIcon
              message={
                verification.ok
                  ? t('audit.verifyOk', { checked: verification.checked })
                  : t('audit.verifyBad', { checked: verification.checked, seq: verification.firstBadSeq ?? '?' })
              }
              style={{ marginBottom: 12 }}
            />
            <Descriptions size="small" column={1} bordered>
              <Descriptions.Item label="ok">{String(verification.ok)}</Descriptions.Item>
              <Descriptions.Item label="checked">{verification.checked}</Descriptions.Item>
              <Descriptions.Item label="firstBadSeq">{verification.firstBadSeq ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('audit.reason')}>{verification.reason ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('audit.anchors')}>{verification.anchors}</Descriptions.Item>
            </Descriptions>
          </div>
        ) : null}
      </Modal>
    </PageContainer>
  );
}
