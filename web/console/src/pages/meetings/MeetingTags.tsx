/** The pieces the meetings pages share: a meeting's status and an attendee's presence as tags. */
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

const STATUS_COLORS: Record<string, string> = {
  scheduled: 'processing',
  held: 'orange',
  minutes_recorded: 'geekblue',
  closed: 'green',
  cancelled: 'default',
};

/** A meeting's status (待召开, 已召开, 已形成纪要, 已办结, 已取消). */
export function MeetingStatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status] ?? 'default'} data-testid="meeting-status">
      {t(`meeting.statuses.${status}`, { defaultValue: status })}
    </Tag>
  );
}

/** An attendee's presence (已通知, 出席, 缺席). */
export function PresenceTag({ presence }: { presence: string }) {
  const { t } = useTranslation();
  const color = presence === 'present' ? 'green' : presence === 'absent' ? 'red' : 'default';
  return <Tag color={color}>{t(`meeting.attendance.presences.${presence}`, { defaultValue: presence })}</Tag>;
}
