/** 协作区: the list of collaboration zones, and creating one when allowed. */
import { useEffect, useState } from 'react';
import { Alert, Button, Form, InputNumber, Modal, Space, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useSaveAction } from '../../lib/useSaveAction.js';
import { createZone, listZones } from '../../api/zones.js';
import type { Zone } from '../../api/types.js';
import { useSession } from '../../auth/session.js';
import { ListTable } from '../../components/ListParts.js';
import { PageContainer } from '../../components/PageContainer.js';
import { RegionSelect, UnitSelect } from '../../components/RemoteSelect.js';
import { formatDate } from '../../lib/time.js';
import { useListPage } from '../../lib/useListPage.js';

interface CreateValues {
  commissionUnitId: string;
  ordinal: number;
  centralTownshipCode: string;
}

/** Creates a zone; the server generates its name. */
function CreateZoneModal({
  open,
  onClose,
  onSaved,
}: {
  open: boolean;
  onClose: () => void;
  onSaved: (zone: Zone) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<CreateValues>();
  const { saving, error, setError, run } = useSaveAction(onSaved);

  useEffect(() => {
    if (open) {
      form.resetFields();
      setError(null);
    }
  }, [open, form]);

  const save = async (values: CreateValues) => {
    await run(async () => {
      return createZone(values);
    });
  };

  return (
    <Modal
      open={open}
      title={t('zone.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={saving}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('zone.nameHint')}</Typography.Paragraph>
      {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} /> : null}
      <Form<CreateValues> form={form} layout="vertical" onFinish={save}>
        <Form.Item name="commissionUnitId" label={t('zone.commissionUnit')} rules={[{ required: true }]}>
          <UnitSelect kind="commission" />
        </Form.Item>
        <Form.Item name="ordinal" label={t('zone.ordinal')} rules={[{ required: true }]}>
          <InputNumber min={1} max={99} precision={0} />
        </Form.Item>
        <Form.Item name="centralTownshipCode" label={t('zone.centralTownship')} rules={[{ required: true }]}>
          <RegionSelect level="township" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The zones list page. */
export function ZonesPage() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const list = useListPage({ fetchPage: listZones });
  const [creating, setCreating] = useState(false);

  const columns: TableColumnsType<Zone> = [
    { title: t('zone.ordinal'), dataIndex: 'ordinal', width: 70 },
    {
      title: t('zone.name'),
      dataIndex: 'name',
      width: 260,
      render: (name: string, zone) => (
        <Link to={`/zones/${encodeURIComponent(zone.id)}`} data-testid={`zone-link-${zone.ordinal}`}>
          {name}
        </Link>
      ),
    },
    {
      title: t('zone.centralTownship'),
      dataIndex: 'centralTownshipName',
      width: 140,
      render: (v: string | null) => v ?? '—',
    },
    {
      title: t('zone.townships'),
      dataIndex: 'townships',
      render: (townships: Zone['townships']) => (
        <Space size={[0, 4]} wrap>
          {townships.map((township) => (
            <Tag
              key={township.membershipId}
              title={`${t('common.effectiveFrom')} ${formatDate(township.effectiveFrom)}`}
            >
              {township.name}
            </Tag>
          ))}
        </Space>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 90,
      render: (_, zone) => <Link to={`/zones/${encodeURIComponent(zone.id)}`}>{t('common.detail')}</Link>,
    },
  ];

  return (
    <PageContainer
      title={t('zone.title')}
      extra={
        session.can('zone.manage') ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="zone-create">
            {t('zone.create')}
          </Button>
        ) : null
      }
    >
      <ListTable list={list} columns={columns} scrollX={900} testId="zones-table" />
      <CreateZoneModal
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={(zone) => {
          setCreating(false);
          void navigate(`/zones/${encodeURIComponent(zone.id)}`);
        }}
      />
    </PageContainer>
  );
}
