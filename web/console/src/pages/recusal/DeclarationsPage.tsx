/** 我的回避申报: the caller's own relatives, former posts, origin, interests; the ID number is sent once and never shown. */
import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, DatePicker, Form, Input, Modal, Popconfirm, Select, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { type Declaration, createDeclaration, listMyDeclarations, removeDeclaration } from '../../api/recusal.js';
import { errorMessage } from '../../api/request.js';
import { PageContainer } from '../../components/PageContainer.js';
import {
  DECLARATION_KINDS,
  DECLARATION_KIND_LABELS,
  type DeclarationKind,
  RELATIONS,
  RELATION_LABELS,
  type Relation,
} from '../../../../../src/server/shared/recusal.codes.js';

interface FormValues {
  kind: DeclarationKind;
  relation?: Relation;
  name?: string;
  idNumber?: string;
  regionCode?: string;
  employer?: string;
  period?: [Dayjs | null, Dayjs | null];
  note?: string;
}

/** The declarations page. */
export function DeclarationsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [items, setItems] = useState<Declaration[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<FormValues>();
  const kind = Form.useWatch('kind', form);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setItems(await listMyDeclarations());
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setLoading(false);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const save = async (v: FormValues) => {
    setSaving(true);
    try {
      await createDeclaration({
        kind: v.kind,
        ...(v.relation ? { relation: v.relation } : {}),
        ...(v.name ? { name: v.name } : {}),
        ...(v.idNumber ? { idNumber: v.idNumber } : {}),
        ...(v.regionCode ? { regionCode: v.regionCode } : {}),
        ...(v.employer ? { employer: v.employer } : {}),
        ...(v.period?.[0] ? { fromOn: v.period[0].format('YYYY-MM-DD') } : {}),
        ...(v.period?.[1] ? { toOn: v.period[1].format('YYYY-MM-DD') } : {}),
        ...(v.note ? { note: v.note } : {}),
      });
      message.success(t('common.saved'));
      setAdding(false);
      form.resetFields();
      await load();
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  const columns: TableColumnsType<Declaration> = [
    { title: t('recusal.kind'), dataIndex: 'kind', render: (k: DeclarationKind) => DECLARATION_KIND_LABELS[k] },
    {
      title: t('recusal.relation'),
      dataIndex: 'relation',
      render: (r: Relation | null) => (r ? RELATION_LABELS[r] : '—'),
    },
    { title: t('recusal.name'), dataIndex: 'name', render: (v: string | null) => v ?? '—' },
    {
      title: t('recusal.idNumber'),
      dataIndex: 'hasIdNumber',
      render: (has: boolean) =>
        has ? <Tag color="green">{t('recusal.idDeclared')}</Tag> : <Tag>{t('recusal.idNotDeclared')}</Tag>,
    },
    {
      title: t('recusal.region'),
      render: (_: unknown, d) => d.regionName ?? d.regionCode ?? '—',
    },
    { title: t('recusal.employer'), dataIndex: 'employer', render: (v: string | null) => v ?? '—' },
    {
      title: t('recusal.period'),
      render: (_: unknown, d) => (d.fromOn || d.toOn ? `${d.fromOn ?? ''} ~ ${d.toOn ?? ''}` : '—'),
    },
    {
      title: t('common.actions'),
      render: (_: unknown, d) => (
        <Popconfirm
          title={t('recusal.removeConfirm')}
          onConfirm={async () => {
            try {
              await removeDeclaration(d.id, d.version);
              await load();
            } catch (err) {
              message.error(errorMessage(err));
            }
          }}
        >
          <Button size="small" danger data-testid={`declaration-remove-${d.id}`}>
            {t('recusal.remove')}
          </Button>
        </Popconfirm>
      ),
    },
  ];

  return (
    <PageContainer
      title={t('recusal.declarationsTitle')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="declaration-add">
          {t('recusal.add')}
        </Button>
      }
    >
      <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('recusal.declarationsHint')} />
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      <Table<Declaration>
        rowKey="id"
        size="small"
        loading={loading}
        columns={columns}
        dataSource={items}
        pagination={false}
        data-testid="declarations-table"
      />
      <Modal
        open={adding}
        title={t('recusal.add')}
        okText={t('common.submit')}
        cancelText={t('common.cancel')}
        confirmLoading={saving}
        onOk={() => form.submit()}
        onCancel={() => setAdding(false)}
        okButtonProps={{ 'data-testid': 'declaration-submit' }}
        destroyOnClose
      >
        <Form<FormValues>
          form={form}
          layout="vertical"
          initialValues={{ kind: 'relative' }}
          onFinish={save}
          data-testid="declaration-form"
        >
          <Form.Item name="kind" label={t('recusal.kind')} rules={[{ required: true }]}>
            <Select
              data-testid="declaration-kind"
              options={DECLARATION_KINDS.map((k) => ({ value: k, label: DECLARATION_KIND_LABELS[k] }))}
            />
          </Form.Item>
          {kind === 'relative' && (
            <Form.Item name="relation" label={t('recusal.relation')} rules={[{ required: true }]}>
              <Select
                data-testid="declaration-relation"
                options={RELATIONS.map((r) => ({ value: r, label: RELATION_LABELS[r] }))}
              />
            </Form.Item>
          )}
          {(kind === 'relative' || kind === 'interest') && (
            <Form.Item name="name" label={t('recusal.name')} rules={[{ required: kind === 'relative' }]}>
              <Input maxLength={50} data-testid="declaration-name" />
            </Form.Item>
          )}
          {(kind === 'relative' || kind === 'self') && (
            <Form.Item
              name="idNumber"
              label={t('recusal.idNumber')}
              extra={t('recusal.idNumberHint')}
              rules={[{ pattern: /^\d{17}[\dXx]$/, message: t('recusal.idNumberInvalid') }]}
            >
              <Input maxLength={18} autoComplete="off" data-testid="declaration-id-number" />
            </Form.Item>
          )}
          {(kind === 'relative' || kind === 'origin') && (
            <Form.Item
              name="regionCode"
              label={kind === 'origin' ? t('recusal.origin') : t('recusal.region')}
              rules={[{ required: kind === 'origin' }, { pattern: /^\d{12}$/, message: t('recusal.regionInvalid') }]}
            >
              <Input maxLength={12} placeholder="411221100201" data-testid="declaration-region" />
            </Form.Item>
          )}
          {(kind === 'relative' || kind === 'post' || kind === 'interest') && (
            <Form.Item name="employer" label={t('recusal.employer')} rules={[{ required: kind === 'post' }]}>
              <Input maxLength={100} data-testid="declaration-employer" />
            </Form.Item>
          )}
          {kind === 'post' && (
            <Form.Item name="period" label={t('recusal.period')}>
              <DatePicker.RangePicker allowEmpty={[true, true]} />
            </Form.Item>
          )}
          <Form.Item name="note" label={t('recusal.note')}>
            <Input.TextArea maxLength={500} rows={2} />
          </Form.Item>
        </Form>
      </Modal>
    </PageContainer>
  );
}
