/**
 * 起草立案呈批报告: the filing request (GZ 第三十七条、第三十八条) drafted from a clue proposed for
 * filing (`/cases/new?clue=<id>`: the subjects come from the clue, each marked party member or
 * 监察对象), directly (`/cases/new`: the reason, the subjects and their region), or revised after
 * it was returned (`/cases/<id>/filing`). Title, target kind, problems, basis, the three
 * conditions, the handling mode with its reason; sent up the filing chain on submit.
 */
import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Form, Input, Radio, Space, Spin, Table, Typography } from 'antd';
import { ArrowLeftOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { getApproval } from '../../api/approvals.js';
import {
  type CaseDetail,
  type CaseTarget,
  FILING_CONDITIONS,
  type FilingCondition,
  getCase,
  requestFiling,
  reviseFiling,
} from '../../api/cases.js';
import { type ClueDetail, getClue } from '../../api/clues.js';
import { errorMessage } from '../../api/request.js';
import { PageContainer } from '../../components/PageContainer.js';
import { RegionSelect } from '../../components/RemoteSelect.js';
import { HandlingFields, type HandlingValues, handlingBody } from './HandlingFields.js';

interface SubjectValues {
  name: string;
  position?: string;
  employer?: string;
  partyMember: boolean;
  supervised: boolean;
}

interface FormValues {
  title: string;
  targetKind: CaseTarget;
  summary: string;
  basis: string;
  conditions: FilingCondition[];
  handling: HandlingValues;
  directReason?: string;
  regionCode?: string;
  subjects?: SubjectValues[];
  /** From a clue: per clue subject, in the clue's order. */
  flags?: { partyMember: boolean; supervised: boolean }[];
}

const TARGETS: CaseTarget[] = ['person', 'unit', 'event'];

/** From a clue: its subjects, each with the two checkboxes the filing needs. */
function ClueSubjects({ clue }: { clue: ClueDetail }) {
  const { t } = useTranslation();
  return (
    <Form.Item label={t('case.form.subjects')} extra={t('case.form.clueSubjectsHint')}>
      <Table
        rowKey={(_, i) => String(i)}
        size="small"
        pagination={false}
        dataSource={clue.subjects.map((s, i) => ({ ...s, i }))}
        data-testid="filing-clue-subjects"
        columns={[
          { title: t('case.form.subjectName'), dataIndex: 'name' },
          { title: t('case.form.position'), dataIndex: 'position', render: (v: string | null) => v ?? '—' },
          {
            title: t('case.form.partyMember'),
            dataIndex: 'i',
            render: (i: number) => (
              <Form.Item name={['flags', i, 'partyMember']} valuePropName="checked" noStyle>
                <Checkbox />
              </Form.Item>
            ),
          },
          {
            title: t('case.form.supervised'),
            dataIndex: 'i',
            key: 'supervised',
            render: (i: number) => (
              <Form.Item name={['flags', i, 'supervised']} valuePropName="checked" noStyle>
                <Checkbox />
              </Form.Item>
            ),
          },
        ]}
      />
    </Form.Item>
  );
}

/** Direct filing: the reason, the region, and the subjects typed in. */
function DirectFields() {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item
        name="directReason"
        label={t('case.form.directReason')}
        extra={t('case.form.directReasonHint')}
        rules={[{ required: true, whitespace: true, message: t('case.form.required') }]}
      >
        <Input.TextArea rows={2} maxLength={1000} data-testid="filing-direct-reason" />
      </Form.Item>
      <Form.Item
        name="regionCode"
        label={t('case.form.region')}
        rules={[{ required: true, message: t('case.form.required') }]}
      >
        <RegionSelect style={{ maxWidth: 360 }} data-testid="filing-region" />
      </Form.Item>
      <Form.Item label={t('case.form.subjects')} required>
        <Form.List name="subjects">
          {(fields, { add, remove }) => (
            <Space direction="vertical" style={{ width: '100%' }}>
              {fields.map((f) => (
                <Space key={f.key} wrap align="baseline" data-testid="filing-subject">
                  <Form.Item
                    name={[f.name, 'name']}
                    rules={[{ required: true, whitespace: true, message: t('case.form.required') }]}
                    noStyle
                  >
                    <Input placeholder={t('case.form.subjectName')} style={{ width: 160 }} maxLength={100} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'position']} noStyle>
                    <Input placeholder={t('case.form.position')} style={{ width: 160 }} maxLength={100} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'employer']} noStyle>
                    <Input placeholder={t('case.form.employer')} style={{ width: 180 }} maxLength={100} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'partyMember']} valuePropName="checked" noStyle>
                    <Checkbox>{t('case.form.partyMember')}</Checkbox>
                  </Form.Item>
                  <Form.Item name={[f.name, 'supervised']} valuePropName="checked" noStyle>
                    <Checkbox>{t('case.form.supervised')}</Checkbox>
                  </Form.Item>
                  {fields.length > 1 ? <MinusCircleOutlined onClick={() => remove(f.name)} /> : null}
                </Space>
              ))}
              <Button
                icon={<PlusOutlined />}
                onClick={() => add({ name: '', partyMember: true, supervised: true })}
                disabled={fields.length >= 20}
              >
                {t('case.form.addSubject')}
              </Button>
            </Space>
          )}
        </Form.List>
      </Form.Item>
    </>
  );
}

