/**
 * 涉案财物 tab: the seized property register (TL21 第一百三十条; JCF24 第二十六条, 第二十八条): each
 * item with its photos, number, kind, value and appraisal, where and from whom it was taken, its
 * status, the steps taken and its clocks with their due dates (cash into the dedicated account
 * within 15 days, goods and documents to custody within 30, property found unrelated released
 * within 3). For those who work the case: register an item, upload a photo, record a step.
 */
import { useCallback, useEffect, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  Image,
  Input,
  Modal,
  Row,
  Select,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import {
  type PropertyItem,
  caseFileUrl,
  listProperty,
  propertyStep,
  registerProperty,
  uploadPropertyPhoto,
} from '../../api/case-evidence.js';
import {
  PROPERTY_KINDS,
  PROPERTY_KIND_LABELS,
  PROPERTY_STATUS_LABELS,
  PROPERTY_STEP_LABELS,
  type PropertyKind,
  type PropertyStatus,
  type PropertyStep,
} from '../../api/cases.js';
import { errorMessage } from '../../api/request.js';
import { formatDate, formatInstant } from '../../lib/time.js';
import { DateTimeField } from '../../components/DateTimeField.js';
import type { CaseTabProps } from './caseTabs.js';
import { CaseUploadButton } from './CaseUploadButton.js';
import { canWork, formatYuan, nowShanghaiLocal, shanghaiLocalToInstant, yuanToFen } from './caseWorkForms.js';

/** The steps an item of `kind` in `status` may take next (the server's rules, for the picker). */
function nextSteps(kind: PropertyKind, status: PropertyStatus): PropertyStep[] {
  if (status === 'seized') return [kind === 'cash' ? 'deposit' : 'custody', 'unrelated'];
  if (status === 'deposited' || status === 'in_custody') return ['unrelated'];
  if (status === 'unrelated') return ['release'];
  return [];
}

const STATUS_COLORS: Record<PropertyStatus, string> = {
  seized: 'orange',
  deposited: 'green',
  in_custody: 'green',
  unrelated: 'blue',
  released: 'default',
};

/** The registration form's values. */
interface PropertyForm {
  number: string;
  kind: PropertyKind;
  description: string;
  quantity?: string;
  value?: string;
  appraisal?: string;
  holder: string;
  seizedAt: string;
  place: string;
}

const opt = (v: string | undefined) => (v?.trim() ? v.trim() : null);

/** The modal registering a seized item. */
function RegisterModal({
  kase,
  onClose,
  onSaved,
}: Pick<CaseTabProps, 'kase'> & { onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<PropertyForm>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function save(v: PropertyForm) {
    const fen = yuanToFen(v.value);
    if (Number.isNaN(fen)) {
      setError(t('case.property.badValue'));
      return;
    }
    setSaving(true);
    setError(null);
    try {
      await registerProperty(kase.id, {
        number: v.number.trim(),
        kind: v.kind,
        description: v.description.trim(),
        quantity: opt(v.quantity),
        valueFen: fen,
        appraisal: opt(v.appraisal),
        holder: v.holder.trim(),
        seizedAt: shanghaiLocalToInstant(v.seizedAt) ?? '',
        place: v.place.trim(),
      });
      onSaved();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  }
  return (
    <Modal
      open
      width={720}
      title={t('case.property.new')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: saving, ...({ 'data-testid': 'property-save' } as Record<string, string>) }}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('case.property.formHelp')}</Typography.Paragraph>
      {error ? (
        <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} data-testid="property-error" />
      ) : null}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: 'cash', seizedAt: nowShanghaiLocal() }}
        onFinish={(v) => void save(v)}
      >
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name="number" label={t('case.property.number')} rules={[{ required: true, max: 50 }]}>
              <Input data-testid="property-number" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="kind" label={t('case.property.kind')} rules={[{ required: true }]}>
              <Select
                data-testid="property-kind"
                options={PROPERTY_KINDS.map((k) => ({ value: k, label: PROPERTY_KIND_LABELS[k] }))}
              />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="quantity" label={t('case.property.quantity')} rules={[{ max: 100 }]}>
              <Input data-testid="property-quantity" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="description" label={t('case.property.description')} rules={[{ required: true, max: 500 }]}>
          <Input data-testid="property-description" />
        </Form.Item>
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name="value" label={t('case.property.valueYuan')}>
              <Input data-testid="property-value" inputMode="decimal" />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item name="appraisal" label={t('case.property.appraisal')} rules={[{ max: 500 }]}>
              <Input data-testid="property-appraisal" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="holder" label={t('case.property.holder')} rules={[{ required: true, max: 100 }]}>
              <Input data-testid="property-holder" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="seizedAt" label={t('case.property.seizedAt')} rules={[{ required: true }]}>
              <DateTimeField data-testid="property-seized-at" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="place" label={t('case.property.place')} rules={[{ required: true, max: 200 }]}>
              <Input data-testid="property-place" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}

