/**
 * 措施台账: the measures across the cases the reader sees (案管: every measure in the county), by
 * measure and by clock state (running, due within 3 days, overdue, lifted); the handling units'
 * filings of their ledger (报备) with 案管's acknowledgement after the cross-check; and, for the
 * county's system administrator, the approver level of each measure the law leaves to 按规定报批.
 */
import { useEffect, useState } from 'react';
import {
  Alert,
  Button,
  DatePicker,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import {
  type ApproverLevels,
  MEASURE_APPROVER_LEVEL_LABELS,
  MEASURE_CLOCK_FILTERS,
  MEASURE_KINDS,
  type MeasureFiling,
  type MeasureFilters,
  type MeasureLine,
  acknowledgeFiling,
  approverLevels,
  fileLedger,
  listFilings,
  listMeasures,
  setApproverLevel,
} from '../../api/case-measures.js';
import { errorMessage } from '../../api/request.js';
import { type RulePlace, loadCatalogue } from '../../api/timers.js';
import { useSession } from '../../auth/session.js';
import { FilterBar } from '../../components/FilterBar.js';
import { ListTable } from '../../components/ListParts.js';
import { PageContainer } from '../../components/PageContainer.js';
import { UnitSelect } from '../../components/RemoteSelect.js';
import { fromPickerDate, todayPickerDate } from '../../lib/dates.js';
import { formatDate, formatInstant } from '../../lib/time.js';
import { useListPage } from '../../lib/useListPage.js';
import { MeasureStatusTag } from '../cases/measureParts.js';

/** The ledger of measures with its filters. */
function MeasureLedger() {
  const { t } = useTranslation();
  const [form] = Form.useForm<MeasureFilters>();
  const list = useListPage<MeasureLine, MeasureFilters>({ fetchPage: listMeasures });
  const columns: TableColumnsType<MeasureLine> = [
    {
      title: t('case.number'),
      dataIndex: 'caseNumber',
      width: 200,
      render: (n: string | null, r) => (
        <Link to={`/cases/${r.caseId}?tab=measures`} data-testid="measure-line-case">
          {n ?? t('case.pendingNumber')}
        </Link>
      ),
    },
    {
      title: t('caseMeasures.kind'),
      dataIndex: 'kind',
      width: 100,
      render: (k: MeasureLine['kind']) => t(`case.measure.kinds.${k}`),
    },
    { title: t('caseMeasures.subject'), dataIndex: 'subjectName', width: 110 },
    { title: t('case.handlingUnit'), dataIndex: 'handlingUnitName', width: 220, ellipsis: true },
    { title: t('caseMeasures.approvedOn'), dataIndex: 'approvedOn', width: 110, render: (v: string) => formatDate(v) },
    {
      title: t('caseMeasures.startedAt'),
      dataIndex: 'startedAt',
      width: 150,
      render: (v: string | null) => formatInstant(v),
    },
    {
      title: t('caseMeasures.status'),
      dataIndex: 'status',
      width: 110,
      render: (s: MeasureLine['status']) => <MeasureStatusTag status={s} />,
    },
    {
      title: t('caseMeasures.nextDue'),
      dataIndex: 'nextDue',
      width: 190,
      render: (v: string | null, r) => {
        if (!v) return '—';
        const text = v.length > 10 ? formatInstant(v) : formatDate(v);
        if (r.overdue) return <Tag color="red">{t('case.measure.clock.overdue', { at: text })}</Tag>;
        return <Tag color={r.dueSoon ? 'orange' : 'blue'}>{t('case.measure.clock.due', { at: text })}</Tag>;
      },
    },
  ];
  return (
    <>
      <FilterBar<MeasureFilters>
        form={form}
        onSearch={(v) => list.setFilters({ kind: v.kind || undefined, state: v.state || undefined })}
        onReset={list.reset}
      >
        <Form.Item name="kind">
          <Select
            allowClear
            placeholder={t('caseMeasures.kind')}
            options={MEASURE_KINDS.map((k) => ({ value: k, label: t(`case.measure.kinds.${k}`) }))}
            style={{ width: 140 }}
            data-testid="case-measures-kind"
          />
        </Form.Item>
        <Form.Item name="state">
          <Select
            allowClear
            placeholder={t('caseMeasures.state')}
            options={MEASURE_CLOCK_FILTERS.map((s) => ({ value: s, label: t(`caseMeasures.states.${s}`) }))}
            style={{ width: 150 }}
            data-testid="case-measures-state"
          />
        </Form.Item>
      </FilterBar>
      <ListTable
        list={list}
        columns={columns}
        size="small"
        scrollX={1200}
        locale={{ emptyText: t('caseMeasures.empty') }}
        testId="case-measures-table"
      />
    </>
  );
}

interface FilingForm {
  unitId: string;
  periodFrom: Dayjs;
  periodTo: Dayjs;
  note?: string;
}

/** The filings (报备) with 案管's acknowledgement; a handling unit files from here. */
function Filings() {
  const { t } = useTranslation();
  const session = useSession();
  const [pending, setPending] = useState(false);
  const list = useListPage<MeasureFiling, { pending?: boolean }>({ fetchPage: listFilings });
  const [filing, setFiling] = useState(false);
  const [acking, setAcking] = useState<MeasureFiling | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [fileForm] = Form.useForm<FilingForm>();
  const [ackForm] = Form.useForm<{ note?: string }>();

  const file = async () => {
    const v = await fileForm.validateFields();
    setSaving(true);
    setError(null);
    try {
      const r = await fileLedger({
        unitId: v.unitId,
        periodFrom: fromPickerDate(v.periodFrom)!,
        periodTo: fromPickerDate(v.periodTo)!,
        note: v.note?.trim() || null,
      });
      setFiling(false);
      setResult(t('caseMeasures.filed', { n: r.measureCount }));
      list.reload();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };
  const acknowledge = async () => {
    if (!acking) return;
    const v = await ackForm.validateFields();
    setSaving(true);
    setError(null);
    try {
      const r = await acknowledgeFiling(acking.id, { version: acking.version, note: v.note?.trim() || null });
      setAcking(null);
      setResult(r.ackNote);
      list.reload();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  const columns: TableColumnsType<MeasureFiling> = [
    { title: t('case.handlingUnit'), dataIndex: 'handlingUnitName', width: 220, ellipsis: true },
    {
      title: t('caseMeasures.period'),
      width: 200,
      render: (_: unknown, r) => `${formatDate(r.periodFrom)} ~ ${formatDate(r.periodTo)}`,
    },
    { title: t('caseMeasures.count'), dataIndex: 'measureCount', width: 90 },
    {
      title: t('caseMeasures.filedBy'),
      width: 220,
      render: (_: unknown, r) => `${r.filedByName} · ${formatInstant(r.filedAt)}`,
    },
    { title: t('caseMeasures.note'), dataIndex: 'note', ellipsis: true, render: (v: string | null) => v ?? '—' },
    {
      title: t('caseMeasures.ack'),
      width: 300,
      render: (_: unknown, r) =>
        r.acknowledgedAt ? (
          <div data-testid="filing-acknowledged">
            <Tag color="green">
              {t('caseMeasures.acked', { name: r.acknowledgedByName ?? '', at: formatInstant(r.acknowledgedAt) })}
            </Tag>
            <div>{r.ackNote}</div>
          </div>
        ) : session.can('case.register') ? (
          <Button
            size="small"
            onClick={() => {
              ackForm.resetFields();
              setError(null);
              setAcking(r);
            }}
            data-testid="filing-ack"
          >
            {t('caseMeasures.acknowledge')}
          </Button>
        ) : (
          <Tag color="gold">{t('caseMeasures.waiting')}</Tag>
        ),
    },
  ];

  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        {session.can('case.manage') ? (
          <Button
            type="primary"
            onClick={() => {
              fileForm.resetFields();
              setError(null);
              setFiling(true);
            }}
            data-testid="filing-new"
          >
            {t('caseMeasures.file')}
          </Button>
        ) : null}
        <span>{t('caseMeasures.pendingOnly')}</span>
        <Switch
          checked={pending}
          onChange={(v) => {
            setPending(v);
            list.setFilters({ pending: v || undefined });
          }}
          data-testid="filing-pending"
        />
      </Space>
      {result ? (
        <Alert
          type="success"
          showIcon
          closable
          message={result}
          onClose={() => setResult(null)}
          style={{ marginBottom: 12 }}
          data-testid="filing-result"
        />
      ) : null}
      <ListTable
        list={list}
        columns={columns}
        size="small"
        scrollX={1100}
        locale={{ emptyText: t('caseMeasures.noFilings') }}
        testId="filings-table"
      />
      <Modal
        open={filing}
        title={t('caseMeasures.file')}
        okText={t('common.submit')}
        onOk={() => void file()}
        okButtonProps={{ loading: saving, ...({ 'data-testid': 'filing-submit' } as Record<string, string>) }}
        onCancel={() => setFiling(false)}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('caseMeasures.fileHint')}</Typography.Paragraph>
        <Form
          form={fileForm}
          layout="vertical"
          initialValues={{ periodFrom: todayPickerDate().startOf('month'), periodTo: todayPickerDate() }}
        >
          <Form.Item
            name="unitId"
            label={t('case.handlingUnit')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <UnitSelect data-testid="filing-unit" />
          </Form.Item>
          <Form.Item
            name="periodFrom"
            label={t('caseMeasures.periodFrom')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <DatePicker data-testid="filing-from" />
          </Form.Item>
          <Form.Item
            name="periodTo"
            label={t('caseMeasures.periodTo')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <DatePicker data-testid="filing-to" />
          </Form.Item>
          <Form.Item name="note" label={t('caseMeasures.note')}>
            <Input.TextArea rows={2} maxLength={1000} data-testid="filing-note" />
          </Form.Item>
        </Form>
        {error ? <Alert type="error" showIcon message={error} data-testid="filing-error" /> : null}
      </Modal>
      <Modal
        open={acking !== null}
        title={t('caseMeasures.acknowledge')}
        okText={t('common.confirm')}
        onOk={() => void acknowledge()}
        okButtonProps={{ loading: saving, ...({ 'data-testid': 'filing-ack-submit' } as Record<string, string>) }}
        onCancel={() => setAcking(null)}
        destroyOnHidden
      >
        <Typography.Paragraph>
          {acking ? t('caseMeasures.ackHint', { unit: acking.handlingUnitName, n: acking.measureCount }) : null}
        </Typography.Paragraph>
        <Form form={ackForm} layout="vertical">
          <Form.Item name="note" label={t('caseMeasures.note')}>
            <Input.TextArea rows={2} maxLength={1000} data-testid="filing-ack-note" />
          </Form.Item>
        </Form>
        {error ? <Alert type="error" showIcon message={error} /> : null}
      </Modal>
    </>
  );
}

/** The county's approver levels of the 按规定报批 measures (setting.manage). */
function ApproverLevelsCard() {
  const { t } = useTranslation();
  const [counties, setCounties] = useState<RulePlace[]>([]);
  const [county, setCounty] = useState<string | undefined>();
  const [levels, setLevels] = useState<ApproverLevels | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    loadCatalogue(controller.signal)
      .then((c) => {
        const list = c.places.filter((p) => p.level === 'county');
        setCounties(list);
        if (list.length === 1) setCounty(list[0]!.code);
      })
      .catch((err: unknown) => {
        if (!controller.signal.aborted) setError(errorMessage(err));
      });
    return () => controller.abort();
  }, []);
  useEffect(() => {
    if (!county) return;
    setLevels(null);
    approverLevels(county).then(setLevels, (err: unknown) => setError(errorMessage(err)));
  }, [county]);

  const change = async (kind: ApproverLevels['items'][number]['kind'], level: number) => {
    if (!county) return;
    setError(null);
    try {
      setLevels(await setApproverLevel(county, { kind, level }));
      setSaved(t('caseMeasures.levelSaved', { kind: t(`case.measure.kinds.${kind}`) }));
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <div data-testid="approver-levels">
      <Typography.Paragraph type="secondary">{t('caseMeasures.levelsHint')}</Typography.Paragraph>
      <Space style={{ marginBottom: 12 }}>
        <span>{t('caseMeasures.county')}</span>
        <Select
          value={county}
          onChange={setCounty}
          style={{ width: 220 }}
          options={counties.map((c) => ({ value: c.code, label: c.name }))}
          data-testid="approver-levels-county"
        />
      </Space>
      {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} /> : null}
      {saved ? (
        <Alert
          type="success"
          showIcon
          message={saved}
          closable
          onClose={() => setSaved(null)}
          style={{ marginBottom: 12 }}
        />
      ) : null}
      <Table
        rowKey="kind"
        size="small"
        pagination={false}
        loading={Boolean(county) && levels === null && !error}
        dataSource={levels?.items ?? []}
        columns={[
          {
            title: t('caseMeasures.kind'),
            dataIndex: 'kind',
            width: 140,
            render: (k: MeasureLine['kind']) => t(`case.measure.kinds.${k}`),
          },
          {
            title: t('caseMeasures.level'),
            width: 260,
            render: (_: unknown, r) => (
              <Select
                value={r.level}
                style={{ width: 220 }}
                onChange={(v: number) => void change(r.kind, v)}
                options={[1, 2, 3].map((l) => ({ value: l, label: MEASURE_APPROVER_LEVEL_LABELS[l] }))}
                data-testid={`approver-level-${r.kind}`}
              />
            ),
          },
          {
            title: t('caseMeasures.default'),
            render: (_: unknown, r) =>
              r.isDefault ? (
                <Tag>{t('caseMeasures.isDefault')}</Tag>
              ) : (
                t('caseMeasures.defaultWas', { level: MEASURE_APPROVER_LEVEL_LABELS[r.defaultLevel] })
              ),
          },
        ]}
      />
    </div>
  );
}

/** The page: the ledger, the filings, and (setting.manage) the approver levels. */
export function CaseMeasuresPage() {
  const { t } = useTranslation();
  const session = useSession();
  const items = [
    ...(session.can('case.read')
      ? [
          {
            key: 'ledger',
            label: <span data-testid="case-measures-tab-ledger">{t('caseMeasures.ledger')}</span>,
            children: <MeasureLedger />,
          },
          {
            key: 'filings',
            label: <span data-testid="case-measures-tab-filings">{t('caseMeasures.filings')}</span>,
            children: <Filings />,
          },
        ]
      : []),
    ...(session.can('setting.manage')
      ? [
          {
            key: 'levels',
            label: <span data-testid="case-measures-tab-levels">{t('caseMeasures.levels')}</span>,
            children: <ApproverLevelsCard />,
          },
        ]
      : []),
  ];
  return (
    <PageContainer title={t('caseMeasures.title')}>
      <Tabs items={items} destroyOnHidden />
    </PageContainer>
  );
}
