/**
 * 会议: the meetings calendar of a zone — a month view (antd Calendar on a wide screen, a list by
 * day on every screen) of the zone's meetings (kind, date, chair, status) and the clue-review
 * meetings of the same month read-only with a link to their page; a 室组地 joint meeting or an ad
 * hoc one is scheduled by hand from here (the server checks the working day and the chair).
 * The month's public holidays and make-up working days (调休) are marked from the working-day
 * calendar (`/api/calendar/years/{year}`); a year whose arrangement is not loaded is said to be so
 * in plain words, with who loads it and where. 导出Excel downloads the zone's month as shown.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  Alert,
  Button,
  Calendar,
  Card,
  DatePicker,
  Drawer,
  Form,
  Grid,
  Input,
  List,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { getCalendarYear } from '../../api/calendar.js';
import {
  type MeetingKind,
  type MeetingPage,
  MEETING_KINDS,
  createMeeting,
  listMeetings,
  meetingsExportUrl,
} from '../../api/meetings.js';
import { ApiError, errorMessage } from '../../api/request.js';
import type { CalendarDay } from '../../api/types.js';
import { listZones } from '../../api/zones.js';
import { useSession } from '../../auth/session.js';
import { ExportButton } from '../../components/ExportButton.js';
import { PageContainer } from '../../components/PageContainer.js';
import { fromPickerDate } from '../../lib/dates.js';
import { formatDate, todayInShanghai } from '../../lib/time.js';
import { MeetingStatusTag } from './MeetingTags.js';
import { holidaySpans } from './meetingHelpers.js';

/** The holiday arrangement of the month's year as the calendar holds it. */
interface YearHolidays {
  year: number;
  /** Lists at least one holiday (an empty or missing arrangement says nothing about the year). */
  loaded: boolean;
  source: string | null;
  days: CalendarDay[];
}

interface NewMeetingForm {
  kind: MeetingKind;
  title?: string;
  heldOn: Dayjs;
  startsAt: string;
  place: string;
}

