/**
 * A meeting (会议), built to work on a phone: one column of cards — the meeting's facts, the
 * agenda (proposed from the zone's records; the chair accepts and edits items), attendees and
 * absences, minutes, decisions, action items (each opens a rectification item: linked to the
 * ledger's page), and the materials (minutes, the 述职 report draft of an annual meeting).
 * A scheduled meeting is moved or cancelled from the header (`MeetingScheduleActions`). An item
 * accepted from the proposed agenda keeps its source and record, so it reads as what it is.
 * Every write sends the version read; the answer replaces the page's copy.
 */
import { useCallback, useEffect, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  List,
  Popconfirm,
  Radio,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import { DownloadOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import {
  type AgendaItem,
  type Meeting,
  addActions,
  closeMeeting,
  getMeeting,
  meetingDocumentUrl,
  recordAttendance,
  recordMinutes,
  setAgenda,
  setDecisions,
} from '../../api/meetings.js';
import { errorMessage } from '../../api/request.js';
import { useSession } from '../../auth/session.js';
import { FullPageSpin } from '../../components/FullPageSpin.js';
import { PageContainer } from '../../components/PageContainer.js';
import { UnitSelect } from '../../components/RemoteSelect.js';
import { fromPickerDate } from '../../lib/dates.js';
import { formatDate } from '../../lib/time.js';
import { MeetingScheduleActions } from './MeetingScheduleActions.js';
import { type AgendaRow, agendaInput, editedAgendaInput, isAccepted } from './meetingHelpers.js';
import { MeetingStatusTag, PresenceTag } from './MeetingTags.js';

interface PresenceRow {
  presence?: 'present' | 'absent';
  absenceReason?: string;
}

interface ActionForm {
  problem: string;
  measures?: string;
  ownerUnitId: string;
  responsiblePerson?: string;
  dueOn: Dayjs;
}

/** The meeting page. */
export function MeetingDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const session = useSession();
  const [m, setM] = useState<Meeting | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    getMeeting(id)
      .then((x) => live && setM(x))
      .catch((err: unknown) => live && setLoadError(errorMessage(err)));
    return () => {
      live = false;
    };
  }, [id]);

  /** Sends one write and takes the meeting it answers; the error shows above the cards. */
  const run = useCallback(
    async (write: () => Promise<Meeting>): Promise<boolean> => {
      setBusy(true);
      try {
        setM(await write());
        setError(null);
        void message.success(t('common.saved'));
        return true;
      } catch (err) {
        setError(errorMessage(err));
        return false;
      } finally {
        setBusy(false);
      }
    },
    [message, t],
  );

  if (loadError) return <Alert type="error" showIcon message={loadError} data-testid="meeting-load-error" />;
  if (!m) return <FullPageSpin />;

  const manage = session.can('meeting.manage');
  const beforeMinutes = m.status === 'scheduled' || m.status === 'held';
  const recording = m.status === 'held' || m.status === 'minutes_recorded';

  return (
    <PageContainer
      title={<span data-testid="meeting-title">{m.title}</span>}
      extra={
        manage && m.status === 'minutes_recorded' ? (
          <Popconfirm
            title={t('meeting.close')}
            onConfirm={() => run(() => closeMeeting(m.id, { version: m.version }))}
          >
            <Button data-testid="meeting-close" loading={busy}>
              {t('meeting.close')}
            </Button>
          </Popconfirm>
        ) : manage && m.status === 'scheduled' ? (
          <MeetingScheduleActions
            m={m}
            onChanged={(next) => {
              setM(next);
              setError(null);
            }}
          />
        ) : null
      }
    >
      {error ? (
        <Alert
          type="error"
          showIcon
          closable
          onClose={() => setError(null)}
          message={error}
          style={{ marginBottom: 12 }}
          data-testid="meeting-error"
        />
      ) : null}
      <Flex vertical gap={12}>
        <Card size="small" data-testid="meeting-facts">
          <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
            <Descriptions.Item label={t('meeting.kind')}>
              <span data-testid="meeting-kind">{t(`meeting.kinds.${m.kind}`)}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('meeting.status')}>
              <MeetingStatusTag status={m.status} />
            </Descriptions.Item>
            <Descriptions.Item label={t('meeting.zone')}>{m.zoneName}</Descriptions.Item>
            <Descriptions.Item label={t('meeting.heldOn')}>
              <span data-testid="meeting-held-on">
                {formatDate(m.heldOn)} {m.startsAt}
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('meeting.place')}>{m.place}</Descriptions.Item>
            <Descriptions.Item label={t('meeting.chair')}>
              <span data-testid="meeting-chair">{m.chairName}</span>
            </Descriptions.Item>
            {m.periodLabel ? <Descriptions.Item label={t('meeting.period')}>{m.periodLabel}</Descriptions.Item> : null}
            {m.reporterName ? (
              <Descriptions.Item label={t('meeting.reporter')}>{m.reporterName}</Descriptions.Item>
            ) : null}
            {m.materialsDueOn ? (
              <Descriptions.Item label={t('meeting.materialsDue')}>
                {m.materialsNote ?? formatDate(m.materialsDueOn)}
              </Descriptions.Item>
            ) : null}
            {m.cancelReason ? (
              <Descriptions.Item label={t('meeting.cancelReason')}>{m.cancelReason}</Descriptions.Item>
            ) : null}
          </Descriptions>
        </Card>
        <AgendaCard m={m} editable={manage && beforeMinutes} busy={busy} run={run} />
        <AttendanceCard m={m} editable={manage && beforeMinutes} busy={busy} run={run} />
        <MinutesCard m={m} editable={manage && recording} busy={busy} run={run} />
        <DecisionsCard m={m} editable={manage && recording} busy={busy} run={run} />
        <ActionsCard m={m} editable={manage && recording} busy={busy} run={run} />
        <MaterialsCard m={m} />
      </Flex>
    </PageContainer>
  );
}

