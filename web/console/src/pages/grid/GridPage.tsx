/**
 * 网格监督: the township's outposts (廉情前哨站) and informants (廉情监督员) with their one-time
 * invitation links, the tasks pushed to them and confirmed, their reports (number, date, status,
 * outcome — never the content), and the quarter's rankings of informants and villages (ECharts,
 * Excel) with the county's points per event.
 */
import { useCallback, useEffect, useState } from 'react';
import {
  Alert,
  Button,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { fromPickerDate } from '../../lib/dates.js';
import { formatInstant, todayInShanghai } from '../../lib/time.js';
import {
  type GridReport,
  type GridTask,
  type Informant,
  type Invitation,
  type Outpost,
  type Rankings,
  type ScoreRules,
  confirmGridTask,
  createGridTask,
  createInformant,
  createOutpost,
  getRankings,
  getScoreRules,
  issueInvitation,
  listGridReports,
  listGridTasks,
  listInformants,
  informantsExportUrl,
  listOutposts,
  rankingsExportUrl,
  revokeInformant,
  setScoreRules,
} from '../../api/grid.js';
import { listAllRegions, listAllUnits } from '../../api/org.js';
import { errorMessage } from '../../api/request.js';
import { useSession } from '../../auth/session.js';
import { ExportButton } from '../../components/ExportButton.js';
import { FormDrawer } from '../../components/FormDrawer.js';
import { PageContainer } from '../../components/PageContainer.js';
import { GridRankingChart } from './GridRankingChart.js';

const day = fromPickerDate;
const shanghai = (iso: string | null) => formatInstant(iso);

/** The current quarter and the three before it, `2026-Q4` style (China time). */
function quarters(): string[] {
  const today = todayInShanghai();
  let y = Number(today.slice(0, 4));
  let q = Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1;
  const out: string[] = [];
  for (let i = 0; i < 4; i++) {
    out.push(`${y}-Q${q}`);
    q -= 1;
    if (q === 0) {
      q = 4;
      y -= 1;
    }
  }
  return out;
}

/** The grid supervision page. */
export function GridPage() {
  const { t } = useTranslation();
  const session = useSession();
  const canManage = session.can('grid.manage');
  const [outposts, setOutposts] = useState<Outpost[]>([]);
  const [informants, setInformants] = useState<Informant[]>([]);
  const [tasks, setTasks] = useState<GridTask[]>([]);
  const [reports, setReports] = useState<GridReport[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [drawer, setDrawer] = useState<'outpost' | 'informant' | 'task' | null>(null);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [villages, setVillages] = useState<{ code: string; name: string }[]>([]);
  const [groups, setGroups] = useState<{ code: string; name: string }[]>([]);
  const [invitation, setInvitation] = useState<Invitation | null>(null);
  const [quarter, setQuarter] = useState(quarters()[0]!);
  const [rankings, setRankings] = useState<Rankings | null>(null);
  const [rules, setRules] = useState<ScoreRules | null>(null);
  const [outpostForm] = Form.useForm();
  const [informantForm] = Form.useForm();
  const [taskForm] = Form.useForm();
  const [rulesForm] = Form.useForm();

  const load = useCallback(() => {
    Promise.all([listOutposts(), listInformants(), listGridTasks(), listGridReports()])
      .then(([o, i, tk, r]) => {
        setOutposts(o.items);
        setInformants(i.items);
        setTasks(tk.items);
        setReports(r.items);
        setError(null);
      })
      .catch((err: unknown) => setError(errorMessage(err)));
  }, []);
  useEffect(load, [load]);
  useEffect(() => {
    getRankings(quarter)
      .then(setRankings)
      .catch((err: unknown) => setError(errorMessage(err)));
  }, [quarter]);
  useEffect(() => {
    getScoreRules()
      .then((r) => {
        setRules(r);
        rulesForm.setFieldsValue(r);
      })
      .catch(() => undefined);
  }, [rulesForm]);

  const open = (which: 'outpost' | 'informant' | 'task') => {
    setSaveError(null);
    setDrawer(which);
    if (which === 'outpost')
      listAllUnits({ kind: 'village_committee' })
        .then((us) =>
          setVillages(
            us
              .filter((u) => !outposts.some((o) => o.regionCode === u.regionCode))
              .map((u) => ({ code: u.regionCode, name: u.name.replace('村务监督委员会', '') })),
          ),
        )
        .catch((err: unknown) => setSaveError(errorMessage(err)));
  };
  const save = async (fn: () => Promise<unknown>) => {
    setSaving(true);
    setSaveError(null);
    try {
      await fn();
      setDrawer(null);
      load();
    } catch (err) {
      setSaveError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };
  const pickOutpost = (outpostId: string) => {
    const o = outposts.find((x) => x.id === outpostId);
    informantForm.setFieldValue('groupCode', undefined);
    if (o)
      listAllRegions({ parentCode: o.regionCode })
        .then((rs) => setGroups(rs.map((r) => ({ code: r.code, name: r.name }))))
        .catch(() => setGroups([]));
  };
  const invite = (id: string) =>
    issueInvitation(id)
      .then(setInvitation)
      .catch((err: unknown) => setError(errorMessage(err)));
  const outpostName = (id: string) => outposts.find((o) => o.id === id)?.name ?? '';

  const outpostsTab = (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Table<Outpost>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={outposts}
        data-testid="grid-outposts"
        columns={[
          { title: t('grid.outpost'), dataIndex: 'name' },
          { title: t('grid.head'), dataIndex: 'head' },
          { title: t('grid.deputies'), render: (_, o) => o.deputies.join('、') || '—' },
          { title: t('grid.informantCount'), dataIndex: 'informantCount', width: 100 },
        ]}
      />
      <ExportButton href={informantsExportUrl()} testId="grid-informants-export" />
      <Table<Informant>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={informants}
        data-testid="grid-informants"
        columns={[
          { title: t('grid.informant'), dataIndex: 'name' },
          { title: t('grid.outpost'), render: (_, i) => outpostName(i.outpostId) },
          { title: t('grid.group'), dataIndex: 'groupName' },
          { title: t('grid.phone'), dataIndex: 'phone' },
          { title: t('grid.term'), render: (_, i) => `${i.termStart} ~ ${i.termEnd}` },
          { title: t('grid.duty'), render: (_, i) => i.dutySignedOn ?? '—' },
          {
            title: t('grid.status'),
            render: (_, i) =>
              i.status === 'revoked' ? (
                <Tag>{t('grid.revoked')}</Tag>
              ) : i.locked ? (
                <Tag color="red">{t('grid.locked')}</Tag>
              ) : i.enrolled ? (
                <Tag color="green">{t('grid.enrolled')}</Tag>
              ) : (
                <Tag color="gold">{t('grid.notEnrolled')}</Tag>
              ),
          },
          ...(canManage
            ? [
                {
                  title: t('grid.actions'),
                  render: (_: unknown, i: Informant) =>
                    i.status === 'active' ? (
                      <Space>
                        <Button size="small" onClick={() => void invite(i.id)} data-testid="grid-invite">
                          {t('grid.invite')}
                        </Button>
                        <Popconfirm
                          title={t('grid.revokeConfirm')}
                          onConfirm={() =>
                            revokeInformant(i.id)
                              .then(load)
                              .catch((err: unknown) => setError(errorMessage(err)))
                          }
                        >
                          <Button size="small" danger>
                            {t('grid.revoke')}
                          </Button>
                        </Popconfirm>
                      </Space>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
    </Space>
  );

  const tasksTab = (
    <Table<GridTask>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={tasks}
      data-testid="grid-tasks"
      columns={[
        { title: t('grid.taskTitle'), dataIndex: 'title' },
        { title: t('grid.informant'), dataIndex: 'informantName' },
        { title: t('grid.dueOn'), render: (_, k) => k.dueOn ?? '—' },
        { title: t('grid.status'), render: (_, k) => t(`grid.taskStatus.${k.status}`) },
        { title: t('grid.doneNote'), render: (_, k) => k.doneNote ?? '—' },
        ...(canManage
          ? [
              {
                title: t('grid.actions'),
                render: (_: unknown, k: GridTask) =>
                  k.status === 'done' ? (
                    <Button
                      size="small"
                      data-testid="grid-task-confirm"
                      onClick={() =>
                        confirmGridTask(k.id)
                          .then(load)
                          .catch((err: unknown) => setError(errorMessage(err)))
                      }
                    >
                      {t('grid.confirm')}
                    </Button>
                  ) : null,
              },
            ]
          : []),
      ]}
    />
  );

  const reportsTab = (
    <Table<GridReport>
      rowKey="number"
      size="small"
      pagination={false}
      dataSource={reports}
      data-testid="grid-reports"
      columns={[
        { title: t('grid.reportNumber'), dataIndex: 'number' },
        { title: t('grid.receivedAt'), render: (_, r) => shanghai(r.receivedAt) },
        { title: t('grid.informant'), dataIndex: 'informant' },
        { title: t('grid.status'), render: (_, r) => t(`report.status.${r.status}`, { defaultValue: r.status }) },
        {
          title: t('grid.outcome'),
          render: (_, r) => (r.outcome ? t(`grid.outcomes.${r.outcome}`, { defaultValue: r.outcome }) : '—'),
        },
      ]}
    />
  );

  const rankingsTab = (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space>
        <Select
          value={quarter}
          onChange={setQuarter}
          options={quarters().map((q) => ({ value: q, label: q }))}
          style={{ width: 120 }}
          data-testid="grid-quarter"
        />
        <ExportButton href={rankingsExportUrl(quarter)} testId="grid-rankings-export" />
      </Space>
      <Typography.Title level={5}>{t('grid.villageRanking')}</Typography.Title>
      {rankings && rankings.villages.length > 0 ? (
        <GridRankingChart lines={rankings.villages} testId="grid-village-chart" />
      ) : (
        <Typography.Text type="secondary" data-testid="grid-no-scores">
          {t('grid.noScores')}
        </Typography.Text>
      )}
      <Typography.Title level={5}>{t('grid.informantRanking')}</Typography.Title>
      <Table
        rowKey="key"
        size="small"
        pagination={false}
        dataSource={rankings?.informants ?? []}
        data-testid="grid-informant-ranking"
        columns={[
          { title: t('grid.rank'), dataIndex: 'rank', width: 64 },
          { title: t('grid.informant'), dataIndex: 'name' },
          { title: t('grid.village'), dataIndex: 'village' },
          { title: t('grid.points'), dataIndex: 'points' },
          { title: t('grid.events'), dataIndex: 'events' },
        ]}
      />
      {rules ? (
        <Form
          form={rulesForm}
          layout="inline"
          disabled={!rules.editable}
          onFinish={(v) =>
            setScoreRules(v)
              .then((r) => {
                setRules(r);
                rulesForm.setFieldsValue(r);
              })
              .catch((err: unknown) => setError(errorMessage(err)))
          }
          data-testid="grid-rules"
        >
          <Form.Item name="cluePoints" label={t('grid.rules.clue')}>
            <InputNumber min={0} max={100} />
          </Form.Item>
          <Form.Item name="casePoints" label={t('grid.rules.case')}>
            <InputNumber min={0} max={100} />
          </Form.Item>
          <Form.Item name="falseReportPoints" label={t('grid.rules.falseReport')}>
            <InputNumber min={-100} max={0} />
          </Form.Item>
          <Form.Item name="taskPoints" label={t('grid.rules.task')}>
            <InputNumber min={0} max={100} />
          </Form.Item>
          {rules.editable ? (
            <Button type="primary" htmlType="submit">
              {t('common.save')}
            </Button>
          ) : (
            <Typography.Text type="secondary">{t('grid.rules.countyOnly')}</Typography.Text>
          )}
        </Form>
      ) : null}
    </Space>
  );

  return (
    <PageContainer
      title={t('grid.title')}
      extra={
        canManage ? (
          <Space>
            <Button icon={<PlusOutlined />} onClick={() => open('outpost')} data-testid="grid-new-outpost">
              {t('grid.newOutpost')}
            </Button>
            <Button icon={<PlusOutlined />} onClick={() => open('informant')} data-testid="grid-new-informant">
              {t('grid.newInformant')}
            </Button>
            <Button icon={<PlusOutlined />} onClick={() => open('task')} data-testid="grid-new-task">
              {t('grid.newTask')}
            </Button>
          </Space>
        ) : null
      }
    >
      {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} /> : null}
      <Tabs
        items={[
          { key: 'grid', label: t('grid.tabs.grid'), children: outpostsTab },
          { key: 'tasks', label: t('grid.tabs.tasks'), children: tasksTab },
          { key: 'reports', label: t('grid.tabs.reports'), children: reportsTab },
          {
            key: 'rankings',
            label: <span data-testid="grid-tab-rankings">{t('grid.tabs.rankings')}</span>,
            children: rankingsTab,
          },
        ]}
      />

      <FormDrawer
        open={drawer === 'outpost'}
        onClose={() => setDrawer(null)}
        width={480}
        title={t('grid.newOutpost')}
        saving={saving}
        error={saveError}
        onSave={() => outpostForm.submit()}
        saveTestId="grid-outpost-save"
      >
        <Form
          form={outpostForm}
          layout="vertical"
          onFinish={(v: { regionCode: string; head: string; deputies?: string }) =>
            void save(() =>
              createOutpost({
                regionCode: v.regionCode,
                head: v.head,
                deputies: (v.deputies ?? '')
                  .split(/[,，、\s]+/)
                  .map((s) => s.trim())
                  .filter(Boolean),
              }),
            )
          }
        >
          <Form.Item name="regionCode" label={t('grid.village')} rules={[{ required: true }]}>
            <Select
              showSearch
              optionFilterProp="label"
              options={villages.map((v) => ({ value: v.code, label: v.name }))}
              data-testid="grid-outpost-village"
            />
          </Form.Item>
          <Form.Item name="head" label={t('grid.head')} rules={[{ required: true, max: 50 }]}>
            <Input data-testid="grid-outpost-head" />
          </Form.Item>
          <Form.Item name="deputies" label={t('grid.deputiesHint')}>
            <Input data-testid="grid-outpost-deputies" />
          </Form.Item>
        </Form>
      </FormDrawer>

      <FormDrawer
        open={drawer === 'informant'}
        onClose={() => setDrawer(null)}
        width={520}
        title={t('grid.newInformant')}
        saving={saving}
        error={saveError}
        onSave={() => informantForm.submit()}
        saveTestId="grid-informant-save"
      >
        <Form
          form={informantForm}
          layout="vertical"
          onFinish={(v: {
            outpostId: string;
            groupCode: string;
            name: string;
            phone: string;
            idNumber: string;
            termStart: Dayjs;
            termEnd: Dayjs;
            trainedOn?: Dayjs;
            trainingTopic?: string;
            dutySignedOn?: Dayjs;
          }) =>
            void save(() =>
              createInformant({
                outpostId: v.outpostId,
                groupCode: v.groupCode,
                name: v.name,
                phone: v.phone,
                idNumber: v.idNumber,
                termStart: day(v.termStart)!,
                termEnd: day(v.termEnd)!,
                trainings: v.trainedOn && v.trainingTopic ? [{ on: day(v.trainedOn)!, topic: v.trainingTopic }] : [],
                dutySignedOn: day(v.dutySignedOn),
              }),
            )
          }
        >
          <Form.Item name="outpostId" label={t('grid.outpost')} rules={[{ required: true }]}>
            <Select
              options={outposts.map((o) => ({ value: o.id, label: o.name }))}
              onChange={pickOutpost}
              data-testid="grid-informant-outpost"
            />
          </Form.Item>
          <Form.Item name="groupCode" label={t('grid.group')} rules={[{ required: true }]} extra={t('grid.groupHint')}>
            <Select
              options={groups.map((g) => ({ value: g.code, label: g.name }))}
              data-testid="grid-informant-group"
            />
          </Form.Item>
          <Form.Item name="name" label={t('grid.informant')} rules={[{ required: true, max: 50 }]}>
            <Input data-testid="grid-informant-name" />
          </Form.Item>
          <Form.Item name="phone" label={t('grid.phone')} rules={[{ required: true, pattern: /^1\d{10}$/ }]}>
            <Input data-testid="grid-informant-phone" />
          </Form.Item>
          <Form.Item name="idNumber" label={t('grid.idNumber')} rules={[{ required: true, len: 18 }]}>
            <Input data-testid="grid-informant-id" />
          </Form.Item>
          <Space>
            <Form.Item name="termStart" label={t('grid.termStart')} rules={[{ required: true }]}>
              <DatePicker data-testid="grid-informant-term-start" />
            </Form.Item>
            <Form.Item name="termEnd" label={t('grid.termEnd')} rules={[{ required: true }]}>
              <DatePicker data-testid="grid-informant-term-end" />
            </Form.Item>
          </Space>
          <Space>
            <Form.Item name="trainedOn" label={t('grid.trainedOn')}>
              <DatePicker />
            </Form.Item>
            <Form.Item name="trainingTopic" label={t('grid.trainingTopic')}>
              <Input />
            </Form.Item>
          </Space>
          <Form.Item name="dutySignedOn" label={t('grid.duty')}>
            <DatePicker data-testid="grid-informant-duty" />
          </Form.Item>
        </Form>
      </FormDrawer>

      <FormDrawer
        open={drawer === 'task'}
        onClose={() => setDrawer(null)}
        width={480}
        title={t('grid.newTask')}
        saving={saving}
        error={saveError}
        onSave={() => taskForm.submit()}
        saveTestId="grid-task-save"
      >
        <Form
          form={taskForm}
          layout="vertical"
          onFinish={(v: {
            informantId: string;
            kind: 'subsidy_list' | 'villagers_meeting' | 'other';
            title: string;
            dueOn?: Dayjs;
          }) =>
            void save(() =>
              createGridTask({ informantId: v.informantId, kind: v.kind, title: v.title, dueOn: day(v.dueOn) }),
            )
          }
        >
          <Form.Item name="informantId" label={t('grid.informant')} rules={[{ required: true }]}>
            <Select
              options={informants
                .filter((i) => i.status === 'active')
                .map((i) => ({ value: i.id, label: `${i.name}（${i.groupName}）` }))}
            />
          </Form.Item>
          <Form.Item name="kind" label={t('grid.taskKind')} rules={[{ required: true }]} initialValue="subsidy_list">
            <Select
              options={(['subsidy_list', 'villagers_meeting', 'other'] as const).map((k) => ({
                value: k,
                label: t(`grid.taskKinds.${k}`),
              }))}
            />
          </Form.Item>
          <Form.Item name="title" label={t('grid.taskTitle')} rules={[{ required: true, max: 200 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="dueOn" label={t('grid.dueOn')}>
            <DatePicker />
          </Form.Item>
        </Form>
      </FormDrawer>

      <Modal
        open={invitation !== null}
        onCancel={() => setInvitation(null)}
        onOk={() => setInvitation(null)}
        title={t('grid.invitationTitle')}
        cancelButtonProps={{ style: { display: 'none' } }}
      >
        {invitation ? (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Alert
              type="warning"
              showIcon
              message={t('grid.invitationOnce', { until: shanghai(invitation.expiresAt) })}
            />
            <Typography.Paragraph copyable data-testid="grid-invitation-link" style={{ wordBreak: 'break-all' }}>
              {`${window.location.origin}${invitation.path}`}
            </Typography.Paragraph>
          </Space>
        ) : null}
      </Modal>
    </PageContainer>
  );
}
