/**
 * 处置问题: a finding's next step, decided by the team leader or the organiser — a rectification
 * item for the responsible unit (with its deadline and requirements), a talk recorded on the
 * person's integrity file, a 监察建议书 draft, or a clue handed over with the evidence. The
 * problem, the responsible unit and person and the severity may be corrected at the same time.
 */
import { useEffect } from 'react';
import { Alert, DatePicker, Form, Input, Modal, Radio, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import {
  type DecisionInput,
  type Finding,
  type Inspection,
  NEXT_STEPS,
  PROBLEM_SEVERITIES,
  TALK_KINDS,
  decideFinding,
} from '../../api/inspections.js';
import { listSubjects } from '../../api/people.js';
import { RemoteSelect, UnitSelect } from '../../components/RemoteSelect.js';
import { fromPickerDate, todayPickerDate } from '../../lib/dates.js';
import { useSaveAction } from '../../lib/useSaveAction.js';

interface DecisionForm {
  what: string;
  severity: string;
  responsibleUnitId?: string | null;
  responsiblePerson?: string;
  nextStep: string;
  dueOn?: Dayjs | null;
  measures?: string;
  subjectId?: string | null;
  talkKind?: string;
  talkedOn?: Dayjs | null;
  note?: string;
}

/** The decision dialog of one finding. */
export function FindingDecisionModal({
  inspection,
  finding,
  onClose,
  onDecided,
}: {
  inspection: Inspection;
  finding: Finding | null;
  onClose: () => void;
  onDecided: (next: Inspection) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<DecisionForm>();
  const nextStep = Form.useWatch('nextStep', form);
  const { saving, error, setError, run } = useSaveAction<Inspection>(onDecided, 'inspection.finding.decided');

  useEffect(() => {
    if (!finding) return;
    setError(null);
    form.resetFields();
    form.setFieldsValue({
      what: finding.what,
      severity: finding.severity,
      responsibleUnitId: finding.responsibleUnitId,
      responsiblePerson: finding.responsiblePerson ?? '',
      nextStep: 'rectification',
      talkKind: 'reminder_talk',
      talkedOn: todayPickerDate(),
    });
  }, [finding, form, setError]);

  const submit = (v: DecisionForm) =>
    run(() => {
      const body: DecisionInput = {
        version: finding!.version,
        nextStep: v.nextStep as DecisionInput['nextStep'],
        severity: v.severity as DecisionInput['severity'],
        what: v.what.trim(),
        responsibleUnitId: v.responsibleUnitId ?? null,
        responsiblePerson: v.responsiblePerson?.trim() || null,
        subjectId: v.subjectId ?? null,
        note: v.note?.trim() || null,
      };
      if (v.nextStep === 'rectification' || v.nextStep === 'recommendation') {
        body.dueOn = fromPickerDate(v.dueOn ?? null);
        if (v.nextStep === 'rectification') body.measures = v.measures?.trim() || null;
      }
      if (v.nextStep === 'talk')
        body.talk = {
          kind: v.talkKind as NonNullable<DecisionInput['talk']>['kind'],
          talkedOn: fromPickerDate(v.talkedOn ?? null) ?? '',
        };
      return decideFinding(inspection.id, finding!.id, body);
    });

  const required = [{ required: true, message: t('inspection.required') }];
  return (
    <Modal
      open={finding !== null}
      title={finding ? t('inspection.finding.decideTitle', { seq: finding.seq }) : ''}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('inspection.finding.decide')}
      okButtonProps={{ loading: saving, ...({ 'data-testid': 'decision-submit' } as Record<string, string>) }}
      forceRender
      width={560}
    >
      <Form<DecisionForm> form={form} layout="vertical" onFinish={submit} data-testid="decision-form">
        <Form.Item name="what" label={t('inspection.finding.what')} rules={required}>
          <Input.TextArea rows={3} maxLength={2000} data-testid="decision-what" />
        </Form.Item>
        <Form.Item name="severity" label={t('inspection.finding.severity')}>
          <Radio.Group
            optionType="button"
            options={PROBLEM_SEVERITIES.map((s) => ({ value: s, label: t(`inspection.severities.${s}`) }))}
            data-testid="decision-severity"
          />
        </Form.Item>
        <Form.Item name="responsibleUnitId" label={t('inspection.finding.responsibleUnit')}>
          <UnitSelect
            data-testid="decision-unit"
            initialOptions={
              finding?.responsibleUnitId
                ? [{ value: finding.responsibleUnitId, label: finding.responsibleUnitName ?? '' }]
                : []
            }
          />
        </Form.Item>
        <Form.Item name="responsiblePerson" label={t('inspection.finding.responsiblePerson')}>
          <Input maxLength={60} data-testid="decision-person" />
        </Form.Item>
        <Form.Item name="nextStep" label={t('inspection.finding.nextStep')} rules={required}>
          <Radio.Group data-testid="decision-next-step">
            {NEXT_STEPS.map((s) => (
              <Radio key={s} value={s} data-testid={`decision-next-${s}`}>
                {t(`inspection.nextSteps.${s}`)}
              </Radio>
            ))}
          </Radio.Group>
        </Form.Item>
        {nextStep === 'rectification' || nextStep === 'recommendation' ? (
          <Form.Item name="dueOn" label={t('inspection.finding.dueOn')}>
            <DatePicker data-testid="decision-due" />
          </Form.Item>
        ) : null}
        {nextStep === 'rectification' ? (
          <Form.Item name="measures" label={t('inspection.finding.measures')}>
            <Input.TextArea rows={2} maxLength={2000} data-testid="decision-measures" />
          </Form.Item>
        ) : null}
        {nextStep === 'talk' || nextStep === 'clue' ? (
          <Form.Item
            name="subjectId"
            label={t('inspection.finding.subject')}
            rules={nextStep === 'talk' ? required : []}
          >
            <RemoteSelect<string>
              data-testid="decision-subject"
              fetchOptions={async (q, signal) => {
                const page = await listSubjects({ q, pageSize: 30 }, signal);
                return page.items.map((s) => ({ value: s.id, label: s.name }));
              }}
            />
          </Form.Item>
        ) : null}
        {nextStep === 'talk' ? (
          <>
            <Form.Item name="talkKind" label={t('inspection.finding.talkKind')}>
              <Select
                options={TALK_KINDS.map((k) => ({ value: k, label: t(`inspection.talkKinds.${k}`) }))}
                data-testid="decision-talk-kind"
              />
            </Form.Item>
            <Form.Item name="talkedOn" label={t('inspection.finding.talkedOn')} rules={required}>
              <DatePicker data-testid="decision-talked-on" />
            </Form.Item>
          </>
        ) : null}
        <Form.Item name="note" label={t('inspection.finding.note')}>
          <Input.TextArea rows={2} maxLength={2000} data-testid="decision-note" />
        </Form.Item>
        {error ? <Alert type="error" showIcon message={error} data-testid="decision-error" /> : null}
      </Form>
    </Modal>
  );
}
