/**
 * The steps on one measure, each in a dialog: carrying it out (notice served, team members
 * present), the 24-hour notice of unit and family (or its approved withholding), 管护's transfer,
 * an extension of its clock, 留置's one restart, a change request and its answer, lifting; and the
 * case's period extension. Each dialog sends one request and shows the server's refusal in words.
 */
import { type ReactNode, useState } from 'react';
import { Alert, Checkbox, DatePicker, Form, Input, InputNumber, Modal, Radio } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { type Measure, type MeasureStep, extendPeriod, measureStep, startMeasure } from '../../api/case-measures.js';
import type { CaseDetail } from '../../api/cases.js';
import { errorMessage } from '../../api/request.js';
import { fromPickerDate, todayPickerDate } from '../../lib/dates.js';
import { DateTimeField } from '../../components/DateTimeField.js';
import { PostHolderSelect, instantOf, instantRule, nowText } from './measureParts.js';

/** A step the measures tab offers. */
export type StepKey = 'start' | MeasureStep | 'period';

type Values = Record<string, unknown> & {
  organ?: string;
  organNumber?: string;
  organOn?: Dayjs;
};

/** The organ's document fields, sent only when the organ is named (the server says when it must be). */
function organOf(v: Values) {
  const organ = v.organ?.trim();
  if (!organ) return null;
  return { organ, number: (v.organNumber ?? '').trim(), approvedOn: fromPickerDate(v.organOn) ?? '' };
}

