/**
 * The region tree (市→县→乡镇→村→村民小组), each level loaded when opened; create/rename with
 * `org.manage`. It opens at the user's own county: the levels above it expanded, the county
 * expanded and selected (issue 11 §5), so a county's staff do not start from the city.
 */
import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Modal, Space, Spin, Tag, Tree, Typography } from 'antd';
import { EditOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { createRegion, getUnit, listAllRegions, updateRegion } from '../../api/org.js';
import { errorMessage } from '../../api/request.js';
import type { Region } from '../../api/types.js';
import { findNode, withChildren, withRecord } from '../../lib/tree.js';
import type { LazyNode } from '../../lib/tree.js';

const LEVEL_COLOURS: Record<Region['level'], string> = {
  city: 'red',
  county: 'volcano',
  township: 'orange',
  village: 'blue',
  villager_group: 'default',
};

/** The codes from the top of the tree down to the county of `code` (GB/T 2260: 2, 4, 6 digits). */
export function countyPath(code: string): string[] {
  return [2, 4, 6].map((n) => code.slice(0, n).padEnd(12, '0')).filter((c, i, all) => all.indexOf(c) === i);
}

/** The tree card; `canManage` shows the create / rename buttons; `ownUnitId` says where it opens. */
export function RegionTree({ canManage, ownUnitId }: { canManage: boolean; ownUnitId?: string | null | undefined }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [nodes, setNodes] = useState<LazyNode<Region>[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<Region | null>(null);
  const [expanded, setExpanded] = useState<string[]>([]);
  const [loadedKeys, setLoadedKeys] = useState<string[]>([]);
  const [dialog, setDialog] = useState<'create' | 'rename' | null>(null);
  const [form] = Form.useForm<{ code: string; name: string }>();
  const [saving, setSaving] = useState(false);

  const toNode = useCallback(
    (region: Region): LazyNode<Region> => ({
      key: region.code,
      isLeaf: region.childCount === 0,
      record: region,
      title: (
        <Space size={4}>
          <span>{region.name}</span>
          <Tag color={LEVEL_COLOURS[region.level]} style={{ marginInlineEnd: 0 }}>
            {t(`region.level.${region.level}`)}
          </Tag>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {region.code}
          </Typography.Text>
        </Space>
      ),
    }),
    [t],
  );

  const loadRoots = useCallback(async () => {
    setLoading(true);
    try {
      const roots = await listAllRegions({});
      let tree = roots.map(toNode);
      const opened: string[] = [];
      let county: Region | null = null;
      // Open at the user's own county: each level on the way is loaded and expanded.
      const own = ownUnitId ? await getUnit(ownUnitId).catch(() => null) : null;
      if (own?.regionCode) {
        for (const code of countyPath(own.regionCode)) {
          const node = findNode(tree, code);
          if (!node) continue;
          if (!node.isLeaf) {
            const children = await listAllRegions({ parentCode: code });
            tree = withChildren(tree, code, children.map(toNode));
            opened.push(code);
          }
          if (node.record.level === 'county') county = node.record;
        }
      }
      setNodes(tree);
      setExpanded(opened);
      setLoadedKeys(opened);
      setSelected(county);
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setLoading(false);
    }
  }, [toNode, ownUnitId]);

  useEffect(() => {
    void loadRoots();
  }, [loadRoots]);

  const loadChildren = async (code: string) => {
    const children = await listAllRegions({ parentCode: code });
    setNodes((prev) => withChildren(prev, code, children.map(toNode)));
    setLoadedKeys((prev) => [...prev, code]);
  };

  const openDialog = (kind: 'create' | 'rename') => {
    form.resetFields();
    if (kind === 'rename' && selected) form.setFieldsValue({ name: selected.name });
    if (kind === 'create' && selected) form.setFieldsValue({ code: selected.code.replace(/0+$/, '') });
    setDialog(kind);
  };

  const save = async (values: { code: string; name: string }) => {
    if (!selected) return;
    setSaving(true);
    try {
      if (dialog === 'rename') {
        const updated = await updateRegion(selected.code, {
          name: values.name.trim(),
        });
        const region = { ...selected, ...(updated ?? {}), name: updated?.name ?? values.name.trim() };
        setSelected(region);
        setNodes((prev) =>
          withRecord(prev, selected.code, (node) => ({
            ...toNode(region),
            children: node.children,
            isLeaf: node.isLeaf,
          })),
        );
      } else {
        await createRegion({
          code: values.code.trim(),
          parentCode: selected.code,
          name: values.name.trim(),
        });
        await loadChildren(selected.code);
      }
      message.success(t('common.saved'));
      setDialog(null);
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card
      size="small"
      title={t('region.tree')}
      extra={
        <Space size={4}>
          {canManage ? (
            <>
              <Button
                size="small"
                icon={<PlusOutlined />}
                disabled={!selected}
                onClick={() => openDialog('create')}
                data-testid="region-create"
              >
                {t('common.create')}
              </Button>
              <Button size="small" icon={<EditOutlined />} disabled={!selected} onClick={() => openDialog('rename')}>
                {t('common.edit')}
              </Button>
            </>
          ) : null}
          <Button
            size="small"
            icon={<ReloadOutlined />}
            onClick={() => void loadRoots()}
            aria-label={t('common.refresh')}
          />
        </Space>
      }
      styles={{ body: { padding: 8 } }}
    >
      {error ? <Alert type="error" showIcon message={error} /> : null}
      <div className="qf-card-body-scroll" data-testid="region-tree">
        {loading ? (
          <Spin />
        ) : (
          <Tree<LazyNode<Region>>
            blockNode
            treeData={nodes}
            expandedKeys={expanded}
            loadedKeys={loadedKeys}
            selectedKeys={selected ? [selected.code] : []}
            onExpand={(keys) => setExpanded(keys.map(String))}
            loadData={(node) => loadChildren(node.key)}
            onSelect={(_, info) => setSelected(info.selected ? info.node.record : null)}
          />
        )}
      </div>
      <Modal
        open={dialog !== null}
        title={
          dialog === 'rename'
            ? `${t('common.edit')} · ${selected?.name ?? ''}`
            : `${t('common.create')} · ${selected?.name ?? ''}`
        }
        onCancel={() => setDialog(null)}
        onOk={() => form.submit()}
        confirmLoading={saving}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(v) => void save(v)}>
          {dialog === 'create' ? (
            <Form.Item name="code" label={t('region.code')} rules={[{ required: true, pattern: /^\d{2,12}$/ }]}>
              <Input maxLength={12} inputMode="numeric" />
            </Form.Item>
          ) : null}
          <Form.Item name="name" label={t('region.name')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={50} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
