/**
 * 检查清单 (`/checklist-templates`, `?id=<version>` opens one): the checklist templates the reader
 * may see — the county's issued versions and the own scope's — with kind, level, version and
 * status. A version opens in a drawer with its items, the county version it adapts, and (for a
 * county version) which townships adapted which version. A township adapts a county version into a
 * draft of its own, edits its items (adds, changes, removes) and issues it; editing an issued
 * version gives a new draft version.
 */
import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Descriptions, Drawer, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import {
  type Adaptation,
  CHECKLIST_KINDS,
  type ChecklistItemInput,
  type ChecklistTemplate,
  type ChecklistTemplateLine,
  EVIDENCE_KINDS,
  adaptChecklistTemplate,
  getChecklistTemplate,
  issueChecklistTemplate,
  listAdaptations,
  listChecklistTemplates,
  updateChecklistTemplate,
} from '../../api/checklists.js';
import { errorMessage } from '../../api/request.js';
import { useSession } from '../../auth/session.js';
import { PageContainer } from '../../components/PageContainer.js';
import { formatInstant } from '../../lib/time.js';
import { useSaveAction } from '../../lib/useSaveAction.js';

const STATUS_COLORS: Record<string, string> = { draft: 'orange', issued: 'green', superseded: 'default' };

/** A template's status. */
function StatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status] ?? 'default'} data-testid="template-status">
      {t(`checklist.statuses.${status}`)}
    </Tag>
  );
}

/** The items editor of a draft (or of an issued version, which gives a new draft). */
function ItemsEditor({
  template,
  onSaved,
  onCancel,
}: {
  template: ChecklistTemplate;
  onSaved: (next: ChecklistTemplate) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ title: string; items: ChecklistItemInput[] }>();
  const save = useSaveAction<ChecklistTemplate>(onSaved, 'checklist.itemsSaved');
  const required = [{ required: true, message: t('inspection.required') }];
  return (
    <Form
      form={form}
      layout="vertical"
      data-testid="template-editor"
      initialValues={{
        title: template.title,
        items: template.items.map((i) => ({
          code: i.code,
          label: i.label,
          method: i.method,
          evidence: i.evidence,
          category: i.category,
        })),
      }}
      onFinish={(v) =>
        save.run(() =>
          updateChecklistTemplate(template.id, {
            version: template.version,
            title: v.title.trim(),
            items: v.items.map((i) => ({
              ...(i.code ? { code: i.code } : {}),
              label: i.label.trim(),
              method: i.method?.trim() ?? '',
              evidence: i.evidence,
              category: i.category?.trim() ?? '',
            })),
          }),
        )
      }
    >
      <Form.Item name="title" label={t('checklist.name')} rules={required}>
        <Input maxLength={100} data-testid="template-title" />
      </Form.Item>
      <Form.List name="items">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field, n) => (
              <div key={field.key} className="qf-checklist-item" data-testid="template-item">
                <Space align="baseline" wrap style={{ width: '100%' }}>
                  <Typography.Text strong>{n + 1}.</Typography.Text>
                  <Form.Item name={[field.name, 'label']} rules={required} style={{ minWidth: 280, marginBottom: 8 }}>
                    <Input placeholder={t('checklist.itemLabel')} maxLength={200} data-testid="template-item-label" />
                  </Form.Item>
                  <Form.Item name={[field.name, 'evidence']} style={{ marginBottom: 8 }}>
                    <Select
                      style={{ width: 120 }}
                      options={EVIDENCE_KINDS.map((k) => ({ value: k, label: t(`inspection.evidence.${k}`) }))}
                      data-testid="template-item-evidence"
                    />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(field.name)} aria-label={t('checklist.removeItem')} />
                </Space>
                <Space align="baseline" wrap style={{ width: '100%', paddingLeft: 20 }}>
                  <Form.Item name={[field.name, 'method']} style={{ minWidth: 280, marginBottom: 8 }}>
                    <Input placeholder={t('checklist.itemMethod')} maxLength={300} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'category']} style={{ marginBottom: 8 }}>
                    <Input placeholder={t('checklist.itemCategory')} maxLength={40} style={{ width: 140 }} />
                  </Form.Item>
                </Space>
              </div>
            ))}
            <div style={{ marginBottom: 16 }}>
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({ label: '', method: '', evidence: 'none', category: '' })}
                data-testid="template-add-item"
              >
                {t('checklist.addItem')}
              </Button>
            </div>
          </>
        )}
      </Form.List>
      {save.error ? <Alert type="error" showIcon message={save.error} style={{ marginBottom: 12 }} /> : null}
      <Space>
        <Button type="primary" htmlType="submit" loading={save.saving} data-testid="template-save">
          {t('checklist.saveItems')}
        </Button>
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
      </Space>
    </Form>
  );
}