interface CardProps {
  m: Meeting;
  editable: boolean;
  busy: boolean;
  run: (write: () => Promise<Meeting>) => Promise<boolean>;
}

/** One agenda line: where it comes from, the item, its due date. */
function AgendaLine({ item }: { item: AgendaItem }) {
  const { t } = useTranslation();
  return (
    <Space direction="vertical" size={0}>
      <Space wrap size={4}>
        <Tag>{t(`meeting.agenda.sources.${item.source}`, { defaultValue: item.source })}</Tag>
        <Typography.Text strong>{item.title}</Typography.Text>
        {item.overdue ? <Tag color="red">{t('meeting.agenda.overdue')}</Tag> : null}
      </Space>
      {item.detail || item.dueOn ? (
        <Typography.Text type="secondary">
          {[item.detail, item.dueOn ? t('meeting.agenda.due', { date: formatDate(item.dueOn) }) : null]
            .filter(Boolean)
            .join('；')}
        </Typography.Text>
      ) : null}
    </Space>
  );
}

/** The agenda: the proposed items (accepted one by one or all) and the agenda as the chair set it. */
function AgendaCard({ m, editable, busy, run }: CardProps) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [form] = Form.useForm<{ items: AgendaRow[] }>();
  const custom = m.agenda.custom.map(agendaInput);
  // An item is accepted when the agenda holds its record (or, for a count without a record, its title).
  const accepted = (a: AgendaItem) => isAccepted(m.agenda.custom, a);
  const accept = (items: AgendaItem[]) =>
    run(() =>
      setAgenda(m.id, {
        version: m.version,
        items: [...custom, ...items.filter((a) => !accepted(a)).map(agendaInput)],
      }),
    );
  return (
    <Card size="small" title={t('meeting.agenda.title')} data-testid="meeting-agenda">
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('meeting.agenda.custom')}
      </Typography.Title>
      {editing ? (
        <Form
          form={form}
          layout="vertical"
          initialValues={{
            items: m.agenda.custom.map((c) => ({
              title: c.title,
              detail: c.detail ?? '',
              source: c.source,
              refId: c.refId,
              originalTitle: c.title,
            })),
          }}
          onFinish={async (v) => {
            const ok = await run(() =>
              setAgenda(m.id, {
                version: m.version,
                items: (v.items ?? []).map(editedAgendaInput),
              }),
            );
            if (ok) setEditing(false);
          }}
        >
          <Form.List name="items">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field) => (
                  <Flex key={field.key} gap={8} align="start" wrap>
                    <Form.Item
                      name={[field.name, 'title']}
                      rules={[{ required: true, min: 2, max: 200 }]}
                      style={{ flex: '1 1 220px', marginBottom: 8 }}
                    >
                      <Input placeholder={t('meeting.agenda.item')} data-testid="agenda-edit-title" />
                    </Form.Item>
                    <Form.Item name={[field.name, 'detail']} style={{ flex: '1 1 220px', marginBottom: 8 }}>
                      <Input placeholder={t('meeting.agenda.detail')} maxLength={1000} />
                    </Form.Item>
                    {(['source', 'refId', 'originalTitle'] as const).map((k) => (
                      <Form.Item key={k} name={[field.name, k]} hidden noStyle>
                        <Input />
                      </Form.Item>
                    ))}
                    <MinusCircleOutlined onClick={() => remove(field.name)} style={{ marginTop: 9 }} />
                  </Flex>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} block>
                  {t('meeting.agenda.add')}
                </Button>
              </>
            )}
          </Form.List>
          <Space style={{ marginTop: 12 }}>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="agenda-save">
              {t('common.save')}
            </Button>
            <Button onClick={() => setEditing(false)}>{t('common.cancel')}</Button>
          </Space>
        </Form>
      ) : (
        <>
          <List
            size="small"
            dataSource={m.agenda.custom}
            locale={{ emptyText: t('meeting.agenda.noCustom') }}
            data-testid="agenda-custom"
            renderItem={(item, i) => (
              <List.Item key={i}>
                <AgendaLine item={item} />
              </List.Item>
            )}
          />
          {editable ? (
            <Button style={{ marginTop: 8 }} onClick={() => setEditing(true)} data-testid="agenda-edit">
              {t('meeting.agenda.edit')}
            </Button>
          ) : null}
        </>
      )}
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginTop: 16 }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('meeting.agenda.proposed')}
        </Typography.Title>
        {editable && m.agenda.proposed.some((a) => !accepted(a)) ? (
          <Button size="small" loading={busy} onClick={() => accept(m.agenda.proposed)} data-testid="agenda-accept-all">
            {t('meeting.agenda.acceptAll')}
          </Button>
        ) : null}
      </Flex>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
        {m.agenda.frozen ? t('meeting.agenda.frozen') : t('meeting.agenda.proposedHint')}
      </Typography.Paragraph>
      <List
        size="small"
        dataSource={m.agenda.proposed}
        locale={{ emptyText: t('meeting.agenda.noProposed') }}
        data-testid="agenda-proposed"
        renderItem={(item, i) => (
          <List.Item
            key={`${item.source}-${item.refId ?? i}`}
            data-testid={`agenda-${item.source}-${item.refId ?? i}`}
            actions={
              editable
                ? [
                    accepted(item) ? (
                      <Tag key="a" color="green">
                        {t('meeting.agenda.accepted')}
                      </Tag>
                    ) : (
                      <Button key="a" size="small" type="link" loading={busy} onClick={() => accept([item])}>
                        {t('meeting.agenda.accept')}
                      </Button>
                    ),
                  ]
                : []
            }
          >
            <AgendaLine item={item} />
          </List.Item>
        )}
      />
    </Card>
  );
}

