/**
 * 登记: registers a report received by visit, letter, phone, video, informant or transfer. The
 * answer's receipt code is shown once, in a modal, to hand to the reporter; then the detail page
 * opens (where scanned files are attached).
 */
import { useMemo, useRef, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Row,
  Select,
  Space,
  Switch,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { ArrowLeftOutlined, ExclamationCircleFilled } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { listSubjects } from '../../api/people.js';
import { errorMessage } from '../../api/request.js';
import {
  CATEGORY_CODES,
  REPORT_KINDS,
  SOURCE_BODIES,
  STAFF_CHANNELS,
  SUBJECT_AUTHORITIES,
  registerReport,
  yuanToFen,
} from '../../api/reports.js';
import type {
  RegisteredReport,
  ReportCategory,
  ReportKind,
  SourceBody,
  StaffChannel,
  RegisterReportBody,
  SubjectAuthority,
} from '../../api/reports.js';
import type { Subject } from '../../api/types.js';
import { useSession } from '../../auth/session.js';
import { PageContainer } from '../../components/PageContainer.js';
import { RegionSelect, RemoteSelect } from '../../components/RemoteSelect.js';
import type { RemoteSelectProps } from '../../components/RemoteSelect.js';
import { fromPickerDate } from '../../lib/dates.js';

interface RegisterForm {
  channel: StaffChannel;
  kind: ReportKind;
  categories?: ReportCategory[];
  /** Required by the form. */
  regionCode: string;
  /** Required by the form. */
  subjectAuthority: SubjectAuthority;
  /** The person leads the commission that would handle it: sent one level up (JK 第十五条). */
  subjectIsCommissionLeader?: boolean;
  subjectId?: string | null;
  subjectName?: string;
  subjectPosition?: string;
  subjectEmployer?: string;
  content?: string;
  occurredOn?: Dayjs | null;
  place?: string;
  amountYuan?: number | null;
  named: boolean;
  reporterName?: string;
  reporterPhone?: string;
  reporterIdNumber?: string;
  reporterAddress?: string;
  sourceBody?: SourceBody;
  sourceRef?: string;
  assigned?: boolean;
  visitors?: number | null;
  receptionPlace?: string;
  demands?: string;
}

/** Drops empty strings so optional fields are left out rather than sent blank. */
function opt(value: string | undefined | null): string | undefined {
  const v = value?.trim();
  return v ? v : undefined;
}

/** The request body of POST /api/reports from the form. */
function toBody(v: RegisterForm): RegisterReportBody {
  const transfer = v.channel === 'transfer';
  const visit = v.channel === 'visit';
  return {
    channel: v.channel,
    kind: v.kind,
    categories: v.categories ?? [],
    regionCode: v.regionCode,
    subjectAuthority: v.subjectAuthority,
    subjectIsCommissionLeader: v.subjectIsCommissionLeader ? true : undefined,
    subjectId: v.subjectId ?? undefined,
    subject: {
      name: (v.subjectName ?? '').trim(),
      position: opt(v.subjectPosition),
      employer: opt(v.subjectEmployer),
    },
    content: (v.content ?? '').trim(),
    occurredOn: fromPickerDate(v.occurredOn) ?? undefined,
    place: opt(v.place),
    amountFen: yuanToFen(v.amountYuan),
    reporter: v.named
      ? {
          name: (v.reporterName ?? '').trim(),
          phone: (v.reporterPhone ?? '').trim(),
          idNumber: opt(v.reporterIdNumber),
          address: opt(v.reporterAddress),
        }
      : undefined,
    sourceBody: transfer ? v.sourceBody : undefined,
    sourceRef: transfer ? opt(v.sourceRef) : undefined,
    assigned: transfer && v.sourceBody === 'higher_commission' ? Boolean(v.assigned) : undefined,
    visitors: visit && v.visitors ? v.visitors : undefined,
    receptionPlace: visit ? opt(v.receptionPlace) : undefined,
    demands: visit ? opt(v.demands) : undefined,
  };
}

/** Picks a subject record by name; `onPick` hands over the whole record. */
function SubjectSelect(props: RemoteSelectProps<string> & { onPick: (subject: Subject | null) => void }) {
  const { onPick, onChange, ...rest } = props;
  const found = useRef(new Map<string, Subject>());
  return (
    <RemoteSelect<string>
      {...rest}
      onChange={(value) => {
        onChange?.(value);
        onPick(value ? (found.current.get(value) ?? null) : null);
      }}
      fetchOptions={async (q, signal) => {
        const page = await listSubjects({ q, pageSize: 30 }, signal);
        for (const s of page.items) found.current.set(s.id, s);
        return page.items.map((s) => ({
          value: s.id,
          label: [s.name, s.position, s.employer].filter(Boolean).join(' · '),
        }));
      }}
    />
  );
}

/** The receipt of a fresh registration: shown once, never again. */
function ReceiptModal({ registered, onDone }: { registered: RegisteredReport | null; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      open={registered !== null}
      title={t('report.registered')}
      closable={false}
      maskClosable={false}
      keyboard={false}
      footer={
        <Button type="primary" onClick={onDone} data-testid="receipt-done">
          {t('report.receiptAck')}
        </Button>
      }
    >
      {registered ? (
        <Space direction="vertical" size={12} style={{ width: '100%' }} data-testid="receipt-once">
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('report.number')}>
              <Typography.Text strong data-testid="registered-number">
                {registered.number}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('report.receiptLabel')}>
              <Typography.Text
                className="qf-receipt"
                copyable={{ text: registered.receipt }}
                data-testid="registered-receipt"
              >
                {registered.receipt.replace(/(\d{4})(?=\d)/g, '$1 ')}
              </Typography.Text>
            </Descriptions.Item>
            {registered.ackDueOn ? (
              <Descriptions.Item label={t('report.ackDueOn')}>{registered.ackDueOn}</Descriptions.Item>
            ) : null}
          </Descriptions>
          <Alert type="warning" showIcon icon={<ExclamationCircleFilled />} message={t('report.receiptWarning')} />
          {!registered.inLedger ? <Alert type="info" showIcon message={t('report.notInLedger')} /> : null}
          {registered.repeatOf ? <Alert type="info" showIcon message={t('report.repeatOf')} /> : null}
        </Space>
      ) : null}
    </Modal>
  );
}