/** One version in the drawer: items, what it adapts, who adapted it, the actions. */
function TemplateDrawer({
  id,
  onOpen,
  onChanged,
}: {
  id: string;
  onOpen: (id: string) => void;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const { can, user } = useSession();
  const [template, setTemplate] = useState<ChecklistTemplate | null>(null);
  const [adaptations, setAdaptations] = useState<Adaptation[]>([]);
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const opened = (next: ChecklistTemplate) => {
    setEditing(false);
    onChanged();
    if (next.id !== id) onOpen(next.id);
    else setTemplate(next);
  };
  const adapt = useSaveAction<ChecklistTemplate>(opened, 'checklist.adapted');
  const issue = useSaveAction<ChecklistTemplate>(opened, 'checklist.issued');

  useEffect(() => {
    setTemplate(null);
    setEditing(false);
    getChecklistTemplate(id)
      .then((x) => {
        setTemplate(x);
        setError(null);
        if (x.level === 'county') listAdaptations(x.id).then(setAdaptations, () => setAdaptations([]));
        else setAdaptations([]);
      })
      .catch((e: unknown) => setError(errorMessage(e)));
  }, [id]);

  if (error) return <Alert type="error" showIcon message={error} />;
  if (!template) return null;
  const x = template;
  const manages = can('checklist.manage');
  const own = x.ownerUnitId === user?.unitId;
  const actionError = adapt.error ?? issue.error;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="template-detail">
      <Descriptions size="small" bordered column={1}>
        <Descriptions.Item label={t('checklist.kind')}>{t(`checklist.kinds.${x.kind}`)}</Descriptions.Item>
        <Descriptions.Item label={t('checklist.level')}>{t(`checklist.levels.${x.level}`)}</Descriptions.Item>
        <Descriptions.Item label={t('checklist.version')}>
          <Space>
            <span data-testid="template-version">{t('checklist.versionN', { version: x.templateVersion })}</span>
            <StatusTag status={x.status} />
          </Space>
        </Descriptions.Item>
        {x.basedOn ? (
          <Descriptions.Item label={t('checklist.basedOn')}>
            <Button type="link" size="small" onClick={() => onOpen(x.basedOn!.id)} data-testid="template-based-on">
              {x.basedOn.title}（{t('checklist.versionN', { version: x.basedOn.templateVersion })}）
            </Button>
          </Descriptions.Item>
        ) : null}
        <Descriptions.Item label={t('checklist.issuedAt')}>{formatInstant(x.issuedAt) || '—'}</Descriptions.Item>
      </Descriptions>
      {actionError ? <Alert type="error" showIcon message={actionError} data-testid="template-error" /> : null}
      {!editing ? (
        <Space wrap>
          {x.canAdapt ? (
            <Button
              type="primary"
              loading={adapt.saving}
              onClick={() => void adapt.run(() => adaptChecklistTemplate(x.id))}
              data-testid="template-adapt"
            >
              {t('checklist.adapt')}
            </Button>
          ) : null}
          {manages && own && x.status !== 'superseded' ? (
            <Button onClick={() => setEditing(true)} data-testid="template-edit">
              {x.status === 'draft' ? t('checklist.edit') : t('checklist.editIssued')}
            </Button>
          ) : null}
          {manages && own && x.status === 'draft' ? (
            <Button
              type="primary"
              loading={issue.saving}
              onClick={() => void issue.run(() => issueChecklistTemplate(x.id, x.version))}
              data-testid="template-issue"
            >
              {t('checklist.issue')}
            </Button>
          ) : null}
        </Space>
      ) : null}
      {editing ? (
        <ItemsEditor template={x} onSaved={opened} onCancel={() => setEditing(false)} />
      ) : (
        <Table
          size="small"
          rowKey="code"
          pagination={false}
          dataSource={x.items}
          data-testid="template-items"
          scroll={{ x: 'max-content' }}
          columns={[
            { title: '#', dataIndex: 'position', width: 40 },
            { title: t('checklist.itemCategory'), dataIndex: 'category', width: 100 },
            { title: t('checklist.itemLabel'), dataIndex: 'label' },
            { title: t('checklist.itemMethod'), dataIndex: 'method' },
            {
              title: t('checklist.itemEvidence'),
              dataIndex: 'evidence',
              width: 100,
              render: (e: string) => t(`inspection.evidence.${e}`),
            },
          ]}
        />
      )}
      {x.level === 'county' ? (
        <>
          <Typography.Title level={5}>{t('checklist.adaptations')}</Typography.Title>
          <Table
            size="small"
            rowKey="templateId"
            pagination={false}
            dataSource={adaptations}
            data-testid="template-adaptations"
            locale={{ emptyText: t('checklist.noAdaptations') }}
            columns={[
              { title: t('checklist.township'), dataIndex: 'unitName' },
              {
                title: t('checklist.version'),
                dataIndex: 'templateVersion',
                render: (v: number, r) => (
                  <Button type="link" size="small" onClick={() => onOpen(r.templateId)}>
                    {t('checklist.versionN', { version: v })}
                  </Button>
                ),
              },
              { title: t('checklist.status'), dataIndex: 'status', render: (s: string) => <StatusTag status={s} /> },
              {
                title: t('checklist.basedOn'),
                dataIndex: 'basedOnVersion',
                render: (v: number) => t('checklist.versionN', { version: v }),
              },
            ]}
          />
        </>
      ) : null}
    </Space>
  );
}