/** The form recording a step on `item`. */
function StepForm({ kase, item, onSaved }: Pick<CaseTabProps, 'kase'> & { item: PropertyItem; onSaved: () => void }) {
  const { t } = useTranslation();
  const steps = nextSteps(item.kind, item.status);
  const [form] = Form.useForm<{ step: PropertyStep; at: string; note: string }>();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  if (steps.length === 0) return null;
  async function save(v: { step: PropertyStep; at: string; note: string }) {
    setSaving(true);
    setError(null);
    try {
      await propertyStep(kase.id, item.id, {
        version: item.version,
        step: v.step,
        at: shanghaiLocalToInstant(v.at) ?? '',
        note: v.note.trim(),
      });
      form.resetFields();
      onSaved();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  }
  return (
    <div style={{ marginTop: 12 }} data-testid={`property-step-form-${item.seq}`}>
      {error ? (
        <Alert type="error" showIcon message={error} style={{ marginBottom: 8 }} data-testid="property-step-error" />
      ) : null}
      <Form
        form={form}
        layout="inline"
        initialValues={{ step: steps[0], at: nowShanghaiLocal() }}
        onFinish={(v) => void save(v)}
      >
        <Form.Item name="step" rules={[{ required: true }]}>
          <Select
            style={{ width: 190 }}
            data-testid="property-step"
            options={steps.map((s) => ({ value: s, label: PROPERTY_STEP_LABELS[s] }))}
          />
        </Form.Item>
        <Form.Item name="at" rules={[{ required: true }]}>
          <DateTimeField style={{ width: 190 }} data-testid="property-step-at" />
        </Form.Item>
        <Form.Item name="note" rules={[{ required: true, max: 500 }]}>
          <Input placeholder={t('case.property.stepNote')} style={{ width: 300 }} data-testid="property-step-note" />
        </Form.Item>
        <Button htmlType="submit" loading={saving} data-testid="property-step-submit">
          {t('case.property.stepRecord')}
        </Button>
      </Form>
    </div>
  );
}

/** An item's clocks: due, met, overdue. */
function Clocks({ item }: { item: PropertyItem }) {
  const { t } = useTranslation();
  if (item.clocks.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Space direction="vertical" size={2}>
      {item.clocks.map((k) => (
        <div key={k.id} data-testid={`property-clock-${item.seq}-${k.kind}`}>
          <Typography.Text>{k.label}</Typography.Text>{' '}
          {k.metAt ? (
            <Tag color="green">{t('case.property.clockMet', { at: formatInstant(k.metAt) })}</Tag>
          ) : k.state === 'paused' ? (
            <Tag>{t('case.property.clockPaused')}</Tag>
          ) : k.overdue ? (
            <Tag color="red">{t('case.property.clockOverdue', { on: formatDate(k.dueOn) })}</Tag>
          ) : (
            <Tag color={k.dueSoon ? 'orange' : 'blue'}>{t('case.property.clockDue', { on: formatDate(k.dueOn) })}</Tag>
          )}
        </div>
      ))}
    </Space>
  );
}

/** One item's card. */
function ItemCard({
  kase,
  item,
  onChanged,
}: Pick<CaseTabProps, 'kase'> & { item: PropertyItem; onChanged: () => void }) {
  const { t } = useTranslation();
  const [uploadError, setUploadError] = useState<string | null>(null);
  return (
    <Card
      size="small"
      style={{ marginBottom: 12 }}
      data-testid={`property-${item.seq}`}
      title={
        <Space wrap>
          <span>{item.number}</span>
          <Tag>{item.kindLabel}</Tag>
          <span>{item.description}</span>
          <Tag color={STATUS_COLORS[item.status]} data-testid={`property-status-${item.seq}`}>
            {PROPERTY_STATUS_LABELS[item.status]}
          </Tag>
        </Space>
      }
      extra={
        canWork(kase) ? (
          <CaseUploadButton
            testId={`property-photo-upload-${item.seq}`}
            label={t('case.property.uploadPhoto')}
            accept="image/*"
            upload={(file) => uploadPropertyPhoto(kase.id, item.id, file)}
            onUploaded={onChanged}
            onError={setUploadError}
          />
        ) : null
      }
    >
      {uploadError ? <Alert type="error" showIcon message={uploadError} style={{ marginBottom: 12 }} /> : null}
      <Row gutter={16}>
        <Col xs={24} md={6}>
          {item.photos.length === 0 ? (
            <div
              style={{
                height: 120,
                border: '1px dashed #d9d9d9',
                display: 'flex',
                alignItems: 'center',
                justifyContent: 'center',
              }}
            >
              <Typography.Text type="secondary">{t('case.property.noPhoto')}</Typography.Text>
            </div>
          ) : (
            <Space direction="vertical" size={4}>
              <Image.PreviewGroup>
                <Space wrap size={4}>
                  {item.photos.map((p) => (
                    <Image
                      key={p.id}
                      width={96}
                      height={96}
                      style={{ objectFit: 'cover' }}
                      src={caseFileUrl(kase.id, p.id)}
                      alt={p.name}
                      data-testid={`property-photo-${p.id}`}
                    />
                  ))}
                </Space>
              </Image.PreviewGroup>
              {item.photos.map((p) => (
                <Typography.Text key={p.id} type="secondary" style={{ fontSize: 12 }} ellipsis>
                  SHA-256 {p.sha256.slice(0, 16)}…
                </Typography.Text>
              ))}
            </Space>
          )}
        </Col>
        <Col xs={24} md={18}>
          <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
            <Descriptions.Item label={t('case.property.value')}>
              <span data-testid={`property-value-${item.seq}`}>{formatYuan(item.valueFen)}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('case.property.quantity')}>{item.quantity ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('case.property.appraisal')}>{item.appraisal ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('case.property.holder')}>{item.holder}</Descriptions.Item>
            <Descriptions.Item label={t('case.property.seizedAt')}>{formatInstant(item.seizedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('case.property.place')}>{item.place}</Descriptions.Item>
            <Descriptions.Item label={t('case.property.clocks')} span={2}>
              <Clocks item={item} />
            </Descriptions.Item>
          </Descriptions>
          {item.steps.length > 0 ? (
            <Timeline
              style={{ marginTop: 12 }}
              data-testid={`property-steps-${item.seq}`}
              items={item.steps.map((s, i) => ({
                key: i,
                children: t('case.property.stepLine', {
                  label: s.label,
                  at: formatInstant(s.at),
                  note: s.note,
                  by: s.by,
                }),
              }))}
            />
          ) : null}
          {canWork(kase) ? (
            // Keyed by version: the next steps and their defaults follow the item's new status.
            <StepForm key={item.version} kase={kase} item={item} onSaved={onChanged} />
          ) : null}
        </Col>
      </Row>
    </Card>
  );
}

/** The tab. */
export function CasePropertyTab({ kase, reload }: CaseTabProps) {
  const { t } = useTranslation();
  const [items, setItems] = useState<PropertyItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const load = useCallback(() => {
    listProperty(kase.id).then(
      (list) => {
        setItems(list);
        setError(null);
      },
      (err: unknown) => setError(errorMessage(err)),
    );
  }, [kase.id]);
  useEffect(load, [load, kase.version]);
  const changed = () => {
    load();
    reload();
  };
  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        {canWork(kase) ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="property-new">
            {t('case.property.new')}
          </Button>
        ) : null}
        <Typography.Text type="secondary">{t('case.property.rules')}</Typography.Text>
      </Space>
      {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} /> : null}
      {items && items.length === 0 ? <Empty description={t('case.property.empty')} /> : null}
      {items?.map((item) => (
        <ItemCard key={item.id} kase={kase} item={item} onChanged={changed} />
      ))}
      {adding ? (
        <RegisterModal
          kase={kase}
          onClose={() => setAdding(false)}
          onSaved={() => {
            setAdding(false);
            changed();
          }}
        />
      ) : null}
    </>
  );
}
