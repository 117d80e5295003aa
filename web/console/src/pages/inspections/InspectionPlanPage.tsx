/**
 * 制定检查方案 (`/inspections/new`): kind and, for a special inspection, its topic; purpose and
 * scope; targets (units, villages or townships, projects); the period; the team (leader and
 * members, from the county's accounts); the issued checklist versions. Saved as a draft owned by
 * the actor's unit; the server runs the conflict check (回避审查) on the team against the targets'
 * people, and a refusal is shown person by person with its reasons. The page then opens the plan.
 */
import { useEffect, useState } from 'react';
import { Alert, Button, Card, DatePicker, Form, Input, List, Select, Space, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { type ChecklistTemplateLine, listChecklistTemplates } from '../../api/checklists.js';
import {
  INSPECTION_KINDS,
  INSPECTION_TOPICS,
  type NewInspection,
  type TargetInput,
  createInspection,
  teamCandidates,
} from '../../api/inspections.js';
import { listRegions } from '../../api/org.js';
import { ApiError, errorMessage } from '../../api/request.js';
import { PageContainer } from '../../components/PageContainer.js';
import { RegionSelect, RemoteSelect, UnitSelect } from '../../components/RemoteSelect.js';
import { pickerDateString } from '../../lib/dates.js';

interface PlanForm {
  title: string;
  kind: string;
  topic?: string;
  topicText?: string;
  scopeText: string;
  period: [Dayjs, Dayjs];
  units?: string[];
  villages?: string[];
  projects?: { name?: string; regionCode?: string }[];
  leaderId: string;
  members?: string[];
  checklists: string[];
}

/** One person the conflict check refused, with the reasons in words. */
interface Refusal {
  userId: string;
  reasons: { code: string; text: string }[];
}

/** The refusal's people from a CONFLICT_REFUSED / CONFLICT_UNCONFIRMED error's details. */
function refusalOf(err: unknown): Refusal | null {
  if (!(err instanceof ApiError) || !err.code.startsWith('CONFLICT_')) return null;
  const d = err.details as { userId?: unknown; reasons?: unknown } | undefined;
  if (!d || typeof d.userId !== 'string') return null;
  const reasons = Array.isArray(d.reasons) ? (d.reasons as { code: string; text: string }[]) : [];
  return { userId: d.userId, reasons };
}

/** Picks accounts of the county for the team. */
function PersonSelect(props: {
  value?: string | string[] | null;
  onChange?: (v: string | string[] | null) => void;
  multiple?: boolean;
  names: Map<string, string>;
  testId: string;
}) {
  return (
    <RemoteSelect<string | string[]>
      value={props.value ?? null}
      onChange={(v) => props.onChange?.(v)}
      multiple={props.multiple}
      data-testid={props.testId}
      fetchOptions={async (q, signal) => {
        const people = await teamCandidates(q, signal);
        for (const p of people) props.names.set(p.id, p.name);
        return people.map((p) => ({ value: p.id, label: `${p.name}（${p.unitName}）` }));
      }}
    />
  );
}

/** The plan form. */
export function InspectionPlanPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [form] = Form.useForm<PlanForm>();
  const kind = Form.useWatch('kind', form);
  const topic = Form.useWatch('topic', form);
  const [templates, setTemplates] = useState<ChecklistTemplateLine[]>([]);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [names] = useState(() => new Map<string, string>());

  useEffect(() => {
    listChecklistTemplates({ status: 'issued' })
      .then(setTemplates)
      .catch((e: unknown) => setError(errorMessage(e)));
  }, []);

  const save = async (v: PlanForm) => {
    const targets: TargetInput[] = [
      ...(v.units ?? []).map((unitId) => ({ kind: 'unit' as const, unitId })),
      ...(v.villages ?? []).map((regionCode) => ({ kind: 'region' as const, regionCode })),
      ...(v.projects ?? [])
        .filter((p) => p.name?.trim() && p.regionCode)
        .map((p) => ({ kind: 'project' as const, name: p.name!.trim(), regionCode: p.regionCode! })),
    ];
    if (targets.length === 0) {
      setError(t('inspection.targetsRequired'));
      return;
    }
    setSaving(true);
    setError(null);
    setRefusal(null);
    try {
      const made = await createInspection({
        title: v.title.trim(),
        kind: v.kind as NewInspection['kind'],
        topic: v.kind === 'special' ? ((v.topic ?? null) as NewInspection['topic']) : null,
        topicText: v.topicText?.trim() || null,
        scopeText: v.scopeText.trim(),
        periodFrom: pickerDateString(v.period[0]),
        periodTo: pickerDateString(v.period[1]),
        targets,
        leaderId: v.leaderId,
        members: v.members ?? [],
        checklists: v.checklists,
      });
      void navigate(`/inspections/${made.id}`);
    } catch (e) {
      setRefusal(refusalOf(e));
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const required = [{ required: true, message: t('inspection.required') }];

  return (
    <PageContainer title={t('inspection.planTitle')}>
      <Card>
        <Form<PlanForm>
          form={form}
          layout="vertical"
          onFinish={save}
          style={{ maxWidth: 760 }}
          data-testid="plan-form"
          initialValues={{ kind: 'special', projects: [] }}
        >
          <Form.Item name="title" label={t('inspection.name')} rules={required}>
            <Input maxLength={100} data-testid="plan-title" />
          </Form.Item>
          <Space wrap align="start">
            <Form.Item name="kind" label={t('inspection.kind')} rules={required}>
              <Select
                style={{ width: 200 }}
                options={INSPECTION_KINDS.map((k) => ({ value: k, label: t(`inspection.kinds.${k}`) }))}
                data-testid="plan-kind"
              />
            </Form.Item>
            {kind === 'special' ? (
              <Form.Item name="topic" label={t('inspection.topic')} rules={required}>
                <Select
                  style={{ width: 240 }}
                  options={INSPECTION_TOPICS.map((k) => ({ value: k, label: t(`inspection.topics.${k}`) }))}
                  data-testid="plan-topic"
                />
              </Form.Item>
            ) : null}
            {kind === 'special' && topic === 'campaign' ? (
              <Form.Item name="topicText" label={t('inspection.topicText')} rules={required}>
                <Input maxLength={100} style={{ width: 240 }} data-testid="plan-topic-text" />
              </Form.Item>
            ) : null}
          </Space>
          <Form.Item name="scopeText" label={t('inspection.scope')} rules={required}>
            <Input.TextArea rows={3} maxLength={1000} data-testid="plan-scope" />
          </Form.Item>
          <Form.Item name="period" label={t('inspection.period')} rules={required}>
            <DatePicker.RangePicker data-testid="plan-period" />
          </Form.Item>
          <Typography.Title level={5}>{t('inspection.targets')}</Typography.Title>
          <Form.Item name="villages" label={t('inspection.targetVillages')}>
            <RemoteSelect<string[]>
              multiple
              data-testid="plan-target-villages"
              fetchOptions={async (q, signal) => {
                const page = await listRegions({ q, pageSize: 30 }, signal);
                return page.items
                  .filter((r) => r.level === 'village' || r.level === 'township')
                  .map((r) => ({ value: r.code, label: `${r.name}（${r.code}）` }));
              }}
            />
          </Form.Item>
          <Form.Item name="units" label={t('inspection.targetUnits')}>
            <UnitSelect<string[]> multiple data-testid="plan-target-units" />
          </Form.Item>
          <Form.List name="projects">
            {(fields, { add, remove }) => (
              <Form.Item label={t('inspection.targetProjects')}>
                {fields.map((field) => (
                  <Space key={field.key} align="baseline" wrap>
                    <Form.Item name={[field.name, 'name']} rules={required}>
                      <Input placeholder={t('inspection.projectName')} style={{ width: 260 }} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'regionCode']} rules={required}>
                      <RegionSelect placeholder={t('inspection.projectRegion')} style={{ width: 260 }} />
                    </Form.Item>
                    <MinusCircleOutlined onClick={() => remove(field.name)} />
                  </Space>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} data-testid="plan-add-project">
                  {t('inspection.addProject')}
                </Button>
              </Form.Item>
            )}
          </Form.List>
          <Typography.Title level={5}>{t('inspection.team')}</Typography.Title>
          <Form.Item name="leaderId" label={t('inspection.leader')} rules={required}>
            <PersonSelect names={names} testId="plan-leader" />
          </Form.Item>
          <Form.Item name="members" label={t('inspection.members')}>
            <PersonSelect names={names} multiple testId="plan-members" />
          </Form.Item>
          <Form.Item name="checklists" label={t('inspection.checklists')} rules={required}>
            <Select
              mode="multiple"
              data-testid="plan-checklists"
              options={templates.map((tpl) => ({
                value: tpl.id,
                label: `${tpl.title}（${t(`checklist.levels.${tpl.level}`)}，${t('checklist.versionN', { version: tpl.templateVersion })}）`,
              }))}
            />
          </Form.Item>
          {refusal ? (
            <Alert
              type="error"
              showIcon
              style={{ marginBottom: 16 }}
              data-testid="plan-conflicts"
              message={t('inspection.conflicts')}
              description={
                <List
                  size="small"
                  dataSource={[refusal]}
                  renderItem={(r) => (
                    <List.Item>
                      <Space direction="vertical" size={0}>
                        <Typography.Text strong>{names.get(r.userId) ?? r.userId}</Typography.Text>
                        {r.reasons.map((reason) => (
                          <Typography.Text key={reason.code + reason.text}>{reason.text}</Typography.Text>
                        ))}
                      </Space>
                    </List.Item>
                  )}
                />
              }
            />
          ) : error ? (
            <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} data-testid="plan-error" />
          ) : null}
          <Button type="primary" htmlType="submit" loading={saving} data-testid="plan-save">
            {t('inspection.save')}
          </Button>
        </Form>
      </Card>
    </PageContainer>
  );
}
