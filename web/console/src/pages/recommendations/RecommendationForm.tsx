/**
 * The form of a recommendation's draft (监察建议书 / 纪律检查建议书): the kind, the subject, the
 * recipient unit and its principal, and the parts the rules require before it is issued —
 * situation, problems and causes, rectification requirements and deadline, how to report back.
 * A draft may be saved incomplete; the detail page names what is still missing.
 */
import { Alert, Button, DatePicker, Drawer, Form, Grid, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { RECOMMENDATION_KINDS, type Recommendation, type RecommendationKind } from '../../api/recommendations.js';
import { UnitSelect } from '../../components/RemoteSelect.js';
import { fromPickerDate, toPickerDate } from '../../lib/dates.js';

/** The form's values. */
interface DraftForm {
  kind: RecommendationKind;
  subject: string;
  recipientUnitId: string;
  recipientPrincipal?: string;
  situation?: string;
  problems?: string;
  requirements?: string;
  deadline?: Dayjs | null;
  reportBack?: string;
}

/** The body the form gives: the create body and (with the version) the patch body. */
export interface DraftValues {
  kind: RecommendationKind;
  subject: string;
  recipientUnitId: string;
  recipientPrincipal: string | null;
  situation: string | null;
  problems: string | null;
  requirements: string | null;
  deadline: string | null;
  reportBack: string | null;
}

const text = (v: string | undefined) => v?.trim() || null;

/** A drawer with the draft's form; `initial` edits an existing draft. */
export function RecommendationFormDrawer({
  open,
  initial,
  error,
  saving,
  onClose,
  onSave,
}: {
  open: boolean;
  initial?: Recommendation;
  error: string | null;
  saving: boolean;
  onClose: () => void;
  onSave: (values: DraftValues) => void;
}) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<DraftForm>();
  const long = (name: keyof DraftForm, testId: string, max = 8000) => (
    <Form.Item name={name} label={t(`recommendation.parts.${name}`)} rules={[{ max }]}>
      <Input.TextArea autoSize={{ minRows: 3, maxRows: 12 }} data-testid={testId} />
    </Form.Item>
  );
  return (
    <Drawer
      open={open}
      width={screens.md ? 720 : '100%'}
      title={initial ? t('recommendation.edit') : t('recommendation.create')}
      onClose={onClose}
      destroyOnHidden
      extra={
        <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="rec-save">
          {t('common.save')}
        </Button>
      }
    >
      {error ? (
        <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} data-testid="rec-form-error" />
      ) : null}
      <Form<DraftForm>
        form={form}
        layout="vertical"
        data-testid="rec-form"
        initialValues={
          initial
            ? {
                kind: initial.kind,
                subject: initial.subject,
                recipientUnitId: initial.recipientUnitId,
                recipientPrincipal: initial.recipientPrincipal ?? '',
                situation: initial.situation ?? '',
                problems: initial.problems ?? '',
                requirements: initial.requirements ?? '',
                deadline: toPickerDate(initial.deadline) ?? null,
                reportBack: initial.reportBack ?? '',
              }
            : { kind: 'supervision' }
        }
        onFinish={(v) =>
          onSave({
            kind: v.kind,
            subject: v.subject.trim(),
            recipientUnitId: v.recipientUnitId,
            recipientPrincipal: text(v.recipientPrincipal),
            situation: text(v.situation),
            problems: text(v.problems),
            requirements: text(v.requirements),
            deadline: fromPickerDate(v.deadline ?? null),
            reportBack: text(v.reportBack),
          })
        }
      >
        <Form.Item name="kind" label={t('recommendation.kind')} rules={[{ required: true }]}>
          <Select
            data-testid="rec-kind"
            options={RECOMMENDATION_KINDS.map((k) => ({ value: k, label: t(`recommendation.kinds.${k}`) }))}
          />
        </Form.Item>
        <Form.Item name="subject" label={t('recommendation.subject')} rules={[{ required: true, min: 2, max: 120 }]}>
          <Input data-testid="rec-subject" />
        </Form.Item>
        <Form.Item name="recipientUnitId" label={t('recommendation.recipient')} rules={[{ required: true }]}>
          <UnitSelect
            data-testid="rec-recipient"
            initialOptions={initial ? [{ value: initial.recipientUnitId, label: initial.recipientUnitName }] : []}
          />
        </Form.Item>
        <Form.Item name="recipientPrincipal" label={t('recommendation.parts.recipientPrincipal')} rules={[{ max: 60 }]}>
          <Input data-testid="rec-principal" />
        </Form.Item>
        {long('situation', 'rec-situation')}
        {long('problems', 'rec-problems')}
        {long('requirements', 'rec-requirements')}
        <Form.Item name="deadline" label={t('recommendation.parts.deadline')}>
          <DatePicker data-testid="rec-deadline" />
        </Form.Item>
        {long('reportBack', 'rec-report-back', 2000)}
      </Form>
    </Drawer>
  );
}
