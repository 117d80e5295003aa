/**
 * 线索研判会 (GZ 第二十四条): the meetings in scope, newest first, and a form to record one — the
 * date, place, attendees from the staff accounts, and each clue discussed with its decision in
 * words (each decision is signed into that clue's trail by the server).
 */
import { useState } from 'react';
import { Alert, Button, DatePicker, Drawer, Form, Input, Space, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { type ClueMeeting, listClueMeetings, listClues, meetingAttendees, recordClueMeeting } from '../../api/clues.js';
import { errorMessage } from '../../api/request.js';
import { useSession } from '../../auth/session.js';
import { ListTable } from '../../components/ListParts.js';
import { PageContainer } from '../../components/PageContainer.js';
import { RemoteSelect } from '../../components/RemoteSelect.js';
import { fromPickerDate, todayPickerDate } from '../../lib/dates.js';
import { formatDate } from '../../lib/time.js';
import { useListPage } from '../../lib/useListPage.js';

interface MeetingForm {
  heldOn: Dayjs;
  place: string;
  note?: string;
  attendeeIds: string[];
  items: { clueId: string; decision: string }[];
}

/** The meetings page. */
export function ClueMeetingsPage() {
  const { t } = useTranslation();
  const session = useSession();
  const list = useListPage({ fetchPage: listClueMeetings });
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<MeetingForm>();

  const columns: TableColumnsType<ClueMeeting> = [
    { title: t('clue.meetings.heldOn'), dataIndex: 'heldOn', width: 110, render: formatDate },
    { title: t('clue.meetings.place'), dataIndex: 'place', width: 160 },
    { title: t('clue.unit'), dataIndex: 'unitName', width: 160, render: (v: string | null) => v ?? '—' },
    {
      title: t('clue.meetings.attendees'),
      dataIndex: 'attendees',
      width: 200,
      render: (a: ClueMeeting['attendees']) => a.map((x) => x.name).join('、'),
    },
    {
      title: t('clue.meetings.clues'),
      dataIndex: 'items',
      render: (items: ClueMeeting['items']) => (
        <Space direction="vertical" size={2}>
          {items.map((i) => (
            <span key={i.clueId}>
              <Link to={`/clues/${i.clueId}`}>
                <Tag>{i.clueNumber}</Tag>
              </Link>
              {i.decision}
            </span>
          ))}
        </Space>
      ),
    },
  ];

  return (
    <PageContainer
      title={t('clue.meetings.title')}
      extra={
        session.can('clue.manage') ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="meeting-new">
            {t('clue.meetings.record')}
          </Button>
        ) : null
      }
    >
      <ListTable
        list={list}
        size="small"
        columns={columns}
        scrollX="max-content"
        locale={{ emptyText: t('clue.meetings.empty') }}
        testId="meetings-table"
      />
      <Drawer
        open={open}
        width={720}
        title={t('clue.meetings.record')}
        onClose={() => setOpen(false)}
        destroyOnHidden
        extra={
          <Button type="primary" onClick={() => form.submit()} data-testid="meeting-submit">
            {t('common.save')}
          </Button>
        }
      >
        {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} /> : null}
        <Form<MeetingForm>
          form={form}
          layout="vertical"
          initialValues={{ heldOn: todayPickerDate(), items: [{}] }}
          onFinish={async (v) => {
            try {
              await recordClueMeeting({
                heldOn: fromPickerDate(v.heldOn) ?? '',
                place: v.place.trim(),
                note: v.note?.trim() || null,
                attendeeIds: v.attendeeIds,
                items: v.items.map((i) => ({ clueId: i.clueId, decision: i.decision.trim() })),
              });
              setOpen(false);
              setError(null);
              list.reload();
            } catch (err) {
              setError(errorMessage(err));
            }
          }}
        >
          <Space wrap>
            <Form.Item name="heldOn" label={t('clue.meetings.heldOn')} rules={[{ required: true }]}>
              <DatePicker />
            </Form.Item>
            <Form.Item name="place" label={t('clue.meetings.place')} rules={[{ required: true, max: 100 }]}>
              <Input style={{ width: 260 }} />
            </Form.Item>
          </Space>
          <Form.Item name="attendeeIds" label={t('clue.meetings.attendees')} rules={[{ required: true }]}>
            <RemoteSelect<string[]>
              multiple
              fetchOptions={async (q, signal) =>
                (await meetingAttendees(q, signal)).map((u) => ({
                  value: u.id,
                  label: u.unitName ? `${u.name}（${u.unitName}）` : u.name,
                }))
              }
            />
          </Form.Item>
          <Form.Item label={t('clue.meetings.clues')} required>
            <Form.List name="items">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((field) => (
                    <Space key={field.key} align="start" wrap>
                      <Form.Item name={[field.name, 'clueId']} rules={[{ required: true }]}>
                        <RemoteSelect<string>
                          placeholder={t('clue.meetings.clue')}
                          style={{ width: 240 }}
                          fetchOptions={async (q, signal) =>
                            (await listClues({ q: q || undefined, page: 1, pageSize: 20 }, signal)).items
                              .filter((c) => c.visibility === 'full')
                              .map((c) => ({ value: c.id, label: `${c.number} ${c.subjectNames ?? ''}` }))
                          }
                        />
                      </Form.Item>
                      <Form.Item name={[field.name, 'decision']} rules={[{ required: true, max: 1000 }]}>
                        <Input placeholder={t('clue.meetings.decision')} style={{ width: 320 }} />
                      </Form.Item>
                      {fields.length > 1 ? <MinusCircleOutlined onClick={() => remove(field.name)} /> : null}
                    </Space>
                  ))}
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})}>
                    {t('clue.meetings.addItem')}
                  </Button>
                </>
              )}
            </Form.List>
          </Form.Item>
          <Form.Item name="note" label={t('clue.meetings.note')}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </Form>
      </Drawer>
    </PageContainer>
  );
}