/** Attendees with their presence; the chair records who came and why the others did not. */
function AttendanceCard({ m, editable, busy, run }: CardProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ rows: Record<string, PresenceRow>; guests?: string[] }>();
  const rows = Form.useWatch('rows', form);
  // Open at once before the meeting is recorded; once held, the list shows and may be reopened.
  const [open, setOpen] = useState(m.status === 'scheduled');
  // The server wants every attendee on the list (guests recorded earlier too).
  const invited = m.attendees;
  return (
    <Card
      size="small"
      title={t('meeting.attendance.title')}
      data-testid="meeting-attendance"
      extra={
        editable && !open ? (
          <Button size="small" onClick={() => setOpen(true)} data-testid="attendance-edit">
            {t('common.edit')}
          </Button>
        ) : null
      }
    >
      {editable && open ? (
        <Form
          form={form}
          layout="vertical"
          initialValues={{
            rows: Object.fromEntries(
              invited.map((a) => [
                a.id,
                {
                  presence: a.presence === 'invited' ? 'present' : a.presence,
                  absenceReason: a.absenceReason ?? '',
                },
              ]),
            ),
          }}
          onFinish={async (v) => {
            const ok = await run(() =>
              recordAttendance(m.id, {
                version: m.version,
                attendees: invited.map((a) => {
                  const row = v.rows[a.id] ?? {};
                  const presence = row.presence ?? 'present';
                  return {
                    attendeeId: a.id,
                    presence,
                    absenceReason: presence === 'absent' ? row.absenceReason?.trim() || null : null,
                  };
                }),
                guests: v.guests ?? [],
              }),
            );
            if (ok) setOpen(false);
          }}
        >
          {invited.map((a) => (
            <div key={a.id} data-testid={`attendee-${a.name}`} style={{ marginBottom: 8 }}>
              <Flex gap={8} align="center" wrap>
                <Typography.Text strong style={{ minWidth: 64 }}>
                  {a.name}
                </Typography.Text>
                {a.zoneRole ? (
                  <Typography.Text type="secondary">
                    {t(`zone.role.${a.zoneRole}`, { defaultValue: a.zoneRole })}
                  </Typography.Text>
                ) : null}
                <Form.Item name={['rows', a.id, 'presence']} noStyle>
                  <Radio.Group optionType="button" size="small" data-testid="attendee-presence">
                    <Radio.Button value="present">{t('meeting.attendance.present')}</Radio.Button>
                    <Radio.Button value="absent">{t('meeting.attendance.absent')}</Radio.Button>
                  </Radio.Group>
                </Form.Item>
              </Flex>
              {rows?.[a.id]?.presence === 'absent' ? (
                <Form.Item
                  name={['rows', a.id, 'absenceReason']}
                  rules={[{ required: true, message: t('meeting.attendance.reason') }]}
                  style={{ margin: '6px 0 0' }}
                >
                  <Input placeholder={t('meeting.attendance.reason')} maxLength={200} data-testid="attendee-reason" />
                </Form.Item>
              ) : null}
            </div>
          ))}
          <Form.Item name="guests" label={t('meeting.attendance.guests')} extra={t('meeting.attendance.guestsHint')}>
            <Select mode="tags" open={false} data-testid="attendance-guests" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="attendance-save" block>
            {t('meeting.attendance.record')}
          </Button>
        </Form>
      ) : (
        <List
          size="small"
          dataSource={m.attendees}
          data-testid="attendee-list"
          renderItem={(a) => (
            <List.Item key={a.id}>
              <Space wrap size={4}>
                <span>{a.name}</span>
                {a.zoneRole ? (
                  <Typography.Text type="secondary">
                    {t(`zone.role.${a.zoneRole}`, { defaultValue: a.zoneRole })}
                  </Typography.Text>
                ) : null}
                <PresenceTag presence={a.presence} />
                {a.absenceReason ? <Typography.Text type="secondary">{a.absenceReason}</Typography.Text> : null}
              </Space>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

/** The minutes (纪要), written once the meeting is held. */
function MinutesCard({ m, editable, busy, run }: CardProps) {
  const { t } = useTranslation();
  const [text, setText] = useState(m.minutes ?? '');
  return (
    <Card size="small" title={t('meeting.minutes.title')} data-testid="meeting-minutes">
      {editable ? (
        <>
          <Input.TextArea
            value={text}
            onChange={(e) => setText(e.target.value)}
            autoSize={{ minRows: 4, maxRows: 16 }}
            maxLength={20000}
            placeholder={t('meeting.minutes.placeholder')}
            data-testid="minutes-text"
          />
          <Button
            type="primary"
            style={{ marginTop: 8 }}
            loading={busy}
            disabled={text.trim().length < 10}
            onClick={() => run(() => recordMinutes(m.id, { version: m.version, minutes: text.trim() }))}
            data-testid="minutes-save"
            block
          >
            {t('meeting.minutes.edit')}
          </Button>
        </>
      ) : m.minutes ? (
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }} data-testid="minutes-shown">
          {m.minutes}
        </Typography.Paragraph>
      ) : (
        <Typography.Text type="secondary">{t('meeting.minutes.none')}</Typography.Text>
      )}
    </Card>
  );
}

/** The decisions (议定事项), replaced as a whole. */
function DecisionsCard({ m, editable, busy, run }: CardProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ items: string[] }>();
  return (
    <Card size="small" title={t('meeting.decisions.title')} data-testid="meeting-decisions">
      {editable ? (
        <Form
          form={form}
          initialValues={{ items: m.decisions.length > 0 ? m.decisions : [''] }}
          onFinish={(v) =>
            run(() =>
              setDecisions(m.id, {
                version: m.version,
                items: (v.items ?? []).map((s) => s.trim()).filter(Boolean),
              }),
            )
          }
        >
          <Form.List name="items">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field, i) => (
                  <Flex key={field.key} gap={8} align="start">
                    <span style={{ marginTop: 5 }}>{i + 1}.</span>
                    <Form.Item name={field.name} rules={[{ min: 2, max: 1000 }]} style={{ flex: 1, marginBottom: 8 }}>
                      <Input.TextArea autoSize placeholder={t('meeting.decisions.item')} data-testid="decision-text" />
                    </Form.Item>
                    <MinusCircleOutlined onClick={() => remove(field.name)} style={{ marginTop: 9 }} />
                  </Flex>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add('')} block>
                  {t('meeting.decisions.add')}
                </Button>
              </>
            )}
          </Form.List>
          <Button
            type="primary"
            htmlType="submit"
            loading={busy}
            style={{ marginTop: 8 }}
            block
            data-testid="decisions-save"
          >
            {t('meeting.decisions.edit')}
          </Button>
        </Form>
      ) : m.decisions.length > 0 ? (
        <ol style={{ margin: 0, paddingLeft: 20 }} data-testid="decisions-shown">
          {m.decisions.map((d, i) => (
            <li key={i}>{d}</li>
          ))}
        </ol>
      ) : (
        <Typography.Text type="secondary">{t('meeting.decisions.none')}</Typography.Text>
      )}
    </Card>
  );
}

