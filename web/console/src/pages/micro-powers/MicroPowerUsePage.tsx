/**
 * A use of a power: its item version's steps beside what was recorded (date, who, documents,
 * publication period), the problems so far (missed steps, order, short publications, missing
 * documents: publication days are calendar days, first and last counted), and after closing the
 * findings with their rectification items. The village clerk records each step and closes the use.
 */
import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, DatePicker, Descriptions, Form, Input, Modal, Select, Table, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import {
  type MicroPowerUse,
  closeMicroPowerUse,
  getMicroPowerUse,
  recordMicroPowerStep,
} from '../../api/micro-powers.js';
import { errorMessage } from '../../api/request.js';
import { PageContainer } from '../../components/PageContainer.js';
import { todayInShanghai } from '../../lib/time.js';
import { StepText } from './MicroPowerItemsPage.js';
import { yuan } from './MicroPowerUsesPage.js';

type Step = MicroPowerUse['steps'][number];

interface StepForm {
  doneOn: Dayjs;
  actor: string;
  documents?: string[];
  note?: string;
  publication?: [Dayjs, Dayjs] | null;
}

/** The use page. */
export function MicroPowerUsePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { id = '' } = useParams();
  const [use, setUse] = useState<MicroPowerUse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [stepOpen, setStepOpen] = useState<Step | null>(null);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [form] = Form.useForm<StepForm>();

  const load = useCallback(() => {
    getMicroPowerUse(id)
      .then((u) => {
        setUse(u);
        setError(null);
      })
      .catch((err: unknown) => setError(errorMessage(err)));
  }, [id]);
  useEffect(load, [load]);

  const openStep = (s: Step) => {
    setSaveError(null);
    setStepOpen(s);
    form.resetFields();
    form.setFieldsValue({ actor: s.actor, documents: s.documents, doneOn: dayjs(todayInShanghai()) });
  };

  const saveStep = async (v: StepForm) => {
    if (!use || !stepOpen) return;
    setSaving(true);
    setSaveError(null);
    try {
      const next = await recordMicroPowerStep(use.id, {
        seq: stepOpen.seq,
        doneOn: v.doneOn.format('YYYY-MM-DD'),
        actor: v.actor,
        documents: v.documents ?? [],
        note: v.note ?? null,
        publicationFrom: v.publication ? v.publication[0].format('YYYY-MM-DD') : null,
        publicationTo: v.publication ? v.publication[1].format('YYYY-MM-DD') : null,
        version: use.version,
      });
      setUse(next);
      setStepOpen(null);
      message.success(t('common.saved'));
    } catch (err) {
      setSaveError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  const close = () => {
    if (!use) return;
    Modal.confirm({
      title: t('microPowers.closeTitle'),
      content: t('microPowers.closeConfirm', { n: use.problems.length }),
      okButtonProps: { 'data-testid': 'mp-close-ok' },
      onOk: async () => {
        try {
          setUse(await closeMicroPowerUse(use.id, { closedOn: todayInShanghai(), version: use.version }));
        } catch (err) {
          message.error(errorMessage(err));
        }
      },
    });
  };

  if (error) return <Alert type="error" message={error} />;
  if (!use) return null;
  return (
    <PageContainer
      title={use.title}
      extra={
        use.canRecord ? (
          <Button danger onClick={close} data-testid="mp-close">
            {t('microPowers.close')}
          </Button>
        ) : null
      }
    >
      <Descriptions size="small" bordered column={{ xs: 1, md: 2 }} data-testid="mp-use-facts">
        <Descriptions.Item label={t('microPowers.item')}>
          {use.itemCode} {use.itemName}（{t('microPowers.versionN', { n: use.itemVersion })}）
        </Descriptions.Item>
        <Descriptions.Item label={t('microPowers.village')}>{use.villageName}</Descriptions.Item>
        <Descriptions.Item label={t('microPowers.amount')}>{yuan(use.amountFen)}</Descriptions.Item>
        <Descriptions.Item label={t('microPowers.startedOn')}>{use.startedOn}</Descriptions.Item>
        <Descriptions.Item label={t('microPowers.status')}>
          <Tag color={use.status === 'open' ? 'processing' : 'default'}>{t(`microPowers.statuses.${use.status}`)}</Tag>
          {use.closedOn ?? ''}
        </Descriptions.Item>
      </Descriptions>
      {use.status === 'open' && use.problems.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 12 }}
          data-testid="mp-problems"
          message={t('microPowers.problemsNow')}
          description={
            <ul style={{ margin: 0 }}>
              {use.problems.map((p) => (
                <li key={`${p.kind}-${p.seq}`}>{p.message}</li>
              ))}
            </ul>
          }
        />
      ) : null}
      {use.findingsList.length > 0 ? (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 12 }}
          data-testid="mp-findings"
          message={t('microPowers.findingsTitle')}
          description={
            <ul style={{ margin: 0 }}>
              {use.findingsList.map((f) => (
                <li key={f.id}>
                  {f.message}
                  {f.rectificationItemId ? (
                    <>
                      {' '}
                      <Link to={`/rectification/${f.rectificationItemId}`}>{t('microPowers.toRectification')}</Link>
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
          }
        />
      ) : null}
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('microPowers.steps')}
      </Typography.Title>
      <Table<Step>
        rowKey="seq"
        size="middle"
        pagination={false}
        dataSource={use.steps}
        data-testid="mp-use-steps"
        columns={[
          { title: t('microPowers.asConfigured'), render: (_, s) => <StepText step={s} /> },
          {
            title: t('microPowers.asRecorded'),
            render: (_, s) =>
              s.recorded ? (
                <span data-testid={`mp-recorded-${s.seq}`}>
                  {s.recorded.doneOn} · {s.recorded.actor}
                  {s.recorded.publicationFrom
                    ? ` · ${t('microPowers.publicationPeriod')} ${s.recorded.publicationFrom} ~ ${s.recorded.publicationTo}`
                    : ''}
                  {s.recorded.documents.length ? ` · ${s.recorded.documents.join('、')}` : ''}
                </span>
              ) : use.canRecord ? (
                <Button size="small" onClick={() => openStep(s)} data-testid={`mp-record-${s.seq}`}>
                  {t('microPowers.recordStep')}
                </Button>
              ) : (
                <Typography.Text type="secondary">{t('microPowers.notRecorded')}</Typography.Text>
              ),
          },
        ]}
      />
      <Modal
        open={!!stepOpen}
        title={stepOpen ? `${stepOpen.seq}. ${stepOpen.name}` : ''}
        onCancel={() => setStepOpen(null)}
        onOk={() => form.submit()}
        confirmLoading={saving}
        okButtonProps={{ 'data-testid': 'mp-step-save' }}
        destroyOnHidden
      >
        {saveError ? (
          <Alert type="error" message={saveError} style={{ marginBottom: 12 }} data-testid="mp-step-error" />
        ) : null}
        <Form<StepForm> form={form} layout="vertical" onFinish={(v) => void saveStep(v)}>
          <Form.Item name="doneOn" label={t('microPowers.doneOn')} rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="actor" label={t('microPowers.actorDone')} rules={[{ required: true, max: 100 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="documents" label={t('microPowers.documentsGiven')}>
            <Select mode="tags" options={(stepOpen?.documents ?? []).map((d) => ({ value: d, label: d }))} />
          </Form.Item>
          {stepOpen?.publishes ? (
            <Form.Item
              name="publication"
              label={t('microPowers.publicationPeriod')}
              extra={
                stepOpen.publicationDays === null
                  ? t('microPowers.daysNote')
                  : t('microPowers.publicationAtLeast', { days: stepOpen.publicationDays })
              }
            >
              <DatePicker.RangePicker data-testid="mp-f-publication" />
            </Form.Item>
          ) : null}
          <Form.Item name="note" label={t('microPowers.note')} rules={[{ max: 500 }]}>
            <Input.TextArea rows={2} />
          </Form.Item>
        </Form>
      </Modal>
    </PageContainer>
  );
}