/** The registration page. */
export function RegisterReportPage() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const [form] = Form.useForm<RegisterForm>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [registered, setRegistered] = useState<RegisteredReport | null>(null);
  const channel = Form.useWatch('channel', form);
  const named = Form.useWatch('named', form);
  const sourceBody = Form.useWatch('sourceBody', form);
  const subjectId = Form.useWatch('subjectId', form);

  const options = useMemo(
    () => ({
      channel: STAFF_CHANNELS.map((v) => ({ value: v, label: t(`report.channel.${v}`) })),
      kind: REPORT_KINDS.map((v) => ({ value: v, label: t(`report.kind.${v}`) })),
      category: CATEGORY_CODES.map((v) => ({ value: v, label: t(`report.category.${v}`) })),
      authority: SUBJECT_AUTHORITIES.map((v) => ({ value: v, label: t(`report.authority.${v}`) })),
      sourceBody: SOURCE_BODIES.map((v) => ({ value: v, label: t(`report.sourceBody.${v}`) })),
    }),
    [t],
  );

  const submit = async (values: RegisterForm) => {
    setSaving(true);
    setError(null);
    try {
      setRegistered(await registerReport(toBody(values)));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  const required = { required: true, message: t('common.required') };
  const half = { xs: 24, md: 12 };
  const third = { xs: 24, md: 8 };

  return (
    <PageContainer
      title={
        <Space>
          <Link to="/reports" aria-label={t('common.back')}>
            <ArrowLeftOutlined />
          </Link>
          {t('report.register')}
        </Space>
      }
    >
      <Form<RegisterForm>
        form={form}
        layout="vertical"
        initialValues={{ channel: 'visit', kind: 'accusation', named: true, categories: [] }}
        onFinish={(values) => void submit(values)}
        data-testid="register-form"
        style={{ maxWidth: 1100 }}
      >
        <Card size="small" title={t('report.sectionMatter')} style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="channel" label={t('report.channel.label')} rules={[required]}>
                <Radio.Group optionType="button" options={options.channel} data-testid="register-channel" />
              </Form.Item>
            </Col>
            <Col {...third}>
              <Form.Item name="kind" label={t('report.kind.label')} rules={[required]}>
                <Radio.Group options={options.kind} />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={16}>
            <Col {...half}>
              <Form.Item
                name="categories"
                label={t('report.category.label')}
                rules={[{ type: 'array', max: 5, message: t('report.category.label') }]}
              >
                <Select mode="multiple" allowClear options={options.category} data-testid="register-categories" />
              </Form.Item>
            </Col>
            <Col {...half}>
              <Form.Item name="regionCode" label={t('report.region')} rules={[required]}>
                <RegionSelect data-testid="register-region" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item
            name="content"
            label={t('report.content')}
            rules={[required, { min: 10, max: 5000, message: '10–5000' }]}
          >
            <Input.TextArea rows={5} showCount maxLength={5000} data-testid="register-content" />
          </Form.Item>
          <Row gutter={16}>
            <Col {...third}>
              <Form.Item name="occurredOn" label={t('report.occurredOn')}>
                <DatePicker style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col {...third}>
              <Form.Item name="place" label={t('report.place')} rules={[{ max: 200 }]}>
                <Input />
              </Form.Item>
            </Col>
            <Col {...third}>
              <Form.Item name="amountYuan" label={t('report.amount')}>
                <InputNumber<number>
                  min={0}
                  max={10_000_000_000}
                  precision={2}
                  step={100}
                  style={{ width: '100%' }}
                  data-testid="register-amount"
                />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card size="small" title={t('report.sectionSubject')} style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            {session.can('subject.read') ? (
              <Col {...half}>
                <Form.Item name="subjectId" label={t('report.subjectRecord')} extra={t('report.subjectRecordHint')}>
                  <SubjectSelect
                    data-testid="register-subject-record"
                    onPick={(s) => {
                      if (!s) return;
                      form.setFieldsValue({
                        subjectName: s.name,
                        subjectPosition: s.position ?? undefined,
                        subjectEmployer: s.employer ?? undefined,
                        subjectAuthority: s.cadreAuthority,
                      });
                    }}
                  />
                </Form.Item>
              </Col>
            ) : null}
            <Col {...half}>
              <Form.Item name="subjectAuthority" label={t('report.authority.label')} rules={[required]}>
                <Select options={options.authority} disabled={Boolean(subjectId)} data-testid="register-authority" />
              </Form.Item>
            </Col>
            <Col {...half}>
              <Form.Item name="subjectIsCommissionLeader" valuePropName="checked" label=" ">
                <Checkbox data-testid="register-commission-leader">{t('report.leadsCommission')}</Checkbox>
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={16}>
            <Col {...third}>
              <Form.Item name="subjectName" label={t('report.subject')} rules={[required, { max: 40 }]}>
                <Input disabled={Boolean(subjectId)} data-testid="register-subject-name" />
              </Form.Item>
            </Col>
            <Col {...third}>
              <Form.Item name="subjectPosition" label={t('report.subjectPosition')} rules={[{ max: 60 }]}>
                <Input data-testid="register-subject-position" />
              </Form.Item>
            </Col>
            <Col {...third}>
              <Form.Item name="subjectEmployer" label={t('report.subjectEmployer')} rules={[{ max: 80 }]}>
                <Input />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card
          size="small"
          title={t('report.sectionReporter')}
          style={{ marginBottom: 16 }}
          extra={
            <Form.Item name="named" valuePropName="checked" noStyle>
              <Switch
                checkedChildren={t('report.isNamed')}
                unCheckedChildren={t('report.anonymous')}
                data-testid="register-named"
              />
            </Form.Item>
          }
        >
          {named ? (
            <Row gutter={16}>
              <Col xs={24} md={6}>
                <Form.Item name="reporterName" label={t('report.reporterName')} rules={[required, { max: 40 }]}>
                  <Input autoComplete="off" data-testid="register-reporter-name" />
                </Form.Item>
              </Col>
              <Col xs={24} md={6}>
                <Form.Item
                  name="reporterPhone"
                  label={t('report.reporterPhone')}
                  rules={[required, { pattern: /^\+?[0-9][0-9 -]{3,18}[0-9]$/, message: t('report.reporterPhone') }]}
                >
                  <Input autoComplete="off" data-testid="register-reporter-phone" />
                </Form.Item>
              </Col>
              <Col xs={24} md={6}>
                <Form.Item
                  name="reporterIdNumber"
                  label={t('report.reporterIdNumber')}
                  rules={[{ pattern: /^\d{17}[\dXx]$/, message: t('report.reporterIdNumber') }]}
                >
                  <Input autoComplete="off" />
                </Form.Item>
              </Col>
              <Col xs={24} md={6}>
                <Form.Item name="reporterAddress" label={t('report.reporterAddress')} rules={[{ max: 200 }]}>
                  <Input autoComplete="off" />
                </Form.Item>
              </Col>
            </Row>
          ) : (
            <Typography.Text type="secondary">{t('report.anonymous')}</Typography.Text>
          )}
        </Card>

        {channel === 'transfer' ? (
          <Card size="small" title={t('report.sectionTransfer')} style={{ marginBottom: 16 }}>
            <Row gutter={16}>
              <Col {...third}>
                <Form.Item name="sourceBody" label={t('report.sourceBody.label')} rules={[required]}>
                  <Select options={options.sourceBody} data-testid="register-source-body" />
                </Form.Item>
              </Col>
              <Col {...third}>
                <Form.Item name="sourceRef" label={t('report.sourceRef')} rules={[{ max: 60 }]}>
                  <Input />
                </Form.Item>
              </Col>
              <Col {...third}>
                <Form.Item name="assigned" valuePropName="checked" label=" ">
                  <Checkbox disabled={sourceBody !== 'higher_commission'} data-testid="register-assigned">
                    {t('report.assigned')}
                  </Checkbox>
                </Form.Item>
              </Col>
            </Row>
          </Card>
        ) : null}

        {channel === 'visit' ? (
          <Card size="small" title={t('report.sectionVisit')} style={{ marginBottom: 16 }}>
            <Row gutter={16}>
              <Col xs={24} md={6}>
                <Form.Item name="visitors" label={t('report.visitors')}>
                  <InputNumber<number> min={1} max={500} precision={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={24} md={18}>
                <Form.Item name="receptionPlace" label={t('report.receptionPlace')} rules={[{ max: 100 }]}>
                  <Input data-testid="register-reception-place" />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="demands" label={t('report.demands')} rules={[{ max: 1000 }]}>
              <Input.TextArea rows={2} data-testid="register-demands" />
            </Form.Item>
          </Card>
        ) : null}

        {error ? (
          <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} data-testid="register-error" />
        ) : null}
        <Space>
          <Button type="primary" htmlType="submit" loading={saving} data-testid="register-submit">
            {t('common.submit')}
          </Button>
          <Link to="/reports">
            <Button>{t('common.cancel')}</Button>
          </Link>
        </Space>
      </Form>
      <ReceiptModal
        registered={registered}
        onDone={() => {
          const id = registered?.id;
          // The receipt leaves memory with the modal: it is never shown again.
          setRegistered(null);
          if (id) void navigate(`/reports/${id}`, { replace: true });
        }}
      />
    </PageContainer>
  );
}