/** Action items: each is a rectification item (linked to its page in the ledger). */
function ActionsCard({ m, editable, busy, run }: CardProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ActionForm>();
  return (
    <Card size="small" title={t('meeting.actions.title')} data-testid="meeting-actions">
      <List
        size="small"
        dataSource={m.actions}
        locale={{ emptyText: t('meeting.actions.none') }}
        data-testid="action-list"
        renderItem={(a) => (
          <List.Item key={a.id} data-testid={`action-${a.rectificationItemId}`}>
            <Space direction="vertical" size={0}>
              <Typography.Text strong>
                {a.seq}. {a.problem}
              </Typography.Text>
              {a.measures ? <Typography.Text type="secondary">{a.measures}</Typography.Text> : null}
              <Space wrap size={[12, 0]}>
                <span>
                  {t('meeting.actions.ownerUnit')}：{a.ownerUnitName}
                </span>
                {a.responsiblePerson ? (
                  <span>
                    {t('meeting.actions.person')}：{a.responsiblePerson}
                  </span>
                ) : null}
                <span>
                  {t('meeting.actions.dueOn')}：{formatDate(a.dueOn)}
                </span>
                <span>
                  {t('meeting.actions.status')}：
                  {t(`meeting.actions.statuses.${a.rectificationStatus}`, { defaultValue: a.rectificationStatus })}
                </span>
                <Link to={`/rectification/${a.rectificationItemId}`} data-testid="action-ledger-link">
                  {t('meeting.actions.ledger')}
                </Link>
              </Space>
            </Space>
          </List.Item>
        )}
      />
      {editable ? (
        <Form<ActionForm>
          form={form}
          layout="vertical"
          style={{ marginTop: 12 }}
          onFinish={async (v) => {
            const ok = await run(() =>
              addActions(m.id, {
                version: m.version,
                items: [
                  {
                    problem: v.problem.trim(),
                    measures: v.measures?.trim() || null,
                    ownerUnitId: v.ownerUnitId,
                    responsiblePerson: v.responsiblePerson?.trim() || null,
                    dueOn: fromPickerDate(v.dueOn) ?? '',
                  },
                ],
              }),
            );
            if (ok) form.resetFields();
          }}
        >
          <Form.Item
            name="problem"
            label={t('meeting.actions.problem')}
            rules={[{ required: true, min: 2, max: 1000 }]}
          >
            <Input.TextArea autoSize data-testid="action-problem" />
          </Form.Item>
          <Form.Item name="measures" label={t('meeting.actions.measures')} rules={[{ max: 2000 }]}>
            <Input.TextArea autoSize data-testid="action-measures" />
          </Form.Item>
          <Form.Item name="ownerUnitId" label={t('meeting.actions.ownerUnit')} rules={[{ required: true }]}>
            <UnitSelect data-testid="action-owner" />
          </Form.Item>
          <Flex gap={8} wrap>
            <Form.Item name="responsiblePerson" label={t('meeting.actions.person')} rules={[{ max: 40 }]}>
              <Input data-testid="action-person" />
            </Form.Item>
            <Form.Item name="dueOn" label={t('meeting.actions.dueOn')} rules={[{ required: true }]}>
              <DatePicker data-testid="action-due" inputReadOnly={false} />
            </Form.Item>
          </Flex>
          <Button type="primary" htmlType="submit" loading={busy} block data-testid="action-save">
            {t('meeting.actions.add')}
          </Button>
        </Form>
      ) : null}
    </Card>
  );
}

