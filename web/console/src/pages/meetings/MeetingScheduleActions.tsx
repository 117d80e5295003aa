/**
 * Moving and cancelling a scheduled meeting from its page (issue 15 §3): two buttons, each with
 * its dialog — a new date, time, place and the reason; or the reason for cancelling. The server
 * decides (a working day, not a holiday, not before today, the meeting still to be held, a chair
 * on the new day) and its refusal is shown in words inside the dialog, which stays open.
 */
import { useState } from 'react';
import { Alert, App, Button, DatePicker, Form, Input, Modal, Space, Typography } from 'antd';
import { CalendarOutlined, StopOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { type Meeting, cancelMeeting, rescheduleMeeting } from '../../api/meetings.js';
import { errorMessage } from '../../api/request.js';
import { fromPickerDate, toPickerDate } from '../../lib/dates.js';

interface RescheduleForm {
  heldOn: Dayjs;
  startsAt: string;
  place: string;
  reason?: string;
}

/** The 调整时间地点 and 取消会议 buttons of a scheduled meeting, with their dialogs. */
export function MeetingScheduleActions({ m, onChanged }: { m: Meeting; onChanged: (next: Meeting) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [dialog, setDialog] = useState<'reschedule' | 'cancel' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [moveForm] = Form.useForm<RescheduleForm>();
  const [cancelForm] = Form.useForm<{ reason: string }>();

  const open = (which: 'reschedule' | 'cancel') => {
    setError(null);
    setDialog(which);
  };
  /** Sends one write; on success the dialog closes, on refusal the server's words stay in it. */
  const send = async (write: () => Promise<Meeting>, done: string) => {
    setSaving(true);
    try {
      onChanged(await write());
      setDialog(null);
      void message.success(done);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <Space wrap>
        <Button icon={<CalendarOutlined />} onClick={() => open('reschedule')} data-testid="meeting-reschedule">
          {t('meeting.reschedule.button')}
        </Button>
        <Button danger icon={<StopOutlined />} onClick={() => open('cancel')} data-testid="meeting-cancel">
          {t('meeting.cancel.button')}
        </Button>
      </Space>
      <Modal
        open={dialog === 'reschedule'}
        title={t('meeting.reschedule.title')}
        okText={t('common.save')}
        onOk={() => moveForm.submit()}
        okButtonProps={{ loading: saving, ...({ 'data-testid': 'reschedule-submit' } as Record<string, string>) }}
        onCancel={() => setDialog(null)}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('meeting.reschedule.hint')}</Typography.Paragraph>
        <Form<RescheduleForm>
          form={moveForm}
          layout="vertical"
          initialValues={{ heldOn: toPickerDate(m.heldOn), startsAt: m.startsAt, place: m.place }}
          onFinish={(v) =>
            send(
              () =>
                rescheduleMeeting(m.id, {
                  version: m.version,
                  heldOn: fromPickerDate(v.heldOn) ?? '',
                  startsAt: v.startsAt.trim(),
                  place: v.place.trim(),
                  reason: v.reason?.trim() || null,
                }),
              t('meeting.reschedule.done'),
            )
          }
        >
          <Space wrap>
            <Form.Item
              name="heldOn"
              label={t('meeting.reschedule.heldOn')}
              rules={[{ required: true, message: t('common.required') }]}
            >
              <DatePicker data-testid="reschedule-held-on" />
            </Form.Item>
            <Form.Item
              name="startsAt"
              label={t('meeting.startsAt')}
              rules={[{ required: true, pattern: /^([01]\d|2[0-3]):[0-5]\d$/, message: 'HH:MM' }]}
            >
              <Input style={{ width: 100 }} data-testid="reschedule-starts-at" />
            </Form.Item>
          </Space>
          <Form.Item name="place" label={t('meeting.place')} rules={[{ required: true, max: 100 }]}>
            <Input data-testid="reschedule-place" />
          </Form.Item>
          <Form.Item name="reason" label={t('meeting.reschedule.reason')} rules={[{ max: 200 }]}>
            <Input.TextArea rows={2} maxLength={200} data-testid="reschedule-reason" />
          </Form.Item>
        </Form>
        {error ? <Alert type="error" showIcon message={error} data-testid="reschedule-error" /> : null}
      </Modal>
      <Modal
        open={dialog === 'cancel'}
        title={t('meeting.cancel.title')}
        okText={t('meeting.cancel.confirm')}
        okButtonProps={{
          danger: true,
          loading: saving,
          ...({ 'data-testid': 'cancel-submit' } as Record<string, string>),
        }}
        onOk={() => cancelForm.submit()}
        onCancel={() => setDialog(null)}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('meeting.cancel.hint')}</Typography.Paragraph>
        <Form<{ reason: string }>
          form={cancelForm}
          layout="vertical"
          onFinish={(v) =>
            send(() => cancelMeeting(m.id, { version: m.version, reason: v.reason.trim() }), t('meeting.cancel.done'))
          }
        >
          <Form.Item
            name="reason"
            label={t('meeting.cancel.reason')}
            rules={[{ required: true, whitespace: true, min: 2, max: 200, message: t('common.required') }]}
          >
            <Input.TextArea rows={3} maxLength={200} data-testid="cancel-reason" />
          </Form.Item>
        </Form>
        {error ? <Alert type="error" showIcon message={error} data-testid="cancel-error" /> : null}
      </Modal>
    </>
  );
}