/** The meetings calendar page. */
export function MeetingsPage() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const [zoneId, setZoneId] = useState<string | null>(null);
  const [zones, setZones] = useState<{ id: string; name: string }[]>([]);
  const [month, setMonth] = useState<Dayjs>(() => dayjs(todayInShanghai()).startOf('month'));
  const [data, setData] = useState<MeetingPage | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [form] = Form.useForm<NewMeetingForm>();
  const [holidays, setHolidays] = useState<YearHolidays | null>(null);
  const canCalendar = session.can('calendar.read');
  const year = month.year();

  // The year's holidays and make-up working days; a missing year (404) is a year not loaded.
  useEffect(() => {
    if (!canCalendar) return;
    let live = true;
    getCalendarYear(year)
      .then((y) => {
        if (live)
          setHolidays({ year, loaded: y.days.some((d) => d.kind === 'holiday'), source: y.source, days: y.days });
      })
      .catch((err: unknown) => {
        if (!live) return;
        if (err instanceof ApiError && err.status === 404) setHolidays({ year, loaded: false, source: null, days: [] });
        else setHolidays(null);
      });
    return () => {
      live = false;
    };
  }, [canCalendar, year]);

  const monthKey = month.format('YYYY-MM');
  const monthDays = useMemo(
    () => (holidays?.year === year ? holidays.days.filter((d) => d.date.startsWith(monthKey)) : []),
    [holidays, year, monthKey],
  );
  const exportHref = zoneId
    ? meetingsExportUrl({
        zoneId,
        from: month.startOf('month').format('YYYY-MM-DD'),
        to: month.endOf('month').format('YYYY-MM-DD'),
      })
    : undefined;

  // The first zone in scope is shown at first (a zone's own leader has just one).
  useEffect(() => {
    const controller = new AbortController();
    listZones({ pageSize: 200 }, controller.signal)
      .then((page) => {
        setZones(page.items.map((z) => ({ id: z.id, name: z.name })));
        const first = page.items[0];
        if (first) setZoneId((z) => z ?? first.id);
      })
      .catch(() => undefined);
    return () => controller.abort();
  }, []);

  const load = useCallback(
    (signal?: AbortSignal) => {
      if (!zoneId) return;
      setLoading(true);
      listMeetings(
        {
          zoneId,
          from: month.startOf('month').format('YYYY-MM-DD'),
          to: month.endOf('month').format('YYYY-MM-DD'),
          page: 1,
          pageSize: 100,
        },
        signal,
      )
        .then((d) => {
          setData(d);
          setError(null);
        })
        .catch((err: unknown) => {
          if (!signal?.aborted) setError(errorMessage(err));
        })
        .finally(() => {
          if (!signal?.aborted) setLoading(false);
        });
    },
    [zoneId, month],
  );

  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal);
    return () => controller.abort();
  }, [load]);

  const meetings = data?.items ?? [];
  const clueMeetings = data?.clueReviewMeetings ?? [];

  const cell = (day: Dayjs) => {
    const date = day.format('YYYY-MM-DD');
    const mine = meetings.filter((m) => m.heldOn === date);
    const clues = clueMeetings.filter((m) => m.heldOn === date);
    const special = monthDays.find((d) => d.date === date);
    if (mine.length + clues.length === 0 && !special) return null;
    return (
      <Space direction="vertical" size={2} style={{ width: '100%' }}>
        {special ? (
          <Tag
            color={special.kind === 'holiday' ? 'green' : 'orange'}
            style={{ whiteSpace: 'normal' }}
            data-testid={`calendar-${special.kind}-${date}`}
          >
            {t(`meeting.holidays.${special.kind}`)} {special.name}
          </Tag>
        ) : null}
        {mine.map((m) => (
          <Link key={m.id} to={`/meetings/${m.id}`}>
            <Tag color={m.status === 'cancelled' ? 'default' : 'red'} style={{ whiteSpace: 'normal' }}>
              {m.startsAt} {t(`meeting.kinds.${m.kind}`)}
            </Tag>
          </Link>
        ))}
        {clues.map((m) => (
          <Link key={m.id} to="/clue-meetings">
            <Tag color="blue">{t('meeting.clueMeeting')}</Tag>
          </Link>
        ))}
      </Space>
    );
  };

  return (
    <PageContainer
      title={t('meeting.title')}
      extra={
        <Space wrap>
          <ExportButton href={exportHref} testId="meetings-export" />
          {session.can('meeting.manage') ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              disabled={!zoneId}
              onClick={() => {
                setSaveError(null);
                setOpen(true);
              }}
              data-testid="meeting-create"
            >
              {t('meeting.create')}
            </Button>
          ) : null}
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          value={zoneId ?? undefined}
          onChange={(v: string) => setZoneId(v)}
          placeholder={t('meeting.zone')}
          style={{ width: 220 }}
          options={zones.map((z) => ({ value: z.id, label: z.name }))}
          data-testid="meetings-zone"
        />
        <DatePicker
          picker="month"
          value={month}
          allowClear={false}
          onChange={(v) => v && setMonth(v.startOf('month'))}
          data-testid="meetings-month"
        />
      </Space>
      {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} /> : null}
      {!zoneId ? <Alert type="info" showIcon message={t('meeting.pickZone')} /> : null}
      {holidays?.year === year && !holidays.loaded ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="meetings-holidays-missing"
          message={t('meeting.holidays.notLoaded', { year })}
          description={
            <Space wrap size={[8, 0]}>
              <span>{t('meeting.holidays.howToLoad')}</span>
              <Link to="/calendar">{t('meeting.holidays.openCalendar')}</Link>
            </Space>
          }
        />
      ) : null}
      {monthDays.length > 0 ? (
        <Card
          size="small"
          title={t('meeting.holidays.monthTitle')}
          style={{ marginBottom: 12 }}
          data-testid="meetings-holidays"
        >
          <Space wrap size={[12, 4]}>
            {holidaySpans(monthDays).map((span) => (
              <Tag key={span.first} color={span.kind === 'holiday' ? 'green' : 'orange'}>
                {span.first === span.last
                  ? formatDate(span.first)
                  : `${formatDate(span.first)}—${formatDate(span.last)}`}{' '}
                {t(span.kind === 'holiday' ? 'meeting.holidays.holidayLine' : 'meeting.holidays.workdayLine', {
                  name: span.name,
                })}
              </Tag>
            ))}
          </Space>
          {holidays?.source ? (
            <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
              {t('meeting.holidays.source', { source: holidays.source })}
            </Typography.Paragraph>
          ) : null}
        </Card>
      ) : null}
      {screens.md ? (
        <Card size="small" style={{ marginBottom: 12 }} data-testid="meetings-calendar">
          <Calendar
            value={month}
            headerRender={() => null}
            onSelect={(d, info) => {
              if (info.source === 'date' && !d.isSame(month, 'month')) setMonth(d.startOf('month'));
            }}
            cellRender={(d, info) => (info.type === 'date' && d.isSame(month, 'month') ? cell(d) : null)}
          />
        </Card>
      ) : null}
      <Card size="small" title={`${month.format('YYYY年M月')} ${t('meeting.list')}`} loading={loading && !data}>
        <List
          dataSource={meetings}
          locale={{ emptyText: t('meeting.empty') }}
          data-testid="meetings-list"
          renderItem={(m) => (
            <List.Item
              key={m.id}
              data-testid={`meeting-line-${m.id}`}
              actions={[
                <Button key="open" type="link" onClick={() => navigate(`/meetings/${m.id}`)}>
                  {t('common.view')}
                </Button>,
              ]}
            >
              <List.Item.Meta
                title={
                  <Space wrap size={4}>
                    <Link to={`/meetings/${m.id}`}>{m.title}</Link>
                    <MeetingStatusTag status={m.status} />
                  </Space>
                }
                description={
                  <Space wrap size={[12, 2]}>
                    <span data-testid="meeting-line-kind">{t(`meeting.kinds.${m.kind}`)}</span>
                    <span data-testid="meeting-line-date">
                      {formatDate(m.heldOn)} {m.startsAt}
                    </span>
                    <span>
                      {t('meeting.chair')}：{m.chairName}
                    </span>
                    <span>{m.place}</span>
                    {m.auto ? <Tag>{t('meeting.auto')}</Tag> : null}
                  </Space>
                }
              />
            </List.Item>
          )}
        />
        {clueMeetings.length > 0 ? (
          <List
            header={<b>{t('meeting.clueMeetings')}</b>}
            dataSource={clueMeetings}
            data-testid="meetings-clue-list"
            renderItem={(m) => (
              <List.Item key={m.id}>
                <Space wrap size={[12, 2]}>
                  <Tag color="blue">{t('meeting.clueMeeting')}</Tag>
                  <span>{formatDate(m.heldOn)}</span>
                  <span>{m.place}</span>
                  <span>{m.unitName ?? ''}</span>
                  <Link to="/clue-meetings">{t('meeting.clueMeetingsLink')}</Link>
                </Space>
              </List.Item>
            )}
          />
        ) : null}
      </Card>
      <Drawer
        open={open}
        width={screens.md ? 560 : '100%'}
        title={t('meeting.create')}
        onClose={() => setOpen(false)}
        destroyOnHidden
        extra={
          <Button type="primary" onClick={() => form.submit()} data-testid="meeting-create-submit">
            {t('common.save')}
          </Button>
        }
      >
        {saveError ? (
          <Alert type="error" showIcon message={saveError} style={{ marginBottom: 16 }} data-testid="meeting-error" />
        ) : null}
        <Form<NewMeetingForm>
          form={form}
          layout="vertical"
          initialValues={{ kind: 'joint_meeting', startsAt: '09:00' }}
          onFinish={async (v) => {
            if (!zoneId) return;
            try {
              const { id } = await createMeeting({
                zoneId,
                kind: v.kind,
                title: v.title?.trim() || null,
                heldOn: fromPickerDate(v.heldOn) ?? '',
                startsAt: v.startsAt.trim(),
                place: v.place.trim(),
              });
              setOpen(false);
              void navigate(`/meetings/${id}`);
            } catch (err) {
              setSaveError(errorMessage(err));
            }
          }}
        >
          <Form.Item label={t('meeting.zone')}>
            <Input value={zones.find((z) => z.id === zoneId)?.name ?? ''} disabled />
          </Form.Item>
          <Form.Item name="kind" label={t('meeting.kind')} rules={[{ required: true }]}>
            <Select
              data-testid="meeting-kind"
              options={MEETING_KINDS.map((k) => ({ value: k, label: t(`meeting.kinds.${k}`) }))}
            />
          </Form.Item>
          <Form.Item name="title" label={t('meeting.meetingTitle')} extra={t('meeting.titleHint')}>
            <Input maxLength={100} data-testid="meeting-title" />
          </Form.Item>
          <Space wrap>
            <Form.Item name="heldOn" label={t('meeting.heldOn')} rules={[{ required: true }]}>
              <DatePicker data-testid="meeting-held-on" />
            </Form.Item>
            <Form.Item
              name="startsAt"
              label={t('meeting.startsAt')}
              rules={[{ required: true, pattern: /^([01]\d|2[0-3]):[0-5]\d$/, message: 'HH:MM' }]}
            >
              <Input style={{ width: 100 }} data-testid="meeting-starts-at" />
            </Form.Item>
          </Space>
          <Form.Item name="place" label={t('meeting.place')} rules={[{ required: true, max: 100 }]}>
            <Input data-testid="meeting-place" />
          </Form.Item>
        </Form>
      </Drawer>
    </PageContainer>
  );
}
