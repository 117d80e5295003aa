/** 呈批岗位: who holds each post the approval chains name; the organisation officer sets holders. */
import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Form, Input, Modal, Select, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { type ApprovalPostRow, listApprovalPosts, setApprovalPost } from '../../api/approvals.js';
import { errorMessage } from '../../api/request.js';
import { useSession } from '../../auth/session.js';
import { PageContainer } from '../../components/PageContainer.js';
import { UnitSelect } from '../../components/RemoteSelect.js';
import { formatInstant } from '../../lib/time.js';
import {
  APPROVAL_POSTS,
  APPROVAL_POST_LABELS,
  type ApprovalPost,
} from '../../../../../src/server/shared/approvals.codes.js';

interface SetValues {
  unitId: string;
  post: ApprovalPost;
  username?: string;
  holderName?: string;
}

/** The page. */
export function ApprovalPostsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const session = useSession();
  const [rows, setRows] = useState<ApprovalPostRow[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<SetValues>();

  const load = useCallback(async () => {
    try {
      setRows((await listApprovalPosts()).items);
    } catch (err) {
      setError(errorMessage(err));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const save = async (v: SetValues) => {
    setSaving(true);
    try {
      const username = v.username?.trim();
      await setApprovalPost({
        unitId: v.unitId,
        post: v.post,
        userId: null,
        ...(username ? { username } : {}),
        holderName: v.holderName?.trim() || null,
      });
      message.success(t('common.saved'));
      setOpen(false);
      await load();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  const columns: TableColumnsType<ApprovalPostRow> = [
    { title: t('approval.posts.unit'), dataIndex: 'unitName' },
    {
      title: t('approval.posts.post'),
      dataIndex: 'post',
      width: 180,
      render: (p: ApprovalPost) => APPROVAL_POST_LABELS[p],
    },
    {
      title: t('approval.posts.holder'),
      dataIndex: 'holderName',
      width: 220,
      render: (name: string | null, r) => (
        <>
          {name ?? '—'} {r.offPlatform ? <Tag>{t('approval.posts.offPlatform')}</Tag> : null}
        </>
      ),
    },
    { title: t('approval.posts.setBy'), dataIndex: 'setByName', width: 140, render: (v: string | null) => v ?? '—' },
    { title: t('approval.posts.setAt'), dataIndex: 'setAt', width: 160, render: (v: string) => formatInstant(v) },
  ];

  return (
    <PageContainer
      title={t('approval.posts.title')}
      extra={
        session.can('approval_post.manage') ? (
          <Button
            type="primary"
            onClick={() => {
              form.resetFields();
              setError(null);
              setOpen(true);
            }}
            data-testid="approval-post-set"
          >
            {t('approval.posts.set')}
          </Button>
        ) : null
      }
    >
      <Typography.Paragraph type="secondary">{t('approval.posts.hint')}</Typography.Paragraph>
      {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} /> : null}
      <Table<ApprovalPostRow>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={rows}
        pagination={false}
        data-testid="approval-posts"
      />
      <Modal
        open={open}
        title={t('approval.posts.set')}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        confirmLoading={saving}
        okButtonProps={{ 'data-testid': 'approval-post-submit' }}
        destroyOnHidden
      >
        {/* A refused save is said in the dialog, where the person is looking. */}
        {error && open ? <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} /> : null}
        <Typography.Paragraph type="secondary">{t('approval.posts.vacateHint')}</Typography.Paragraph>
        <Form<SetValues> form={form} layout="vertical" onFinish={(v) => void save(v)} data-testid="approval-post-form">
          <Form.Item name="unitId" label={t('approval.posts.unit')} rules={[{ required: true }]}>
            <UnitSelect data-testid="approval-post-unit" />
          </Form.Item>
          <Form.Item name="post" label={t('approval.posts.post')} rules={[{ required: true }]}>
            <Select
              data-testid="approval-post-post"
              options={APPROVAL_POSTS.map((p) => ({ value: p, label: APPROVAL_POST_LABELS[p] }))}
            />
          </Form.Item>
          <Form.Item name="username" label={t('approval.posts.account')}>
            <Input maxLength={64} data-testid="approval-post-username" />
          </Form.Item>
          <Form.Item name="holderName" label={t('approval.posts.holderName')}>
            <Input maxLength={40} data-testid="approval-post-holder-name" />
          </Form.Item>
        </Form>
      </Modal>
    </PageContainer>
  );
}
