/**
 * One zone: its current townships, the membership history (effective from/to) and the zone
 * roles (1+1+N: commander, leader, deputy leaders, members, office director, village liaisons),
 * with editing for holders of `zone.manage`.
 */
import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, Descriptions, Empty, Flex, Space, Spin, Switch, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { ArrowLeftOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { getUnit } from '../../api/org.js';
import { errorMessage } from '../../api/request.js';
import { getZone } from '../../api/zones.js';
import { ZONE_ROLES } from '../../api/types.js';
import type { ZoneDetail, ZoneMembership, ZoneRoleHolding } from '../../api/types.js';
import { useSession } from '../../auth/session.js';
import { PageContainer } from '../../components/PageContainer.js';
import { formatDate, todayInShanghai } from '../../lib/time.js';
import { AddMembershipModal, AddRoleModal, CentralTownshipModal, EndModal } from './ZoneModals.js';
import type { EndTarget } from './ZoneModals.js';

/** Whether a period is current today (ended periods have an effectiveTo on or before today). */
function isCurrent(effectiveTo: string | null, today: string): boolean {
  return effectiveTo === null || effectiveTo > today;
}

/** The zone detail page. */
export function ZoneDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const session = useSession();
  const canManage = session.can('zone.manage');
  const [zone, setZone] = useState<ZoneDetail | null>(null);
  const [unitNames, setUnitNames] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [showEnded, setShowEnded] = useState(false);
  const [modal, setModal] = useState<'membership' | 'role' | 'central' | null>(null);
  const [ending, setEnding] = useState<EndTarget | null>(null);
  const today = todayInShanghai();

  const load = useCallback(async () => {
    try {
      const detail = await getZone(id);
      setZone(detail);
      setError(null);
      // Names of the commission and workroom units, for display only.
      const ids = [detail.commissionUnitId, detail.workroomUnitId].filter((v): v is string => Boolean(v));
      const names: Record<string, string> = {};
      await Promise.all(
        ids.map(async (unitId) => {
          try {
            names[unitId] = (await getUnit(unitId)).name;
          } catch {
            // Out of scope or missing: the id stays hidden.
          }
        }),
      );
      setUnitNames(names);
    } catch (err) {
      setError(errorMessage(err));
    }
  }, [id]);

  useEffect(() => {
    void load();
  }, [load]);

  const saved = () => {
    setModal(null);
    setEnding(null);
    void load();
  };

  if (error) {
    return (
      <PageContainer title={t('zone.title')}>
        <Alert type="error" showIcon message={error} />
      </PageContainer>
    );
  }
  if (!zone) return <Spin />;

  const memberships = zone.memberships.filter((m) => showEnded || isCurrent(m.effectiveTo, today));
  // 1+1+N: list holders in rank order (commander, leader, deputies, …), then by start date.
  const rank = (role: ZoneRoleHolding['role']) => ZONE_ROLES.indexOf(role);
  const roles = zone.roles
    .filter((r) => showEnded || isCurrent(r.effectiveTo, today))
    .sort((a, b) => rank(a.role) - rank(b.role) || a.effectiveFrom.localeCompare(b.effectiveFrom));
  const currentRoles = zone.roles.filter((r) => isCurrent(r.effectiveTo, today));

  const status = (effectiveTo: string | null) =>
    isCurrent(effectiveTo, today) ? <Tag color="green">{t('common.current')}</Tag> : <Tag>{t('common.ended')}</Tag>;

  const membershipColumns: TableColumnsType<ZoneMembership> = [
    {
      title: t('zone.memberKind.label'),
      dataIndex: 'memberKind',
      width: 130,
      render: (k: ZoneMembership['memberKind']) => t(`zone.memberKind.${k}`),
    },
    { title: t('zone.member'), dataIndex: 'name', width: 200 },
    { title: t('common.effectiveFrom'), dataIndex: 'effectiveFrom', width: 120, render: formatDate },
    { title: t('common.effectiveTo'), dataIndex: 'effectiveTo', width: 120, render: formatDate },
    { title: t('common.status'), key: 'status', width: 90, render: (_, m) => status(m.effectiveTo) },
  ];
  const roleColumns: TableColumnsType<ZoneRoleHolding> = [
    {
      title: t('zone.role.label'),
      dataIndex: 'role',
      width: 150,
      render: (r: ZoneRoleHolding['role']) => t(`zone.role.${r}`),
    },
    { title: t('zone.staff'), dataIndex: 'staffName', width: 140 },
    { title: t('common.effectiveFrom'), dataIndex: 'effectiveFrom', width: 120, render: formatDate },
    { title: t('common.effectiveTo'), dataIndex: 'effectiveTo', width: 120, render: formatDate },
    { title: t('common.status'), key: 'status', width: 90, render: (_, r) => status(r.effectiveTo) },
  ];
  if (canManage) {
    membershipColumns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 90,
      render: (_, m) =>
        m.effectiveTo === null ? (
          <Button
            type="link"
            size="small"
            danger
            onClick={() => setEnding({ kind: 'membership', id: m.id, label: m.name, effectiveFrom: m.effectiveFrom })}
          >
            {t('common.end')}
          </Button>
        ) : null,
    });
    roleColumns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 90,
      render: (_, r) =>
        r.effectiveTo === null ? (
          <Button
            type="link"
            size="small"
            danger
            onClick={() =>
              setEnding({
                kind: 'role',
                id: r.id,
                label: `${t(`zone.role.${r.role}`)} ${r.staffName}`,
                effectiveFrom: r.effectiveFrom,
              })
            }
          >
            {t('common.end')}
          </Button>
        ) : null,
    });
  }

  return (
    <PageContainer
      title={
        <Space>
          <Link to="/zones" aria-label={t('common.back')}>
            <ArrowLeftOutlined />
          </Link>
          <span data-testid="zone-name">{zone.name}</span>
        </Space>
      }
      extra={
        <Switch
          checkedChildren={t('zone.showEnded')}
          unCheckedChildren={t('zone.showEnded')}
          checked={showEnded}
          onChange={setShowEnded}
        />
      }
    >
      <Flex vertical gap={16}>
        <Card size="small">
          <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
            <Descriptions.Item label={t('zone.ordinal')}>{zone.ordinal}</Descriptions.Item>
            <Descriptions.Item label={t('zone.commissionUnit')}>
              {unitNames[zone.commissionUnitId] ?? '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('zone.workroom')}>
              {zone.workroomUnitId ? (unitNames[zone.workroomUnitId] ?? '—') : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('zone.centralTownship')}>
              <Space wrap size={[8, 0]}>
                <span style={{ whiteSpace: 'nowrap' }}>{zone.centralTownshipName ?? '—'}</span>
                {canManage ? (
                  <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setModal('central')}>
                    {t('zone.changeCentral')}
                  </Button>
                ) : null}
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t('zone.townships')} span={2}>
              <Space size={[0, 4]} wrap data-testid="zone-townships">
                {zone.townships.length === 0 ? '—' : null}
                {zone.townships.map((township) => (
                  <Tag
                    key={township.membershipId}
                    color={township.code === zone.centralTownshipCode ? 'red' : undefined}
                  >
                    {township.name}
                  </Tag>
                ))}
              </Space>
            </Descriptions.Item>
          </Descriptions>
        </Card>

        <Card
          size="small"
          title={t('zone.memberships')}
          extra={
            canManage ? (
              <Button
                size="small"
                icon={<PlusOutlined />}
                onClick={() => setModal('membership')}
                data-testid="zone-add-membership"
              >
                {t('zone.addMembership')}
              </Button>
            ) : null
          }
        >
          <Table<ZoneMembership>
            rowKey="id"
            size="small"
            columns={membershipColumns}
            dataSource={memberships}
            pagination={false}
            data-testid="zone-memberships-table"
          />
        </Card>
        <Card
          size="small"
          title={t('zone.roles')}
          extra={
            canManage ? (
              <Button size="small" icon={<PlusOutlined />} onClick={() => setModal('role')} data-testid="zone-add-role">
                {t('zone.addRole')}
              </Button>
            ) : null
          }
        >
          <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} style={{ marginBottom: 12 }}>
            {ZONE_ROLES.map((role) => {
              const holders = currentRoles.filter((r) => r.role === role);
              return (
                <Descriptions.Item key={role} label={t(`zone.role.${role}`)}>
                  {holders.length === 0 ? (
                    <Typography.Text type="secondary">—</Typography.Text>
                  ) : (
                    holders.map((h) => h.staffName).join('、')
                  )}
                </Descriptions.Item>
              );
            })}
          </Descriptions>
          <Table<ZoneRoleHolding>
            rowKey="id"
            size="small"
            columns={roleColumns}
            dataSource={roles}
            pagination={false}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
            data-testid="zone-roles-table"
          />
        </Card>
      </Flex>

      {canManage ? (
        <>
          <AddMembershipModal
            zone={zone}
            open={modal === 'membership'}
            onClose={() => setModal(null)}
            onSaved={saved}
          />
          <AddRoleModal zone={zone} open={modal === 'role'} onClose={() => setModal(null)} onSaved={saved} />
          <CentralTownshipModal zone={zone} open={modal === 'central'} onClose={() => setModal(null)} onSaved={saved} />
          <EndModal zone={zone} target={ending} onClose={() => setEnding(null)} onSaved={saved} />
        </>
      ) : null}
    </PageContainer>
  );
}
