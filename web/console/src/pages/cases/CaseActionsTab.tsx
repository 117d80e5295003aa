/**
 * 调查取证 tab: the case's investigative actions (谈话, 询问, 讯问, 查询, 调取 …) in order, and for
 * those who work the case the form recording one: kind, time, place, the person, the officers
 * present picked from the team (at least 2), the notice and credentials, for talks the room and
 * whether it is monitored, the recording reference and the safety checklist. The server's
 * refusals (one officer, an unmonitored room, no recording) are shown as worded.
 */
import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, Checkbox, Col, Empty, Form, Input, Row, Select, Space, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { type CaseAction, type CaseActionBody, listCaseActions, recordCaseAction } from '../../api/case-evidence.js';
import { CASE_ACTION_KINDS, CASE_ACTION_KIND_LABELS, CASE_TALK_KINDS, type CaseActionKind } from '../../api/cases.js';
import { errorMessage } from '../../api/request.js';
import { formatInstant } from '../../lib/time.js';
import { DateTimeField } from '../../components/DateTimeField.js';
import type { CaseTabProps } from './caseTabs.js';
import { canWork, nowShanghaiLocal, shanghaiLocalToInstant } from './caseWorkForms.js';

/** The form's values. */
interface ActionForm {
  kind: CaseActionKind;
  startedAt: string;
  endedAt?: string;
  place: string;
  personName?: string;
  personRole?: string;
  officerIds: string[];
  notice: string;
  credentialsShown: boolean;
  room?: string;
  roomMonitored: boolean;
  important: boolean;
  audioVideo: boolean;
  recordingRef?: string;
  safetyChecked: boolean;
  summary?: string;
}

const opt = (v: string | undefined) => (v?.trim() ? v.trim() : null);