/** The page. */
export function FilingRequestPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { id } = useParams();
  const [search] = useSearchParams();
  const clueId = id ? null : search.get('clue');
  const [form] = Form.useForm<FormValues>();
  const [clue, setClue] = useState<ClueDetail | null>(null);
  const [revising, setRevising] = useState<{ kase: CaseDetail; approvalVersion: number } | null>(null);
  const [loading, setLoading] = useState(Boolean(id || clueId));
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setError(null);
    if (id) {
      void (async () => {
        try {
          const kase = await getCase(id);
          const approval = kase.filingApprovalId ? await getApproval(kase.filingApprovalId) : null;
          setRevising({ kase, approvalVersion: approval?.version ?? 1 });
          form.setFieldsValue({
            title: kase.title,
            targetKind: kase.targetKind,
            summary: kase.summary,
            basis: kase.basis,
            conditions: kase.conditions,
            handling: {
              mode: kase.mode,
              reason: kase.modeReason,
              reasonNote: kase.modeReasonNote ?? '',
              handlingUnitId: kase.handlingUnit.id,
              zoneId: kase.zone?.id ?? null,
              coOrgan: kase.coOrgan ?? '',
            },
          });
        } catch (err) {
          setError(errorMessage(err));
        } finally {
          setLoading(false);
        }
      })();
    } else if (clueId) {
      getClue(clueId)
        .then((c) => {
          setClue(c);
          form.setFieldsValue({
            title: `关于对${c.subjects.map((s) => s.name).join('、')}立案审查调查的请示`,
            summary: c.summary,
            flags: c.subjects.map(() => ({ partyMember: true, supervised: true })),
          });
        })
        .catch((err: unknown) => setError(errorMessage(err)))
        .finally(() => setLoading(false));
    }
  }, [id, clueId, form]);

  async function submit(v: FormValues) {
    setSaving(true);
    setError(null);
    const common = {
      title: v.title.trim(),
      targetKind: v.targetKind,
      summary: v.summary.trim(),
      basis: v.basis.trim(),
      // In the rules' order, as the 呈批表 lists them.
      conditions: FILING_CONDITIONS.filter((c) => v.conditions.includes(c)),
      handling: handlingBody(v.handling),
    };
    try {
      if (revising) {
        await reviseFiling(revising.kase.id, {
          ...common,
          version: revising.kase.version,
          approvalVersion: revising.approvalVersion,
        });
        message.success(t('case.form.resubmitted'));
        void navigate(`/cases/${revising.kase.id}`);
      } else {
        const made = await requestFiling(
          clueId
            ? { ...common, clueId, subjectFlags: v.flags ?? [] }
            : {
                ...common,
                directReason: v.directReason?.trim() ?? '',
                regionCode: v.regionCode ?? null,
                subjects: (v.subjects ?? []).map((s) => ({
                  name: s.name.trim(),
                  position: s.position?.trim() || null,
                  employer: s.employer?.trim() || null,
                  partyMember: s.partyMember,
                  supervised: s.supervised,
                })),
              },
        );
        message.success(t('case.form.submitted', { number: made.approvalNumber }));
        void navigate(`/cases/${made.id}`);
      }
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  }

  const back = (
    <Link
      to={revising ? `/cases/${revising.kase.id}` : clueId ? `/clues/${clueId}` : '/cases'}
      aria-label={t('common.back')}
    >
      <ArrowLeftOutlined />
    </Link>
  );
  if (loading) return <Spin style={{ display: 'block', margin: '64px auto' }} />;
  const notReturned = revising && revising.kase.status !== 'filing_returned';
  const blocked = (id && !revising) || (clueId && !clue) || notReturned;
  return (
    <PageContainer
      title={
        <Space>
          {back}
          {revising ? t('case.form.reviseTitle') : t('case.form.title')}
          {clue ? (
            <Typography.Text type="secondary">{t('case.form.fromClue', { number: clue.number })}</Typography.Text>
          ) : null}
          {revising ? <Typography.Text type="secondary">{revising.kase.subjectNames}</Typography.Text> : null}
        </Space>
      }
    >
      {error ? (
        <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} data-testid="filing-error" />
      ) : null}
      {notReturned ? <Alert type="warning" showIcon message={t('case.form.notReturned')} /> : null}
      {blocked ? null : (
        <Form<FormValues>
          form={form}
          layout="vertical"
          onFinish={(v) => void submit(v)}
          initialValues={{
            targetKind: 'person',
            conditions: [],
            handling: { mode: 'zone' },
            subjects: [{ name: '', partyMember: true, supervised: true }],
          }}
          data-testid="filing-form"
          scrollToFirstError
        >
          <Card size="small" style={{ marginBottom: 16 }}>
            <Form.Item
              name="title"
              label={t('case.form.docTitle')}
              extra={t('case.form.docTitleHint')}
              rules={[{ required: true, whitespace: true, message: t('case.form.required') }]}
            >
              <Input maxLength={200} data-testid="filing-title" />
            </Form.Item>
            <Form.Item name="targetKind" label={t('case.form.targetKind')} rules={[{ required: true }]}>
              <Radio.Group
                options={TARGETS.map((k) => ({ value: k, label: t(`case.target.${k}`) }))}
                optionType="button"
                data-testid="filing-target"
              />
            </Form.Item>
            {clue ? <ClueSubjects clue={clue} /> : null}
            {!clue && !revising ? <DirectFields /> : null}
            <Form.Item
              name="summary"
              label={t('case.form.summary')}
              rules={[{ required: true, whitespace: true, message: t('case.form.required') }]}
            >
              <Input.TextArea rows={3} maxLength={4000} data-testid="filing-summary" />
            </Form.Item>
            <Form.Item
              name="basis"
              label={t('case.form.basis')}
              rules={[{ required: true, whitespace: true, message: t('case.form.required') }]}
            >
              <Input.TextArea rows={5} maxLength={8000} data-testid="filing-basis" />
            </Form.Item>
            <Form.Item
              name="conditions"
              label={t('case.form.conditions')}
              extra={t('case.form.conditionsHint')}
              rules={[{ required: true, type: 'array', min: 1, message: t('case.form.required') }]}
            >
              <Checkbox.Group data-testid="filing-conditions">
                <Space direction="vertical">
                  {FILING_CONDITIONS.map((c) => (
                    <Checkbox key={c} value={c} data-testid={`filing-condition-${c}`}>
                      {t(`case.condition.${c}`)}
                    </Checkbox>
                  ))}
                </Space>
              </Checkbox.Group>
            </Form.Item>
          </Card>
          <Card size="small" title={t('case.form.handling')} style={{ marginBottom: 16 }}>
            <HandlingFields<FormValues>
              form={form}
              initialUnit={
                revising ? { value: revising.kase.handlingUnit.id, label: revising.kase.handlingUnit.name } : undefined
              }
              initialZone={
                revising?.kase.zone ? { value: revising.kase.zone.id, label: revising.kase.zone.name } : undefined
              }
            />
          </Card>
          {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} /> : null}
          <Button type="primary" htmlType="submit" loading={saving} data-testid="filing-submit">
            {revising ? t('case.form.resubmit') : t('case.form.submit')}
          </Button>
        </Form>
      )}
    </PageContainer>
  );
}
