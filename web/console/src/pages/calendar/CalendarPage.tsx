/**
 * 工作日历: a year's holidays (放假) and make-up working days (调休上班) on a month grid, a
 * deadline calculator and, with `calendar.manage`, editing: add/remove days, save the year,
 * import a year from JSON.
 */
import { Suspense, lazy, useCallback, useEffect, useMemo, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Flex,
  Form,
  Input,
  Modal,
  Row,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { DeleteOutlined, EditOutlined, ImportOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { getCalendarYear, listCalendarYears, saveCalendarYear } from '../../api/calendar.js';
import { ApiError, errorMessage } from '../../api/request.js';
import type { CalendarDay, CalendarDayKind, CalendarYear, CalendarYearSummary } from '../../api/types.js';
import { useSession } from '../../auth/session.js';
import { PageContainer } from '../../components/PageContainer.js';
import { formatInstant, todayInShanghai } from '../../lib/time.js';
import { isWeekend, normaliseDays, parseCalendarJson, workingDaysPerMonth } from './calendar-days.js';
import { DeadlineCalculator } from './DeadlineCalculator.js';
import { MonthGrid } from './MonthGrid.js';

const WorkdayChart = lazy(async () => ({ default: (await import('./WorkdayChart.js')).WorkdayChart }));

/** The calendar page. */
export function CalendarPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const session = useSession();
  const canManage = session.can('calendar.manage');
  const thisYear = Number(todayInShanghai().slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const [summaries, setSummaries] = useState<CalendarYearSummary[]>([]);
  const [loaded, setLoaded] = useState<CalendarYear | null>(null);
  const [missing, setMissing] = useState(false);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState<CalendarDay[]>([]);
  const [source, setSource] = useState('');
  const [dirty, setDirty] = useState(false);
  const [saving, setSaving] = useState(false);
  const [importOpen, setImportOpen] = useState(false);
  const [importText, setImportText] = useState('');
  const [importError, setImportError] = useState<string | null>(null);
  const [pendingImport, setPendingImport] = useState<{ year: number; source?: string; days: CalendarDay[] } | null>(
    null,
  );
  const [loadedYear, setLoadedYear] = useState<number | null>(null);
  const [addForm] = Form.useForm<{ date: Dayjs; kind: CalendarDayKind; name: string }>();

  const loadSummaries = useCallback(() => {
    listCalendarYears()
      .then(setSummaries)
      .catch(() => setSummaries([]));
  }, []);

  const loadYear = useCallback(async (y: number) => {
    setLoading(true);
    setError(null);
    try {
      const data = await getCalendarYear(y);
      setLoaded(data);
      setMissing(false);
      setDraft(normaliseDays(data.days));
      setSource(data.source);
    } catch (err) {
      setLoaded(null);
      setDraft([]);
      setSource('');
      if (err instanceof ApiError && err.status === 404) setMissing(true);
      else setError(errorMessage(err));
    } finally {
      setDirty(false);
      setLoadedYear(y);
      setLoading(false);
    }
  }, []);

  useEffect(() => loadSummaries(), [loadSummaries]);
  useEffect(() => {
    void loadYear(year);
  }, [year, loadYear]);

  const days = editing ? draft : (loaded?.days ?? []);
  const special = useMemo(() => new Map(days.map((d) => [d.date, d])), [days]);
  const counts = useMemo(() => workingDaysPerMonth(year, special), [year, special]);
  const summary = summaries.find((s) => s.year === year);

  const yearOptions = useMemo(() => {
    const years = new Set<number>([thisYear - 1, thisYear, thisYear + 1, ...summaries.map((s) => s.year)]);
    return [...years].sort((a, b) => a - b).map((y) => ({ value: y, label: String(y) }));
  }, [summaries, thisYear]);

  const changeDraft = (next: CalendarDay[]) => {
    setDraft(normaliseDays(next));
    setDirty(true);
  };

  // Click cycle in edit mode. Make-up workdays (调休上班) fall on weekends only, so a weekday
  // cycles ordinary → holiday → ordinary, and a weekend day ordinary → workday → holiday → ordinary.
  const toggle = (date: string) => {
    const current = draft.find((d) => d.date === date);
    const weekend = isWeekend(date);
    const others = draft.filter((d) => d.date !== date);
    const holiday: CalendarDay = { date, kind: 'holiday', name: current?.name || t('calendar.holiday') };
    if (!current) changeDraft([...others, weekend ? { date, kind: 'workday', name: t('calendar.workday') } : holiday]);
    else if (current.kind === 'workday') changeDraft([...others, { ...holiday, name: t('calendar.holiday') }]);
    else changeDraft(others);
  };

  const save = async () => {
    setSaving(true);
    try {
      // The server requires a name for every day; fall back to the kind's label.
      const days = normaliseDays(draft).map((d) => ({ ...d, name: d.name.trim() || t(`calendar.${d.kind}`) }));
      await saveCalendarYear(year, { source: source.trim() || 'manual', days });
      message.success(t('common.saved'));
      setEditing(false);
      loadSummaries();
      await loadYear(year);
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  const applyImport = () => {
    try {
      const parsed = parseCalendarJson(importText);
      const targetYear = parsed.year ?? Number(parsed.days[0]?.date.slice(0, 4) ?? year);
      setPendingImport({
        year: targetYear,
        source: parsed.source,
        days: parsed.days.filter((d) => d.date.startsWith(`${targetYear}-`)),
      });
      if (targetYear !== year) setYear(targetYear);
      setImportOpen(false);
      setImportText('');
      setImportError(null);
    } catch {
      setImportError(t('calendar.importInvalid'));
    }
  };

  // An import becomes the draft once its year has finished loading (loading would overwrite it).
  useEffect(() => {
    if (!pendingImport || loading || loadedYear !== pendingImport.year) return;
    setEditing(true);
    setDraft(normaliseDays(pendingImport.days));
    if (pendingImport.source) setSource(pendingImport.source);
    setDirty(true);
    setPendingImport(null);
  }, [pendingImport, loading, loadedYear]);

  const dayColumns = [
    { title: t('calendar.date'), dataIndex: 'date', width: 120 },
    {
      title: t('calendar.kind'),
      dataIndex: 'kind',
      width: 140,
      render: (kind: CalendarDayKind, row: CalendarDay) => (
        <Select<CalendarDayKind>
          size="small"
          value={kind}
          style={{ width: 120 }}
          onChange={(value) => changeDraft(draft.map((d) => (d.date === row.date ? { ...d, kind: value } : d)))}
          options={[
            { value: 'holiday', label: t('calendar.holiday') },
            { value: 'workday', label: t('calendar.workday') },
          ]}
        />
      ),
    },
    {
      title: t('calendar.name'),
      dataIndex: 'name',
      render: (name: string, row: CalendarDay) => (
        <Input
          size="small"
          value={name}
          maxLength={30}
          onChange={(e) => changeDraft(draft.map((d) => (d.date === row.date ? { ...d, name: e.target.value } : d)))}
        />
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 90,
      render: (_: unknown, row: CalendarDay) => (
        <Button
          size="small"
          type="link"
          danger
          icon={<DeleteOutlined />}
          onClick={() => changeDraft(draft.filter((d) => d.date !== row.date))}
        >
          {t('calendar.removeDay')}
        </Button>
      ),
    },
  ];

  return (
    <PageContainer
      title={t('calendar.title')}
      extra={
        <>
          <Select<number>
            value={year}
            options={yearOptions}
            onChange={(y) => {
              setEditing(false);
              setYear(y);
            }}
            style={{ width: 100 }}
            aria-label={t('calendar.year')}
            data-testid="calendar-year"
          />
          {canManage && !editing ? (
            <>
              <Button
                icon={<EditOutlined />}
                onClick={() => {
                  setDraft(normaliseDays(loaded?.days ?? []));
                  setSource(loaded?.source ?? '');
                  setEditing(true);
                }}
                data-testid="calendar-edit"
              >
                {t('common.edit')}
              </Button>
              <Button icon={<ImportOutlined />} onClick={() => setImportOpen(true)} data-testid="calendar-import">
                {t('calendar.importJson')}
              </Button>
            </>
          ) : null}
          {editing ? (
            <>
              <Button
                onClick={() => {
                  setEditing(false);
                  setDirty(false);
                }}
              >
                {t('common.cancel')}
              </Button>
              <Button
                type="primary"
                icon={<SaveOutlined />}
                loading={saving}
                onClick={() => void save()}
                data-testid="calendar-save"
              >
                {t('calendar.saveYear')}
              </Button>
            </>
          ) : null}
        </>
      }
    >
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <DeadlineCalculator />
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={t('calendar.chartTitle')} style={{ height: '100%' }}>
            <Suspense fallback={<Spin />}>
              <WorkdayChart counts={counts} />
            </Suspense>
          </Card>
        </Col>
        <Col span={24}>
          <Card
            size="small"
            title={
              <Space wrap>
                <span>{year}</span>
                {summary ? (
                  <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
                    {t('calendar.source')}：{summary.source} · {t('calendar.updatedAt')}：
                    {formatInstant(summary.updatedAt)}
                  </Typography.Text>
                ) : null}
                {editing && dirty ? <Tag color="orange">{t('calendar.unsaved')}</Tag> : null}
              </Space>
            }
            extra={
              <Space size="middle" wrap>
                <span>
                  <i className="qf-legend is-holiday" />
                  {t('calendar.holiday')}
                  {` ${days.filter((d) => d.kind === 'holiday').length}`}
                </span>
                <span>
                  <i className="qf-legend is-workday" />
                  {t('calendar.workday')}
                  {` ${days.filter((d) => d.kind === 'workday').length}`}
                </span>
                <span>
                  <i className="qf-legend is-weekend" />
                  {t('calendar.weekend')}
                </span>
              </Space>
            }
          >
            {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} /> : null}
            {missing && !editing ? (
              <Alert
                type="warning"
                showIcon
                message={t('calendar.notLoaded', { year })}
                style={{ marginBottom: 12 }}
                data-testid="calendar-missing"
              />
            ) : null}
            {loading ? <Spin /> : <MonthGrid year={year} special={special} onToggle={editing ? toggle : undefined} />}
          </Card>
        </Col>
        {editing ? (
          <Col span={24}>
            <Card size="small" title={t('calendar.days')} data-testid="calendar-editor">
              <Flex gap={12} wrap align="center" style={{ marginBottom: 12 }}>
                <Typography.Text>{t('calendar.source')}</Typography.Text>
                <Input
                  value={source}
                  onChange={(e) => {
                    setSource(e.target.value);
                    setDirty(true);
                  }}
                  style={{ width: 320 }}
                  data-testid="calendar-source"
                />
              </Flex>
              <Form
                form={addForm}
                layout="inline"
                initialValues={{ kind: 'holiday' }}
                onFinish={(values) => {
                  const date = values.date.format('YYYY-MM-DD');
                  if (!date.startsWith(`${year}-`)) return;
                  changeDraft([
                    ...draft.filter((d) => d.date !== date),
                    { date, kind: values.kind, name: values.name?.trim() ?? '' },
                  ]);
                  addForm.resetFields(['date', 'name']);
                }}
                style={{ marginBottom: 12, rowGap: 8 }}
              >
                <Form.Item name="date" rules={[{ required: true }]}>
                  <DatePicker
                    placeholder={t('calendar.date')}
                    disabledDate={(d) => d.year() !== year}
                    data-testid="calendar-add-date"
                  />
                </Form.Item>
                <Form.Item name="kind">
                  <Select<CalendarDayKind>
                    style={{ width: 120 }}
                    options={[
                      { value: 'holiday', label: t('calendar.holiday') },
                      { value: 'workday', label: t('calendar.workday') },
                    ]}
                  />
                </Form.Item>
                <Form.Item name="name" rules={[{ required: true, whitespace: true }]}>
                  <Input placeholder={t('calendar.name')} style={{ width: 160 }} maxLength={30} />
                </Form.Item>
                <Form.Item>
                  <Button htmlType="submit" icon={<PlusOutlined />} data-testid="calendar-add-day">
                    {t('calendar.addDay')}
                  </Button>
                </Form.Item>
              </Form>
              <Table<CalendarDay>
                rowKey="date"
                size="small"
                columns={dayColumns}
                dataSource={draft}
                pagination={{ pageSize: 20, hideOnSinglePage: true }}
              />
            </Card>
          </Col>
        ) : null}
      </Row>
      <Modal
        open={importOpen}
        title={t('calendar.importJson')}
        onCancel={() => setImportOpen(false)}
        onOk={applyImport}
        width={640}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('calendar.importHint')}
        </Typography.Paragraph>
        <Input.TextArea
          rows={12}
          value={importText}
          onChange={(e) => setImportText(e.target.value)}
          data-testid="calendar-import-text"
        />
        {importError ? <Alert type="error" showIcon message={importError} style={{ marginTop: 8 }} /> : null}
      </Modal>
    </PageContainer>
  );
}
