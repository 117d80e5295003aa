/**
 * 申请采取措施: the measure, the person, why, the legal basis (the 监察法 article by default), and
 * the approval the rules name for that measure — a named approver (主要负责人 or the level the
 * county set), 留置's collective decision and the next-higher organ's document, 限制出境's 省级以上
 * organ. The approval fields are not required here: the server says in words what is missing.
 */
import { useState } from 'react';
import { Alert, Checkbox, DatePicker, Form, Input, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { MEASURE_KINDS, type MeasureBody, type MeasureKind, requestMeasure } from '../../api/case-measures.js';
import type { CaseDetail } from '../../api/cases.js';
import { errorMessage } from '../../api/request.js';
import { fromPickerDate, todayPickerDate } from '../../lib/dates.js';
import { PostHolderSelect, approvalRuleOf } from './measureParts.js';

interface Values {
  kind: MeasureKind;
  caseSubjectId: string;
  reason: string;
  legalBasis?: string;
  custodyNeeded?: boolean;
  approverId?: string;
  approvedOn: Dayjs;
  number?: string;
  collectiveOn?: Dayjs;
  collectiveMinutes?: string;
  higherOrgan?: string;
  higherNumber?: string;
  higherOn?: Dayjs;
}

/** The request form in a dialog; `onDone` after the server recorded it. */
export function MeasureForm({ kase, onClose, onDone }: { kase: CaseDetail; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const kind = Form.useWatch('kind', form);
  const rule = kind ? approvalRuleOf(kind) : null;

  const submit = async () => {
    const v = await form.validateFields();
    const text = (s: string | undefined) => (s?.trim() ? s.trim() : null);
    const body: MeasureBody = {
      kind: v.kind,
      caseSubjectId: v.caseSubjectId,
      reason: v.reason.trim(),
      legalBasis: text(v.legalBasis),
      ...(v.kind === 'compulsory_appearance' ? { custodyNeeded: Boolean(v.custodyNeeded) } : {}),
      approval: {
        approvedOn: fromPickerDate(v.approvedOn)!,
        number: text(v.number),
        ...(rule === 'account' ? { approverId: v.approverId ?? null } : {}),
        ...(rule === 'detention'
          ? { collectiveOn: fromPickerDate(v.collectiveOn), collectiveMinutes: text(v.collectiveMinutes) }
          : {}),
        ...(rule !== 'account'
          ? {
              higherOrgan: text(v.higherOrgan),
              higherNumber: text(v.higherNumber),
              higherOn: fromPickerDate(v.higherOn),
            }
          : {}),
      },
    };
    setSaving(true);
    setError(null);
    try {
      await requestMeasure(kase.id, body);
      onDone();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      width={640}
      title={t('case.measure.request')}
      okText={t('common.submit')}
      onOk={() => void submit()}
      okButtonProps={{ loading: saving, ...({ 'data-testid': 'measure-form-submit' } as Record<string, string>) }}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        data-testid="measure-form"
        initialValues={{
          approvedOn: todayPickerDate(),
          caseSubjectId: kase.subjects.length === 1 ? kase.subjects[0]!.id : undefined,
        }}
      >
        <Form.Item
          name="kind"
          label={t('case.measure.kind')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Select
            // Seventeen kinds: typed to find (the list shows the first few only).
            showSearch
            optionFilterProp="label"
            options={MEASURE_KINDS.map((k) => ({ value: k, label: t(`case.measure.kinds.${k}`) }))}
            data-testid="measure-kind"
          />
        </Form.Item>
        <Form.Item
          name="caseSubjectId"
          label={t('case.measure.subject')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Select options={kase.subjects.map((s) => ({ value: s.id, label: s.name }))} data-testid="measure-subject" />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('case.measure.reason')}
          rules={[{ required: true, whitespace: true, message: t('common.required') }, { max: 2000 }]}
        >
          <Input.TextArea rows={2} data-testid="measure-reason" />
        </Form.Item>
        <Form.Item name="legalBasis" label={t('case.measure.legalBasis')} extra={t('case.measure.legalBasisHint')}>
          <Input maxLength={200} data-testid="measure-legal-basis" />
        </Form.Item>
        {kind === 'compulsory_appearance' ? (
          <Form.Item name="custodyNeeded" valuePropName="checked">
            <Checkbox data-testid="measure-custody-needed">{t('case.measure.custodyNeeded')}</Checkbox>
          </Form.Item>
        ) : null}
        {rule ? (
          <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t(`case.measure.rule.${rule}`)} />
        ) : null}
        {rule === 'account' ? (
          <Form.Item name="approverId" label={t('case.measure.approver')}>
            <PostHolderSelect testId="measure-approver" />
          </Form.Item>
        ) : null}
        <Form.Item
          name="approvedOn"
          label={t('case.measure.approvedOn')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <DatePicker data-testid="measure-approved-on" />
        </Form.Item>
        <Form.Item name="number" label={t('case.measure.approvalNumber')}>
          <Input maxLength={100} data-testid="measure-number" />
        </Form.Item>
        {rule === 'detention' ? (
          <>
            <Form.Item name="collectiveOn" label={t('case.measure.collectiveOn')}>
              <DatePicker data-testid="measure-collective-on" />
            </Form.Item>
            <Form.Item name="collectiveMinutes" label={t('case.measure.collectiveMinutes')}>
              <Input maxLength={200} data-testid="measure-collective-minutes" />
            </Form.Item>
          </>
        ) : null}
        {rule === 'detention' || rule === 'provincial' ? (
          <>
            <Form.Item name="higherOrgan" label={t(`case.measure.higherOrgan.${rule}`)}>
              <Input maxLength={100} data-testid="measure-higher-organ" />
            </Form.Item>
            <Form.Item name="higherNumber" label={t('case.measure.higherNumber')}>
              <Input maxLength={100} data-testid="measure-higher-number" />
            </Form.Item>
            <Form.Item name="higherOn" label={t('case.measure.higherOn')}>
              <DatePicker data-testid="measure-higher-on" />
            </Form.Item>
          </>
        ) : null}
      </Form>
      {error ? <Alert type="error" showIcon message={error} data-testid="measure-form-error" /> : null}
    </Modal>
  );
}