/** The form recording an action. */
function ActionFormCard({ kase, onDone, onCancel }: CaseTabProps & { onDone: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ActionForm>();
  const kind = Form.useWatch('kind', form);
  const talk = kind !== undefined && CASE_TALK_KINDS.includes(kind);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const team = kase.team.filter((m) => m.role !== 'drafter');

  async function save(v: ActionForm) {
    setSaving(true);
    setError(null);
    const body: CaseActionBody = {
      kind: v.kind,
      startedAt: shanghaiLocalToInstant(v.startedAt) ?? '',
      endedAt: shanghaiLocalToInstant(v.endedAt),
      place: v.place,
      personName: opt(v.personName),
      personRole: opt(v.personRole),
      officerIds: v.officerIds ?? [],
      notice: v.notice,
      credentialsShown: v.credentialsShown,
      ...(talk ? { room: opt(v.room), roomMonitored: v.roomMonitored, important: v.important } : {}),
      ...(talk ? { safetyChecked: v.safetyChecked } : {}),
      audioVideo: v.audioVideo,
      recordingRef: opt(v.recordingRef),
      summary: opt(v.summary),
    };
    try {
      await recordCaseAction(kase.id, body);
      form.resetFields();
      onDone();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Card size="small" title={t('case.action.new')} style={{ marginBottom: 16 }} data-testid="case-action-form">
      {error ? (
        <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} data-testid="case-action-error" />
      ) : null}
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          kind: 'talk',
          startedAt: nowShanghaiLocal(),
          officerIds: [],
          credentialsShown: true,
          roomMonitored: false,
          important: false,
          audioVideo: false,
          safetyChecked: false,
        }}
        onFinish={(v) => void save(v)}
      >
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="kind" label={t('case.action.kind')} rules={[{ required: true }]}>
              <Select
                data-testid="case-action-kind"
                options={CASE_ACTION_KINDS.map((k) => ({ value: k, label: CASE_ACTION_KIND_LABELS[k] }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="startedAt" label={t('case.action.startedAt')} rules={[{ required: true }]}>
              <DateTimeField data-testid="case-action-started" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="endedAt" label={t('case.action.endedAt')}>
              <DateTimeField data-testid="case-action-ended" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="place" label={t('case.action.place')} rules={[{ required: true, max: 200 }]}>
              <Input data-testid="case-action-place" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="personName" label={t('case.action.personName')} rules={[{ max: 100 }]}>
              <Input data-testid="case-action-person" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="personRole" label={t('case.action.personRole')} rules={[{ max: 50 }]}>
              <Select
                allowClear
                data-testid="case-action-person-role"
                options={['被审查调查人', '证人', '有关人员', '单位'].map((v) => ({ value: v, label: v }))}
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="officerIds" label={t('case.action.officers')} extra={t('case.action.officersHelp')}>
          <Select
            mode="multiple"
            data-testid="case-action-officers"
            placeholder={t('case.action.officersPick')}
            options={team.map((m) => ({ value: m.userId, label: `${m.name}（${t(`case.role.${m.role}`)}）` }))}
          />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} md={16}>
            <Form.Item name="notice" label={t('case.action.notice')} rules={[{ required: true, max: 500 }]}>
              <Input data-testid="case-action-notice" placeholder={t('case.action.noticeHint')} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="credentialsShown" valuePropName="checked" label=" ">
              <Checkbox data-testid="case-action-credentials">{t('case.action.credentialsShown')}</Checkbox>
            </Form.Item>
          </Col>
        </Row>
        {talk ? (
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item name="room" label={t('case.action.room')} rules={[{ max: 100 }]}>
                <Input data-testid="case-action-room" />
              </Form.Item>
            </Col>
            <Col xs={24} md={16}>
              <Form.Item label=" ">
                <Space wrap>
                  <Form.Item name="roomMonitored" valuePropName="checked" noStyle>
                    <Checkbox data-testid="case-action-monitored">{t('case.action.roomMonitored')}</Checkbox>
                  </Form.Item>
                  <Form.Item name="important" valuePropName="checked" noStyle>
                    <Checkbox data-testid="case-action-important">{t('case.action.important')}</Checkbox>
                  </Form.Item>
                  <Form.Item name="safetyChecked" valuePropName="checked" noStyle>
                    <Checkbox data-testid="case-action-safety">{t('case.action.safetyChecked')}</Checkbox>
                  </Form.Item>
                </Space>
              </Form.Item>
            </Col>
          </Row>
        ) : null}
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="audioVideo" valuePropName="checked" label=" ">
              <Checkbox data-testid="case-action-recorded">{t('case.action.audioVideo')}</Checkbox>
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item name="recordingRef" label={t('case.action.recordingRef')} rules={[{ max: 100 }]}>
              <Input data-testid="case-action-recording" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="summary" label={t('case.action.summary')} rules={[{ max: 2000 }]}>
          <Input.TextArea rows={2} data-testid="case-action-summary" />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={saving} data-testid="case-action-submit">
            {t('case.action.submit')}
          </Button>
          <Button onClick={onCancel}>{t('common.cancel')}</Button>
        </Space>
      </Form>
    </Card>
  );
}

/** The tab. */
export function CaseActionsTab(props: CaseTabProps) {
  const { kase, reload } = props;
  const { t } = useTranslation();
  const [items, setItems] = useState<CaseAction[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const load = useCallback(() => {
    listCaseActions(kase.id).then(setItems, (err: unknown) => setError(errorMessage(err)));
  }, [kase.id]);
  useEffect(load, [load, kase.version]);

  const columns: TableColumnsType<CaseAction> = [
    { title: t('case.action.seq'), dataIndex: 'seq', width: 60 },
    { title: t('case.action.kind'), dataIndex: 'kindLabel', width: 90 },
    {
      title: t('case.action.time'),
      width: 200,
      render: (_, a) => `${formatInstant(a.startedAt)}${a.endedAt ? ` – ${formatInstant(a.endedAt, 'HH:mm')}` : ''}`,
    },
    { title: t('case.action.place'), dataIndex: 'place', ellipsis: true },
    {
      title: t('case.action.personName'),
      render: (_, a) => (a.personName ? `${a.personName}${a.personRole ? `（${a.personRole}）` : ''}` : '—'),
    },
    { title: t('case.action.officers'), render: (_, a) => a.officers.map((o) => o.name).join('、') },
    {
      title: t('case.action.room'),
      render: (_, a) =>
        a.room ? (
          <Space size={4} wrap>
            {a.room}
            <Tag color={a.roomMonitored ? 'green' : 'default'}>
              {a.roomMonitored ? t('case.action.monitored') : t('case.action.unmonitored')}
            </Tag>
          </Space>
        ) : (
          '—'
        ),
    },
    {
      title: t('case.action.recordingRef'),
      render: (_, a) => (a.audioVideo ? (a.recordingRef ?? t('case.action.recordedNoRef')) : (a.recordingRef ?? '—')),
    },
    {
      title: t('case.action.checks'),
      render: (_, a) => (
        <Space size={4} wrap>
          {a.credentialsShown ? <Tag>{t('case.action.credentialsTag')}</Tag> : null}
          {a.important ? <Tag color="purple">{t('case.action.importantTag')}</Tag> : null}
          {a.safetyChecked ? <Tag color="green">{t('case.action.safetyTag')}</Tag> : null}
        </Space>
      ),
    },
  ];

  return (
    <>
      {canWork(kase) && !open ? (
        <Button
          type="primary"
          icon={<PlusOutlined />}
          style={{ marginBottom: 16 }}
          onClick={() => setOpen(true)}
          data-testid="case-action-new"
        >
          {t('case.action.new')}
        </Button>
      ) : null}
      {open ? (
        <ActionFormCard
          {...props}
          onCancel={() => setOpen(false)}
          onDone={() => {
            setOpen(false);
            load();
            reload();
          }}
        />
      ) : null}
      {error ? <Alert type="error" showIcon message={error} /> : null}
      {items && items.length === 0 ? <Empty description={t('case.action.empty')} /> : null}
      {items && items.length > 0 ? (
        <Card size="small">
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={items}
            columns={columns}
            data-testid="case-actions"
            expandable={{
              rowExpandable: (a) => Boolean(a.summary || a.notice),
              expandedRowRender: (a) => (
                <div style={{ whiteSpace: 'pre-wrap' }}>
                  {t('case.action.notice')}：{a.notice}
                  {a.summary ? `\n${t('case.action.summary')}：${a.summary}` : ''}
                </div>
              ),
            }}
          />
        </Card>
      ) : null}
    </>
  );
}