/** The dialog of one step on `measure` (or, for `period`, on the case's period `periodKind`). */
export function MeasureStepModal({
  kase,
  measure,
  step,
  periodKind,
  onClose,
  onDone,
}: {
  kase: CaseDetail;
  measure: Measure | null;
  step: StepKey;
  periodKind?: 'investigation' | 'party_investigation';
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const noticeMode = Form.useWatch('noticeMode', form);
  const required = { required: true, whitespace: true, message: t('common.required') };
  const instant = [{ required: true, message: t('common.required') }, instantRule(t('case.measure.instantFormat'))];
  const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

  const send = async (v: Values): Promise<unknown> => {
    const version = measure?.version ?? 0;
    const id = measure?.id ?? '';
    switch (step) {
      case 'start':
        return startMeasure(kase.id, id, {
          version,
          startedAt: instantOf(str(v.startedAt)),
          noticeServedAt: instantOf(str(v.noticeServedAt)),
          noticeServedTo: str(v.noticeServedTo),
          presentUserIds: (v.present as string[] | undefined) ?? [],
        });
      case 'notice':
        return measureStep(
          kase.id,
          id,
          'notice',
          v.noticeMode === 'withheld'
            ? { version, withheldReason: str(v.withheldReason), withheldApproverId: v.withheldApproverId ?? null }
            : {
                version,
                notifiedAt: instantOf(str(v.notifiedAt)),
                unit: str(v.unit) || null,
                family: str(v.family) || null,
              },
        );
      case 'transfer':
        return measureStep(kase.id, id, 'transfer', { version, transferredAt: instantOf(str(v.transferredAt)) });
      case 'extension':
        return measureStep(kase.id, id, 'extension', {
          version,
          reason: str(v.reason),
          ...(v.amount ? { amount: v.amount } : {}),
          ...(v.approverId ? { approverId: v.approverId } : {}),
          approval: organOf(v),
        });
      case 'restart':
        return measureStep(kase.id, id, 'restart', {
          version,
          reason: str(v.reason),
          approval: organOf(v) ?? { organ: '', number: '', approvedOn: '' },
        });
      case 'change-request':
        return measureStep(kase.id, id, 'change-request', {
          version,
          receivedAt: instantOf(str(v.receivedAt)),
          applicant: str(v.applicant),
          request: str(v.request),
        });
      case 'change-decision':
        return measureStep(kase.id, id, 'change-decision', {
          version,
          granted: v.granted === 'yes',
          answer: str(v.answer),
        });
      case 'lift':
        return measureStep(kase.id, id, 'lift', {
          version,
          liftedAt: instantOf(str(v.liftedAt)),
          reason: str(v.reason),
        });
      case 'period':
        return extendPeriod(kase.id, {
          version: kase.version,
          kind: periodKind ?? 'investigation',
          reason: str(v.reason),
          ...(v.amount ? { amount: v.amount as number } : {}),
          ...(v.approverId ? { approverId: v.approverId as string } : {}),
          approval: organOf(v),
        });
    }
  };

  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    setError(null);
    try {
      await send(v);
      onDone();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  const organFields = (label: string) => (
    <>
      <Form.Item name="organ" label={label}>
        <Input maxLength={100} data-testid="step-organ" />
      </Form.Item>
      <Form.Item name="organNumber" label={t('case.measure.higherNumber')}>
        <Input maxLength={100} data-testid="step-organ-number" />
      </Form.Item>
      <Form.Item name="organOn" label={t('case.measure.higherOn')}>
        <DatePicker data-testid="step-organ-on" />
      </Form.Item>
    </>
  );
  const extensionFields = (organLabel: string | null) => (
    <>
      <Form.Item name="reason" label={t('case.measure.extensionReason')} rules={[required]}>
        <Input.TextArea rows={2} maxLength={1000} data-testid="step-reason" />
      </Form.Item>
      <Form.Item name="amount" label={t('case.measure.amount')} extra={t('case.measure.amountHint')}>
        <InputNumber min={1} max={12} data-testid="step-amount" />
      </Form.Item>
      <Form.Item
        name="approverId"
        label={t('case.measure.extensionApprover')}
        extra={t('case.measure.extensionApproverHint')}
      >
        <PostHolderSelect testId="step-approver" />
      </Form.Item>
      {organLabel ? organFields(organLabel) : null}
    </>
  );

  let body: ReactNode;
  const initial: Record<string, unknown> = { organOn: todayPickerDate() };
  switch (step) {
    case 'start':
      Object.assign(initial, { startedAt: nowText(), noticeServedAt: nowText(), present: [] });
      body = (
        <>
          <Form.Item name="startedAt" label={t('case.measure.startedAt')} rules={instant}>
            <DateTimeField valueFormat="YYYY-MM-DD HH:mm" data-testid="step-started-at" />
          </Form.Item>
          <Form.Item name="noticeServedAt" label={t('case.measure.noticeServedAt')} rules={instant}>
            <DateTimeField valueFormat="YYYY-MM-DD HH:mm" data-testid="step-notice-served-at" />
          </Form.Item>
          <Form.Item name="noticeServedTo" label={t('case.measure.noticeServedTo')} rules={[required]}>
            <Input maxLength={200} data-testid="step-notice-served-to" />
          </Form.Item>
          <Form.Item name="present" label={t('case.measure.present')} extra={t('case.measure.presentHint')}>
            <Checkbox.Group
              data-testid="step-present"
              options={kase.team.map((m) => ({ value: m.userId, label: m.name }))}
            />
          </Form.Item>
        </>
      );
      break;
    case 'notice':
      Object.assign(initial, { noticeMode: 'notified', notifiedAt: nowText() });
      body = (
        <>
          <Form.Item name="noticeMode">
            <Radio.Group data-testid="step-notice-mode">
              <Radio value="notified">{t('case.measure.notified')}</Radio>
              <Radio value="withheld">{t('case.measure.withheld')}</Radio>
            </Radio.Group>
          </Form.Item>
          {noticeMode === 'withheld' ? (
            <>
              <Form.Item name="withheldReason" label={t('case.measure.withheldReason')} rules={[required]}>
                <Input.TextArea rows={2} maxLength={1000} data-testid="step-withheld-reason" />
              </Form.Item>
              <Form.Item name="withheldApproverId" label={t('case.measure.withheldApprover')}>
                <PostHolderSelect testId="step-withheld-approver" />
              </Form.Item>
            </>
          ) : (
            <>
              <Form.Item name="notifiedAt" label={t('case.measure.notifiedAt')} rules={instant}>
                <DateTimeField valueFormat="YYYY-MM-DD HH:mm" data-testid="step-notified-at" />
              </Form.Item>
              <Form.Item name="unit" label={t('case.measure.notifiedUnit')}>
                <Input maxLength={200} data-testid="step-notified-unit" />
              </Form.Item>
              <Form.Item name="family" label={t('case.measure.notifiedFamily')}>
                <Input maxLength={200} data-testid="step-notified-family" />
              </Form.Item>
            </>
          )}
        </>
      );
      break;
    case 'transfer':
      Object.assign(initial, { transferredAt: nowText() });
      body = (
        <Form.Item name="transferredAt" label={t('case.measure.transferredAt')} rules={instant}>
          <DateTimeField valueFormat="YYYY-MM-DD HH:mm" data-testid="step-transferred-at" />
        </Form.Item>
      );
      break;
    case 'extension': {
      const organ =
        measure?.kind === 'detention' || measure?.kind === 'exit_ban' ? t(`case.measure.organ.${measure.kind}`) : null;
      body = extensionFields(organ);
      break;
    }
    case 'period':
      body = extensionFields(periodKind === 'investigation' ? t('case.measure.organ.investigation') : null);
      break;
    case 'restart':
      body = (
        <>
          <Form.Item name="reason" label={t('case.measure.restartReason')} rules={[required]}>
            <Input.TextArea rows={2} maxLength={1000} data-testid="step-reason" />
          </Form.Item>
          {organFields(t('case.measure.organ.detention'))}
        </>
      );
      break;
    case 'change-request':
      Object.assign(initial, { receivedAt: nowText() });
      body = (
        <>
          <Form.Item name="receivedAt" label={t('case.measure.receivedAt')} rules={instant}>
            <DateTimeField valueFormat="YYYY-MM-DD HH:mm" data-testid="step-received-at" />
          </Form.Item>
          <Form.Item name="applicant" label={t('case.measure.applicant')} rules={[required]}>
            <Input maxLength={200} data-testid="step-applicant" />
          </Form.Item>
          <Form.Item name="request" label={t('case.measure.changeRequest')} rules={[required]}>
            <Input.TextArea rows={2} maxLength={2000} data-testid="step-request" />
          </Form.Item>
        </>
      );
      break;
    case 'change-decision':
      Object.assign(initial, { granted: 'no' });
      body = (
        <>
          <Form.Item name="granted" label={t('case.measure.granted')}>
            <Radio.Group data-testid="step-granted">
              <Radio value="yes">{t('case.measure.grant')}</Radio>
              <Radio value="no">{t('case.measure.refuse')}</Radio>
            </Radio.Group>
          </Form.Item>
          <Form.Item name="answer" label={t('case.measure.answer')} rules={[required]}>
            <Input.TextArea rows={2} maxLength={2000} data-testid="step-answer" />
          </Form.Item>
        </>
      );
      break;
    case 'lift':
      Object.assign(initial, { liftedAt: nowText() });
      body = (
        <>
          <Form.Item name="liftedAt" label={t('case.measure.liftedAt')} rules={instant}>
            <DateTimeField valueFormat="YYYY-MM-DD HH:mm" data-testid="step-lifted-at" />
          </Form.Item>
          <Form.Item name="reason" label={t('case.measure.liftReason')} rules={[required]}>
            <Input.TextArea rows={2} maxLength={1000} data-testid="step-reason" />
          </Form.Item>
        </>
      );
      break;
  }

  const title =
    step === 'period'
      ? t(`case.measure.period.extend.${periodKind ?? 'investigation'}`)
      : `${t(`case.measure.steps.${step}`)}：${measure ? `${t(`case.measure.kinds.${measure.kind}`)}（${measure.subjectName}）` : ''}`;
  return (
    <Modal
      open
      width={600}
      title={title}
      okText={t('common.submit')}
      onOk={() => void submit()}
      okButtonProps={{ loading: saving, ...({ 'data-testid': 'step-submit' } as Record<string, string>) }}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={initial} data-testid={`step-form-${step}`}>
        {body}
      </Form>
      {error ? <Alert type="error" showIcon message={error} data-testid="step-error" /> : null}
    </Modal>
  );
}
