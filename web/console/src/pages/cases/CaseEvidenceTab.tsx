/**
 * 证据 tab: the case's evidence register. Each item with its type (the eight kinds of TL21
 * 第五十九条), source, collectors, time, place, method, original or copy (where the original is
 * kept, why only a copy), signatures, and plainly whether its provenance is complete: an
 * incomplete item cannot be cited in a report, so what is missing is listed. Its sealed files
 * with their SHA-256, and its custody chain with the form recording a handover. For those who work
 * the case: register an item, complete it (补正), upload files.
 */
import { useCallback, useEffect, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Col,
  Descriptions,
  Empty,
  Form,
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
import { Link } from 'react-router-dom';
import {
  type CaseAction,
  type EvidenceBody,
  type EvidenceItem,
  caseFileUrl,
  listCaseActions,
  listEvidence,
  recordCustody,
  registerEvidence,
  updateEvidence,
  uploadEvidenceFile,
} from '../../api/case-evidence.js';
import { EVIDENCE_TYPES, EVIDENCE_TYPE_LABELS, type EvidenceType } from '../../api/cases.js';
import { errorMessage } from '../../api/request.js';
import { formatInstant } from '../../lib/time.js';
import { DateTimeField } from '../../components/DateTimeField.js';
import type { CaseTabProps } from './caseTabs.js';
import { CaseUploadButton } from './CaseUploadButton.js';
import { canWork, instantToShanghaiLocal, nowShanghaiLocal, shanghaiLocalToInstant } from './caseWorkForms.js';

/** The item form's values. */
interface ItemForm {
  type: EvidenceType;
  title: string;
  description?: string;
  actionId?: string | null;
  source?: string;
  collectorIds: string[];
  collectedAt?: string;
  place?: string;
  method?: string;
  original: boolean;
  originalLocation?: string;
  copyReason?: string;
  signed: boolean;
  refusalNote?: string;
}

const opt = (v: string | undefined | null) => (v?.trim() ? v.trim() : null);

/** The form's values of an item as read (for 补正). */
function valuesOf(item: EvidenceItem): ItemForm {
  return {
    type: item.type,
    title: item.title,
    description: item.description ?? '',
    actionId: item.actionId,
    source: item.source ?? '',
    collectorIds: item.collectors.map((c) => c.userId),
    collectedAt: instantToShanghaiLocal(item.collectedAt),
    place: item.place ?? '',
    method: item.method ?? '',
    original: item.original,
    originalLocation: item.originalLocation ?? '',
    copyReason: item.copyReason ?? '',
    signed: item.signed,
    refusalNote: item.refusalNote ?? '',
  };
}

/** An action as a person picks it: 调查取证第N项 谈话 · when · with whom. */
function actionWords(a: CaseAction, t: (key: string, o?: Record<string, unknown>) => string): string {
  return t('case.evidence.actionOption', {
    seq: a.seq,
    kind: a.kindLabel,
    at: formatInstant(a.startedAt),
    person: a.personName ? ` · ${a.personName}` : '',
  });
}

/** The modal registering an item, or completing one (`item`). */
function ItemModal({
  kase,
  item,
  actions,
  onClose,
  onSaved,
}: Pick<CaseTabProps, 'kase'> & {
  item: EvidenceItem | null;
  actions: CaseAction[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ItemForm>();
  const original = Form.useWatch('original', form);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Collectors: team members, current or former.
  const people = [...kase.team, ...kase.formerMembers].filter(
    (m, i, all) => m.role !== 'drafter' && all.findIndex((x) => x.userId === m.userId) === i,
  );

  async function save(v: ItemForm) {
    setSaving(true);
    setError(null);
    const body: EvidenceBody = {
      type: v.type,
      title: v.title.trim(),
      description: opt(v.description),
      actionId: v.actionId ?? null,
      source: opt(v.source),
      collectorIds: v.collectorIds ?? [],
      collectedAt: shanghaiLocalToInstant(v.collectedAt),
      place: opt(v.place),
      method: opt(v.method),
      original: v.original,
      originalLocation: v.original ? null : opt(v.originalLocation),
      copyReason: v.original ? null : opt(v.copyReason),
      signed: v.signed,
      refusalNote: opt(v.refusalNote),
    };
    try {
      if (item) await updateEvidence(kase.id, item.id, { ...body, version: item.version });
      else await registerEvidence(kase.id, body);
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
      width={760}
      title={item ? t('case.evidence.complete', { seq: item.seq }) : t('case.evidence.new')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: saving, ...({ 'data-testid': 'evidence-save' } as Record<string, string>) }}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('case.evidence.formHelp')}</Typography.Paragraph>
      {error ? (
        <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} data-testid="evidence-error" />
      ) : null}
      <Form
        form={form}
        layout="vertical"
        initialValues={
          item
            ? valuesOf(item)
            : { type: 'documentary', collectorIds: [], original: true, signed: false, collectedAt: nowShanghaiLocal() }
        }
        onFinish={(v) => void save(v)}
      >
        <Row gutter={16}>
          <Col span={10}>
            <Form.Item name="type" label={t('case.evidence.type')} rules={[{ required: true }]}>
              <Select
                data-testid="evidence-type"
                options={EVIDENCE_TYPES.map((v) => ({ value: v, label: EVIDENCE_TYPE_LABELS[v] }))}
              />
            </Form.Item>
          </Col>
          <Col span={14}>
            <Form.Item name="title" label={t('case.evidence.title')} rules={[{ required: true, max: 200 }]}>
              <Input data-testid="evidence-title" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="description" label={t('case.evidence.description')} rules={[{ max: 2000 }]}>
          <Input.TextArea rows={2} data-testid="evidence-description" />
        </Form.Item>
        <Form.Item
          name="actionId"
          label={t('case.evidence.action')}
          extra={actions.length ? t('case.evidence.actionHelp') : t('case.evidence.noActions')}
        >
          <Select
            allowClear
            data-testid="evidence-action"
            placeholder={t('case.evidence.actionPick')}
            disabled={actions.length === 0}
            options={actions.map((a) => ({ value: a.id, label: actionWords(a, t) }))}
          />
        </Form.Item>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="source" label={t('case.evidence.source')} rules={[{ max: 200 }]}>
              <Input data-testid="evidence-source" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="collectedAt" label={t('case.evidence.collectedAt')}>
              <DateTimeField data-testid="evidence-collected-at" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="place" label={t('case.evidence.place')} rules={[{ max: 200 }]}>
              <Input data-testid="evidence-place" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="method" label={t('case.evidence.method')} rules={[{ max: 200 }]}>
              <Input data-testid="evidence-method" placeholder={t('case.evidence.methodHint')} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="collectorIds" label={t('case.evidence.collectors')} extra={t('case.evidence.collectorsHelp')}>
          <Select
            mode="multiple"
            data-testid="evidence-collectors"
            placeholder={t('case.evidence.collectorsPick')}
            options={people.map((m) => ({ value: m.userId, label: m.name }))}
          />
        </Form.Item>
        <Space wrap style={{ marginBottom: 8 }}>
          <Form.Item name="original" valuePropName="checked" noStyle>
            <Checkbox data-testid="evidence-original">{t('case.evidence.isOriginal')}</Checkbox>
          </Form.Item>
          <Form.Item name="signed" valuePropName="checked" noStyle>
            <Checkbox data-testid="evidence-signed">{t('case.evidence.isSigned')}</Checkbox>
          </Form.Item>
        </Space>
        {original === false ? (
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item name="originalLocation" label={t('case.evidence.originalLocation')} rules={[{ max: 200 }]}>
                <Input data-testid="evidence-original-location" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="copyReason" label={t('case.evidence.copyReason')} rules={[{ max: 500 }]}>
                <Input data-testid="evidence-copy-reason" />
              </Form.Item>
            </Col>
          </Row>
        ) : null}
        <Form.Item name="refusalNote" label={t('case.evidence.refusalNote')} rules={[{ max: 500 }]}>
          <Input data-testid="evidence-refusal-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The form recording a handover of `item` from its holder. */
function CustodyForm({
  kase,
  item,
  onSaved,
}: Pick<CaseTabProps, 'kase'> & { item: EvidenceItem; onSaved: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ from: string; to: string; at: string; reason: string }>();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  async function save(v: { from: string; to: string; at: string; reason: string }) {
    setSaving(true);
    setError(null);
    try {
      await recordCustody(kase.id, item.id, {
        version: item.version,
        from: v.from.trim(),
        to: v.to.trim(),
        at: shanghaiLocalToInstant(v.at) ?? '',
        reason: v.reason.trim(),
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
    <div data-testid={`evidence-custody-form-${item.seq}`}>
      {error ? (
        <Alert type="error" showIcon message={error} style={{ marginBottom: 8 }} data-testid="evidence-custody-error" />
      ) : null}
      <Form
        form={form}
        layout="inline"
        initialValues={{ from: item.holder ?? '', at: nowShanghaiLocal() }}
        onFinish={(v) => void save(v)}
      >
        <Form.Item name="from" rules={[{ required: true, max: 100 }]}>
          <Input placeholder={t('case.evidence.custodyFrom')} style={{ width: 120 }} data-testid="custody-from" />
        </Form.Item>
        <Form.Item name="to" rules={[{ required: true, max: 100 }]}>
          <Input placeholder={t('case.evidence.custodyTo')} style={{ width: 120 }} data-testid="custody-to" />
        </Form.Item>
        <Form.Item name="at" rules={[{ required: true }]}>
          <DateTimeField style={{ width: 190 }} data-testid="custody-at" />
        </Form.Item>
        <Form.Item name="reason" rules={[{ required: true, max: 500 }]}>
          <Input placeholder={t('case.evidence.custodyReason')} style={{ width: 200 }} data-testid="custody-reason" />
        </Form.Item>
        <Button htmlType="submit" loading={saving} data-testid="custody-submit">
          {t('case.evidence.custodyRecord')}
        </Button>
      </Form>
    </div>
  );
}

/** The action an item was collected in, linking to the 调查取证 tab. */
function ActionLink({
  kase,
  actionId,
  actions,
}: Pick<CaseTabProps, 'kase'> & { actionId: string; actions: CaseAction[] }) {
  const { t } = useTranslation();
  const action = actions.find((a) => a.id === actionId);
  return (
    <Link to={`/cases/${kase.id}?tab=actions`} data-testid="evidence-action-link">
      {action ? actionWords(action, t) : t('case.evidence.actionUnknown')}
    </Link>
  );
}

/** One item's card. */
function ItemCard({
  kase,
  item,
  actions,
  onEdit,
  onChanged,
}: Pick<CaseTabProps, 'kase'> & {
  item: EvidenceItem;
  actions: CaseAction[];
  onEdit: () => void;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [custodyOpen, setCustodyOpen] = useState(false);
  const dash = (v: string | null) => v || '—';
  return (
    <Card
      size="small"
      style={{ marginBottom: 12 }}
      data-testid={`evidence-${item.seq}`}
      title={
        <Space wrap>
          <span>{t('case.evidence.number', { seq: item.seq })}</span>
          <Tag>{item.typeLabel}</Tag>
          <span>{item.title}</span>
        </Space>
      }
      extra={
        canWork(kase) ? (
          <Space>
            <Button size="small" onClick={onEdit} data-testid={`evidence-edit-${item.seq}`}>
              {t('case.evidence.completeButton')}
            </Button>
            <CaseUploadButton
              testId={`evidence-upload-${item.seq}`}
              label={t('case.evidence.upload')}
              upload={(file) => uploadEvidenceFile(kase.id, item.id, file)}
              onUploaded={onChanged}
              onError={setUploadError}
            />
            <Button
              size="small"
              onClick={() => setCustodyOpen((o) => !o)}
              data-testid={`evidence-custody-open-${item.seq}`}
            >
              {t('case.evidence.custodyNew')}
            </Button>
          </Space>
        ) : null
      }
    >
      {item.complete ? (
        <Alert
          type="success"
          showIcon
          message={t('case.evidence.citable')}
          style={{ marginBottom: 12 }}
          data-testid={`evidence-status-${item.seq}`}
        />
      ) : (
        <Alert
          type="error"
          showIcon
          message={t('case.evidence.notCitable')}
          description={t('case.evidence.missing', { fields: item.missing.map((m) => m.label).join('；') })}
          style={{ marginBottom: 12 }}
          data-testid={`evidence-status-${item.seq}`}
        />
      )}
      {uploadError ? <Alert type="error" showIcon message={uploadError} style={{ marginBottom: 12 }} /> : null}
      <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} bordered>
        <Descriptions.Item label={t('case.evidence.action')}>
          {item.actionId ? <ActionLink kase={kase} actionId={item.actionId} actions={actions} /> : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('case.evidence.source')}>{dash(item.source)}</Descriptions.Item>
        <Descriptions.Item label={t('case.evidence.collectors')}>
          {item.collectors.length ? item.collectors.map((c) => c.name).join('、') : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('case.evidence.collectedAt')}>{formatInstant(item.collectedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('case.evidence.place')}>{dash(item.place)}</Descriptions.Item>
        <Descriptions.Item label={t('case.evidence.method')}>{dash(item.method)}</Descriptions.Item>
        <Descriptions.Item label={t('case.evidence.originalOrCopy')}>
          {item.original
            ? t('case.evidence.original')
            : t('case.evidence.copy', {
                where: item.originalLocation ?? '—',
                why: item.copyReason ?? '—',
              })}
        </Descriptions.Item>
        <Descriptions.Item label={t('case.evidence.signatures')}>
          {item.signed ? t('case.evidence.signed') : (item.refusalNote ?? t('case.evidence.unsigned'))}
        </Descriptions.Item>
        <Descriptions.Item label={t('case.evidence.holder')}>{dash(item.holder)}</Descriptions.Item>
        {item.description ? (
          <Descriptions.Item label={t('case.evidence.description')}>{item.description}</Descriptions.Item>
        ) : null}
      </Descriptions>
      <Row gutter={24} style={{ marginTop: 12 }}>
        <Col xs={24} lg={12}>
          <Typography.Text strong>{t('case.evidence.files')}</Typography.Text>
          {item.files.length === 0 ? (
            <div>
              <Typography.Text type="secondary">{t('case.evidence.noFiles')}</Typography.Text>
            </div>
          ) : (
            item.files.map((f) => (
              <div key={f.id} data-testid={`evidence-file-${f.id}`}>
                <a href={caseFileUrl(kase.id, f.id)}>{f.name}</a>{' '}
                <Typography.Text type="secondary">
                  {t('case.evidence.fileMeta', { size: f.sizeBytes, at: formatInstant(f.createdAt) })}
                </Typography.Text>
                <div>
                  <Tag color="blue">{t('case.evidence.sealed')}</Tag>
                  <Typography.Text code copyable style={{ fontSize: 12 }} data-testid="evidence-file-hash">
                    SHA-256 {f.sha256}
                  </Typography.Text>
                </div>
              </div>
            ))
          )}
        </Col>
        <Col xs={24} lg={12}>
          <Typography.Text strong>{t('case.evidence.custody')}</Typography.Text>
          {item.custody.length === 0 ? (
            <div>
              <Typography.Text type="secondary">{t('case.evidence.noCustody')}</Typography.Text>
            </div>
          ) : (
            <Timeline
              style={{ marginTop: 8 }}
              data-testid={`evidence-custody-${item.seq}`}
              items={item.custody.map((c) => ({
                key: c.seq,
                children: t('case.evidence.handover', {
                  from: c.from,
                  to: c.to,
                  at: formatInstant(c.at),
                  reason: c.reason,
                }),
              }))}
            />
          )}
        </Col>
      </Row>
      {custodyOpen ? (
        <div style={{ marginTop: 12 }}>
          <CustodyForm
            kase={kase}
            item={item}
            onSaved={() => {
              setCustodyOpen(false);
              onChanged();
            }}
          />
        </div>
      ) : null}
    </Card>
  );
}

/** The tab. */
export function CaseEvidenceTab({ kase, reload }: CaseTabProps) {
  const { t } = useTranslation();
  const [items, setItems] = useState<EvidenceItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [actions, setActions] = useState<CaseAction[]>([]);
  const [editing, setEditing] = useState<EvidenceItem | 'new' | null>(null);
  const load = useCallback(() => {
    // The case's actions name the one each item was collected in (the form's select, the card's link).
    Promise.all([listEvidence(kase.id), listCaseActions(kase.id)]).then(
      ([list, recorded]) => {
        setItems(list);
        setActions(recorded);
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
  const citable = items?.filter((i) => i.complete).length ?? 0;

  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        {canWork(kase) ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="evidence-new">
            {t('case.evidence.new')}
          </Button>
        ) : null}
        {items ? (
          <Typography.Text type="secondary" data-testid="evidence-summary">
            {t('case.evidence.summary', { total: items.length, citable })}
          </Typography.Text>
        ) : null}
      </Space>
      {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} /> : null}
      {items && items.length === 0 ? <Empty description={t('case.evidence.empty')} /> : null}
      {items?.map((item) => (
        <ItemCard
          key={item.id}
          kase={kase}
          item={item}
          actions={actions}
          onEdit={() => setEditing(item)}
          onChanged={changed}
        />
      ))}
      {editing ? (
        <ItemModal
          kase={kase}
          item={editing === 'new' ? null : editing}
          actions={actions}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            changed();
          }}
        />
      ) : null}
    </>
  );
}
