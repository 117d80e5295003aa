/**
 * 登记线索: 案管 registers a clue from an inspection, audit, 巡察, data alert or a higher organ's
 * assignment; with `?filing=1` a department files its own clue with 案管 (备案). The server
 * numbers it in the commission's series and opens the disposal clock (1 month).
 */
import { useState } from 'react';
import { Alert, Button, Card, DatePicker, Form, Input, InputNumber, Select, Space } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import {
  CLUE_SUBJECT_RANKS,
  MANUAL_CLUE_SOURCES,
  type ClueSource,
  type ClueSubjectRank,
  fileClue,
  registerClue,
} from '../../api/clues.js';
import { CATEGORY_CODES, SUBJECT_AUTHORITIES, type ReportCategory, type SubjectAuthority } from '../../api/reports.js';
import { errorMessage } from '../../api/request.js';
import { PageContainer } from '../../components/PageContainer.js';
import { RegionSelect } from '../../components/RemoteSelect.js';
import { fromPickerDate, todayPickerDate } from '../../lib/dates.js';

interface SubjectForm {
  name: string;
  position?: string;
  employer?: string;
  authority?: SubjectAuthority;
  rank?: ClueSubjectRank;
}

interface RegisterForm {
  sourceKind: Exclude<ClueSource, 'report'>;
  sourceRef?: string;
  receivedOn?: Dayjs;
  summary: string;
  categories?: ReportCategory[];
  regionCode: string;
  amountYuan?: number | null;
  subjects: SubjectForm[];
}

/** The registration form. */
export function RegisterCluePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const filing = search.get('filing') === '1';
  const [form] = Form.useForm<RegisterForm>();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const sources = (filing ? (['self_found'] as const) : MANUAL_CLUE_SOURCES).map((v) => ({
    value: v,
    label: t(`clue.source.${v}`),
  }));

  async function submit(v: RegisterForm) {
    setSaving(true);
    setError(null);
    try {
      const body = {
        sourceKind: v.sourceKind,
        sourceRef: v.sourceRef?.trim() || null,
        receivedOn: fromPickerDate(v.receivedOn) ?? undefined,
        summary: v.summary.trim(),
        categories: v.categories ?? [],
        regionCode: v.regionCode,
        amountFen: v.amountYuan === null || v.amountYuan === undefined ? null : Math.round(v.amountYuan * 100),
        subjects: v.subjects.map((s) => ({
          name: s.name.trim(),
          position: s.position?.trim() || null,
          employer: s.employer?.trim() || null,
          authority: s.authority ?? null,
          rank: s.rank ?? null,
        })),
      };
      const made = filing ? await fileClue(body) : await registerClue(body);
      void navigate(`/clues/${made.id}`);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  }

  return (
    <PageContainer title={filing ? t('clue.file') : t('clue.register')}>
      <Card>
        {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} /> : null}
        <Form<RegisterForm>
          form={form}
          layout="vertical"
          style={{ maxWidth: 880 }}
          initialValues={{
            sourceKind: filing ? 'self_found' : 'inspection',
            receivedOn: todayPickerDate(),
            subjects: [{}],
          }}
          onFinish={(v) => void submit(v)}
          data-testid="clue-form"
        >
          <Space wrap align="start">
            <Form.Item name="sourceKind" label={t('clue.source.label')} rules={[{ required: true }]}>
              <Select options={sources} style={{ width: 200 }} />
            </Form.Item>
            <Form.Item name="sourceRef" label={t('clue.sourceRef')}>
              <Input maxLength={200} style={{ width: 240 }} data-testid="clue-source-ref" />
            </Form.Item>
            <Form.Item name="receivedOn" label={t('clue.receivedOn')}>
              <DatePicker />
            </Form.Item>
          </Space>
          <Form.Item name="regionCode" label={t('clue.region')} rules={[{ required: true }]}>
            <RegionSelect style={{ width: 320 }} data-testid="clue-region" />
          </Form.Item>
          <Form.Item label={t('clue.subjects')} required>
            <Form.List name="subjects">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((field) => (
                    <Space key={field.key} wrap align="start">
                      <Form.Item name={[field.name, 'name']} rules={[{ required: true, max: 50 }]}>
                        <Input
                          placeholder={t('clue.subjectName')}
                          style={{ width: 120 }}
                          data-testid="clue-subject-name"
                        />
                      </Form.Item>
                      <Form.Item name={[field.name, 'position']}>
                        <Input placeholder={t('clue.position')} style={{ width: 150 }} maxLength={100} />
                      </Form.Item>
                      <Form.Item name={[field.name, 'employer']}>
                        <Input placeholder={t('clue.employer')} style={{ width: 160 }} maxLength={100} />
                      </Form.Item>
                      <Form.Item name={[field.name, 'authority']}>
                        <Select
                          allowClear
                          placeholder={t('clue.authority')}
                          style={{ width: 130 }}
                          options={SUBJECT_AUTHORITIES.map((a) => ({ value: a, label: t(`report.authority.${a}`) }))}
                        />
                      </Form.Item>
                      <Form.Item name={[field.name, 'rank']}>
                        <Select
                          allowClear
                          placeholder={t('clue.rank.label')}
                          style={{ width: 210 }}
                          popupMatchSelectWidth={false}
                          options={CLUE_SUBJECT_RANKS.map((r) => ({ value: r, label: t(`clue.rank.${r}`) }))}
                        />
                      </Form.Item>
                      {fields.length > 1 ? <MinusCircleOutlined onClick={() => remove(field.name)} /> : null}
                    </Space>
                  ))}
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})}>
                    {t('clue.addSubject')}
                  </Button>
                </>
              )}
            </Form.List>
          </Form.Item>
          <Form.Item name="categories" label={t('clue.categories')}>
            <Select
              mode="multiple"
              allowClear
              options={CATEGORY_CODES.map((c) => ({ value: c, label: t(`report.category.${c}`) }))}
            />
          </Form.Item>
          <Form.Item name="amountYuan" label={t('clue.amount')}>
            <InputNumber min={0} precision={2} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="summary" label={t('clue.summary')} rules={[{ required: true, max: 4000 }]}>
            <Input.TextArea rows={5} data-testid="clue-summary" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={saving} data-testid="clue-submit">
            {filing ? t('clue.file') : t('clue.register')}
          </Button>
        </Form>
      </Card>
    </PageContainer>
  );
}