/** The templates page. */
export function ChecklistTemplatesPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const [kind, setKind] = useState<string | undefined>();
  const [level, setLevel] = useState<string | undefined>();
  const [items, setItems] = useState<ChecklistTemplateLine[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const openId = params.get('id');

  const load = useCallback(() => {
    setLoading(true);
    listChecklistTemplates({
      ...(kind ? { kind: kind as ChecklistTemplateLine['kind'] } : {}),
      ...(level ? { level: level as ChecklistTemplateLine['level'] } : {}),
    })
      .then((x) => {
        setItems(x);
        setError(null);
      })
      .catch((e: unknown) => setError(errorMessage(e)))
      .finally(() => setLoading(false));
  }, [kind, level]);
  useEffect(load, [load]);

  const columns: TableColumnsType<ChecklistTemplateLine> = [
    {
      title: t('checklist.name'),
      dataIndex: 'title',
      render: (title: string, r) => (
        <Button type="link" size="small" onClick={() => setParams({ id: r.id })} data-testid="template-open">
          {title}
        </Button>
      ),
    },
    { title: t('checklist.kind'), dataIndex: 'kind', width: 150, render: (k: string) => t(`checklist.kinds.${k}`) },
    { title: t('checklist.level'), dataIndex: 'level', width: 80, render: (l: string) => t(`checklist.levels.${l}`) },
    {
      title: t('checklist.version'),
      dataIndex: 'templateVersion',
      width: 90,
      render: (v: number) => t('checklist.versionN', { version: v }),
    },
    { title: t('checklist.status'), dataIndex: 'status', width: 130, render: (s: string) => <StatusTag status={s} /> },
    {
      title: t('checklist.items'),
      dataIndex: 'items',
      width: 80,
      render: (n: number) => t('checklist.itemCount', { count: n }),
    },
    {
      title: t('checklist.basedOn'),
      dataIndex: 'basedOnId',
      width: 120,
      render: (b: string | null) => (b ? <Tag color="blue">{t('checklist.levels.county')}</Tag> : '—'),
    },
    {
      title: t('checklist.issuedAt'),
      dataIndex: 'issuedAt',
      width: 150,
      render: (v: string | null) => formatInstant(v) || '—',
    },
  ];

  return (
    <PageContainer title={t('checklist.title')}>
      <Typography.Paragraph type="secondary">{t('checklist.hint')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder={t('checklist.kind')}
          value={kind}
          onChange={setKind}
          options={CHECKLIST_KINDS.map((k) => ({ value: k, label: t(`checklist.kinds.${k}`) }))}
          style={{ width: 180 }}
          data-testid="templates-kind"
        />
        <Select
          allowClear
          placeholder={t('checklist.level')}
          value={level}
          onChange={setLevel}
          options={['county', 'township'].map((l) => ({ value: l, label: t(`checklist.levels.${l}`) }))}
          style={{ width: 120 }}
          data-testid="templates-level"
        />
      </Space>
      {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} /> : null}
      <Table
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={items}
        columns={columns}
        pagination={false}
        scroll={{ x: 1000 }}
        locale={{ emptyText: t('checklist.empty') }}
        data-testid="templates-table"
      />
      <Drawer
        open={openId !== null}
        onClose={() => setParams({})}
        width="min(760px, 100vw)"
        title={items.find((x) => x.id === openId)?.title ?? t('checklist.title')}
        destroyOnHidden
      >
        {openId ? <TemplateDrawer id={openId} onOpen={(next) => setParams({ id: next })} onChanged={load} /> : null}
      </Drawer>
    </PageContainer>
  );
}