/** The materials: the minutes once recorded; the 述职 report draft of an annual meeting. */
function MaterialsCard({ m }: { m: Meeting }) {
  const { t } = useTranslation();
  const minutes = m.status === 'minutes_recorded' || m.status === 'closed';
  const annual = m.kind === 'annual_report_meeting';
  const link = (kind: 'meeting_minutes' | 'annual_report_draft', format: 'pdf' | 'docx') => (
    <Button
      key={`${kind}-${format}`}
      icon={<DownloadOutlined />}
      href={meetingDocumentUrl(m.id, kind, format)}
      download
      data-testid={`doc-${kind}-${format}`}
    >
      {format.toUpperCase()}
    </Button>
  );
  return (
    <Card size="small" title={t('meeting.materials.title')} data-testid="meeting-materials">
      {!minutes && !annual ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('meeting.materials.none')} />
      ) : null}
      <Flex vertical gap={8}>
        {annual ? (
          <Flex gap={8} align="center" wrap>
            <span style={{ minWidth: 120 }}>{t('meeting.materials.report')}</span>
            {link('annual_report_draft', 'docx')}
            {link('annual_report_draft', 'pdf')}
          </Flex>
        ) : null}
        {minutes ? (
          <Flex gap={8} align="center" wrap>
            <span style={{ minWidth: 120 }}>{t('meeting.materials.minutes')}</span>
            {link('meeting_minutes', 'pdf')}
            {link('meeting_minutes', 'docx')}
          </Flex>
        ) : null}
      </Flex>
    </Card>
  );
}
