/**
 * The unit tree, each level loaded when opened. The roots are the units whose parent is not
 * in the caller's scope, so a township user sees their own commission at the top. It opens at
 * the user's own unit (issue 11 §5, as the region tree opens at their county): the units above
 * it expanded, their own unit expanded and selected.
 */
import { useCallback, useEffect, useImperativeHandle, useState } from 'react';
import type { Ref } from 'react';
import { Alert, Button, Card, Input, List, Space, Spin, Tag, Tree, Typography } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { getUnit, listAllUnits, listUnits } from '../../api/org.js';
import { errorMessage } from '../../api/request.js';
import type { Unit } from '../../api/types.js';
import { findNode, withChildren } from '../../lib/tree.js';
import type { LazyNode } from '../../lib/tree.js';

/** How many levels the tree climbs from the user's unit to a root (a county has four or five). */
const MAX_DEPTH = 12;

/**
 * The units from a root of the tree (one of `rootIds`) down to `unitId`, top first; empty when the
 * climb does not reach a root (a unit out of the tree's reach, or an error: the tree still opens).
 */
async function chainToRoot(unitId: string, rootIds: Set<string>): Promise<Unit[]> {
  const chain: Unit[] = [];
  try {
    let unit = await getUnit(unitId);
    chain.unshift(unit);
    while (!rootIds.has(unit.id) && unit.parentId && chain.length < MAX_DEPTH) {
      unit = await getUnit(unit.parentId);
      chain.unshift(unit);
    }
    return rootIds.has(chain[0]!.id) ? chain : [];
  } catch {
    return [];
  }
}

/** What the page can ask of the tree. */
export interface UnitTreeHandle {
  /** Reloads the roots (after a unit was created or moved). */
  reload: () => void;
}

/** The tree card; `onOpen` opens a unit, `onCreate` starts a new one. */
export function UnitTree({
  onOpen,
  onCreate,
  canManage,
  handle,
  ownUnitId,
}: {
  onOpen: (unit: Unit) => void;
  onCreate: () => void;
  canManage: boolean;
  handle?: Ref<UnitTreeHandle>;
  /** The caller's unit: the root when the top of the tree is out of scope. */
  ownUnitId?: string | null;
}) {
  const { t } = useTranslation();
  const [nodes, setNodes] = useState<LazyNode<Unit>[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const [found, setFound] = useState<Unit[] | null>(null);
  const [expanded, setExpanded] = useState<string[]>([]);
  const [loadedKeys, setLoadedKeys] = useState<string[]>([]);
  const [selectedKey, setSelectedKey] = useState<string | null>(null);

  const toNode = useCallback(
    (unit: Unit): LazyNode<Unit> => ({
      key: unit.id,
      isLeaf: unit.childCount === 0,
      record: unit,
      title: (
        <Space size={4}>
          <Typography.Text delete={!unit.active}>{unit.name}</Typography.Text>
          <Tag style={{ marginInlineEnd: 0 }}>{t(`unit.kind.${unit.kind}`)}</Tag>
        </Space>
      ),
    }),
    [t],
  );

  const loadRoots = useCallback(async () => {
    setLoading(true);
    try {
      // Works whether the list without parentId answers the top level or every unit in scope.
      const units = await listAllUnits({}, 5);
      const ids = new Set(units.map((u) => u.id));
      let roots = units.filter((u) => u.parentId === null || !ids.has(u.parentId));
      // A scoped user may not see the county root; start from their own unit instead.
      if (roots.length === 0 && ownUnitId) {
        roots = [await getUnit(ownUnitId)];
      }
      let tree = roots.map(toNode);
      const opened: string[] = [];
      let own: string | null = null;
      // Open at the user's own unit: the chain from a root down to it, each level loaded and expanded.
      const chain = ownUnitId ? await chainToRoot(ownUnitId, new Set(roots.map((r) => r.id))) : [];
      for (const unit of chain) {
        const node = findNode(tree, unit.id);
        if (!node) break;
        if (!node.isLeaf) {
          const children = await listAllUnits({ parentId: unit.id });
          tree = withChildren(tree, unit.id, children.map(toNode));
          opened.push(unit.id);
        }
        if (unit.id === ownUnitId) own = unit.id;
      }
      setNodes(tree);
      setExpanded(opened);
      setLoadedKeys(opened);
      setSelectedKey(own);
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

  useImperativeHandle(handle, () => ({ reload: () => void loadRoots() }), [loadRoots]);

  const loadChildren = async (id: string) => {
    const children = await listAllUnits({ parentId: id });
    setNodes((prev) => withChildren(prev, id, children.map(toNode)));
    setLoadedKeys((prev) => [...prev, id]);
  };

  const runSearch = async (q: string) => {
    setSearch(q);
    if (!q.trim()) {
      setFound(null);
      return;
    }
    try {
      const page = await listUnits({ q: q.trim(), pageSize: 50 });
      setFound(page.items);
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <Card
      size="small"
      title={t('unit.tree')}
      extra={
        <Space size={4}>
          {canManage ? (
            <Button size="small" type="primary" icon={<PlusOutlined />} onClick={onCreate} data-testid="unit-create">
              {t('unit.create')}
            </Button>
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
      <Input.Search
        allowClear
        size="small"
        placeholder={t('unit.name')}
        value={search}
        onChange={(e) => {
          setSearch(e.target.value);
          if (!e.target.value) setFound(null);
        }}
        onSearch={(q) => void runSearch(q)}
        style={{ marginBottom: 8 }}
        data-testid="unit-search"
      />
      {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 8 }} /> : null}
      <div className="qf-card-body-scroll" data-testid="unit-tree">
        {found ? (
          <List<Unit>
            size="small"
            dataSource={found}
            renderItem={(unit) => (
              <List.Item style={{ cursor: 'pointer' }} onClick={() => onOpen(unit)}>
                <Space size={4}>
                  <span>{unit.name}</span>
                  <Tag>{t(`unit.kind.${unit.kind}`)}</Tag>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {unit.regionName ?? ''}
                  </Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        ) : loading ? (
          <Spin />
        ) : (
          <Tree<LazyNode<Unit>>
            blockNode
            treeData={nodes}
            expandedKeys={expanded}
            loadedKeys={loadedKeys}
            onExpand={(keys) => setExpanded(keys.map(String))}
            loadData={(node) => loadChildren(node.key)}
            onSelect={(_, info) => {
              setSelectedKey(info.node.key);
              onOpen(info.node.record);
            }}
            selectedKeys={selectedKey ? [selectedKey] : []}
          />
        )}
      </div>
    </Card>
  );
}
