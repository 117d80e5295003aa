/**
 * 协作区 tab of a zone case's page (the zone's three rules): 一案一授权 (whether the case is
 * authorised, by whom, the team and the scope as authorised, the 授权书 as PDF and DOCX, and the
 * commander's form), 一案一汇报 (the briefings to the commander with the form that adds one) and
 * 一案一剖析 (the closing analysis and its 以案促改 recommendations: unit, owner, due date, status).
 */
import { useState } from 'react';
import { Alert, Button, Card, DatePicker, Descriptions, Empty, Form, Input, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import {
  type AnalysisView,
  addRecommendation,
  authorizeCase,
  getAnalysis,
  getAuthorization,
  listBriefings,
  recordBriefing,
  saveAnalysis,
} from '../../api/case-zone.js';
import { ANALYSIS_STATES, BRIEFING_STATES, MODE_CHANGE_STATES } from '../../api/cases.js';
import { UnitSelect } from '../../components/RemoteSelect.js';
import { pickerDateString, todayPickerDate } from '../../lib/dates.js';
import { formatDate, formatInstant } from '../../lib/time.js';
import { RecommendationStatusTag } from '../case-recommendations/RecommendationParts.js';
import { FormModal, ZoneDocumentLinks, useCasePart } from './CaseZoneParts.js';
import type { CaseTabProps } from './caseTabs.js';

const textRule = (message: string) => [{ required: true, whitespace: true, message }];

/** 一案一授权. */
function AuthorizationCard({ kase, reload }: CaseTabProps) {
  const { t } = useTranslation();
  const auth = useCasePart(kase.id, kase.version, getAuthorization);
  const [form] = Form.useForm<{ scope: string; authorizedOn: Dayjs }>();
  const [open, setOpen] = useState(false);
  const v = auth.value;
  const current = v?.current ?? null;
  const may = kase.can.assign && MODE_CHANGE_STATES.includes(kase.status);
  return (
    <Card
      size="small"
      title={t('case.zoneTab.authorization.title')}
      style={{ marginBottom: 16 }}
      data-testid="case-authorization"
      extra={
        may ? (
          <Button size="small" type="primary" onClick={() => setOpen(true)} data-testid="case-authorize">
            {current ? t('case.zoneTab.authorization.again') : t('case.zoneTab.authorization.authorize')}
          </Button>
        ) : null
      }
    >
      {auth.error ? <Alert type="error" showIcon message={auth.error} /> : null}
      {v ? (
        <>
          <div style={{ marginBottom: 12 }} data-testid="case-authorization-state">
            {current ? (
              <Tag color="green">{t('case.zoneTab.authorization.authorized')}</Tag>
            ) : (
              <Tag color="red">{t('case.zoneTab.authorization.missing')}</Tag>
            )}
            {!current ? (
              <Typography.Text type="secondary">{t('case.zoneTab.authorization.hint')}</Typography.Text>
            ) : null}
          </div>
          {current ? (
            <Descriptions size="small" column={1} bordered data-testid="case-authorization-current">
              <Descriptions.Item label={t('case.zoneTab.authorization.by')}>
                {current.authorizerRole} {current.authorizerName} · {formatDate(current.authorizedOn)}
              </Descriptions.Item>
              <Descriptions.Item label={t('case.zoneTab.authorization.team')}>
                {current.team.map((m) => `${m.name}（${m.role}，${m.unitName}）`).join('、')}
              </Descriptions.Item>
              <Descriptions.Item label={t('case.zoneTab.authorization.scope')}>
                <span style={{ whiteSpace: 'pre-wrap' }}>{current.scope}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('case.handling.document.case_authorization')}>
                <ZoneDocumentLinks caseId={kase.id} kind="case_authorization" testId="case-authorization-doc" />
              </Descriptions.Item>
            </Descriptions>
          ) : null}
          {v.history.some((h) => h.supersededAt) ? (
            <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
              {t('case.zoneTab.authorization.former')}
              {v.history
                .filter((h) => h.supersededAt)
                .map((h) =>
                  t('case.zoneTab.authorization.formerLine', {
                    on: formatDate(h.authorizedOn),
                    name: h.authorizerName,
                    at: formatInstant(h.supersededAt),
                  }),
                )
                .join('；')}
            </Typography.Paragraph>
          ) : null}
        </>
      ) : null}
      <FormModal<{ scope: string; authorizedOn: Dayjs }>
        open={open}
        title={t('case.zoneTab.authorization.authorize')}
        form={form}
        testId="case-authorize-form"
        initialValues={{ authorizedOn: todayPickerDate() }}
        onClose={() => setOpen(false)}
        onDone={() => {
          auth.reload();
          reload();
        }}
        onSubmit={(f) =>
          authorizeCase(kase.id, {
            version: kase.version,
            scope: f.scope.trim(),
            authorizedOn: pickerDateString(f.authorizedOn),
          })
        }
      >
        <Typography.Paragraph type="secondary">
          {t('case.zoneTab.authorization.teamNow', {
            team: kase.team
              .filter((m) => m.role !== 'drafter')
              .map((m) => m.name)
              .join('、'),
          })}
        </Typography.Paragraph>
        <Form.Item name="scope" label={t('case.zoneTab.authorization.scope')} rules={textRule(t('case.form.required'))}>
          <Input.TextArea rows={3} maxLength={2000} data-testid="case-authorize-scope" />
        </Form.Item>
        <Form.Item
          name="authorizedOn"
          label={t('case.zoneTab.authorization.date')}
          rules={[{ required: true, message: t('case.form.required') }]}
        >
          <DatePicker data-testid="case-authorize-date" />
        </Form.Item>
      </FormModal>
    </Card>
  );
}

interface BriefingForm {
  briefedOn: Dayjs;
  briefedBy: string;
  receivedBy: string;
  content: string;
  instructions?: string;
}

/** 一案一汇报. */
function BriefingsCard({ kase }: CaseTabProps) {
  const { t } = useTranslation();
  const briefings = useCasePart(kase.id, kase.version, listBriefings);
  const [form] = Form.useForm<BriefingForm>();
  const [open, setOpen] = useState(false);
  const may = (kase.can.onTeam || kase.can.assign) && BRIEFING_STATES.includes(kase.status);
  return (
    <Card
      size="small"
      title={t('case.zoneTab.briefing.title')}
      style={{ marginBottom: 16 }}
      extra={
        may ? (
          <Button size="small" onClick={() => setOpen(true)} data-testid="case-briefing-add">
            {t('case.zoneTab.briefing.add')}
          </Button>
        ) : null
      }
    >
      {briefings.error ? <Alert type="error" showIcon message={briefings.error} /> : null}
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={briefings.value ?? []}
        data-testid="case-briefings"
        locale={{ emptyText: t('case.zoneTab.briefing.empty') }}
        columns={[
          {
            title: t('case.zoneTab.briefing.on'),
            dataIndex: 'briefedOn',
            width: 110,
            render: (d: string) => formatDate(d),
          },
          {
            title: t('case.zoneTab.briefing.who'),
            key: 'who',
            width: 200,
            render: (_, r) => t('case.zoneTab.briefing.toWhom', { by: r.briefedBy, to: r.receivedBy }),
          },
          {
            title: t('case.zoneTab.briefing.content'),
            dataIndex: 'content',
            render: (v: string) => <span style={{ whiteSpace: 'pre-wrap' }}>{v}</span>,
          },
          {
            title: t('case.zoneTab.briefing.instructions'),
            dataIndex: 'instructions',
            render: (v: string | null) => (v ? <span style={{ whiteSpace: 'pre-wrap' }}>{v}</span> : '—'),
          },
          { title: t('case.zoneTab.briefing.recordedBy'), dataIndex: 'recordedByName', width: 130 },
        ]}
      />
      <FormModal<BriefingForm>
        open={open}
        title={t('case.zoneTab.briefing.add')}
        form={form}
        testId="case-briefing-form"
        initialValues={{ briefedOn: todayPickerDate() }}
        onClose={() => setOpen(false)}
        onDone={briefings.reload}
        onSubmit={(f) =>
          recordBriefing(kase.id, {
            briefedOn: pickerDateString(f.briefedOn),
            briefedBy: f.briefedBy.trim(),
            receivedBy: f.receivedBy.trim(),
            content: f.content.trim(),
            instructions: f.instructions?.trim() || null,
          })
        }
      >
        <Form.Item
          name="briefedOn"
          label={t('case.zoneTab.briefing.on')}
          rules={[{ required: true, message: t('case.form.required') }]}
        >
          <DatePicker data-testid="case-briefing-on" />
        </Form.Item>
        <Space align="start" wrap>
          <Form.Item name="briefedBy" label={t('case.zoneTab.briefing.by')} rules={textRule(t('case.form.required'))}>
            <Input maxLength={100} style={{ width: 220 }} data-testid="case-briefing-by" />
          </Form.Item>
          <Form.Item
            name="receivedBy"
            label={t('case.zoneTab.briefing.receivedBy')}
            rules={textRule(t('case.form.required'))}
          >
            <Input maxLength={100} style={{ width: 220 }} data-testid="case-briefing-received" />
          </Form.Item>
        </Space>
        <Form.Item name="content" label={t('case.zoneTab.briefing.content')} rules={textRule(t('case.form.required'))}>
          <Input.TextArea rows={4} maxLength={8000} data-testid="case-briefing-content" />
        </Form.Item>
        <Form.Item name="instructions" label={t('case.zoneTab.briefing.instructions')}>
          <Input.TextArea rows={2} maxLength={4000} data-testid="case-briefing-instructions" />
        </Form.Item>
      </FormModal>
    </Card>
  );
}

interface RecommendationForm {
  measure: string;
  unitId?: string;
  unitName?: string;
  ownerName: string;
  dueOn: Dayjs;
}

/** 一案一剖析 and its 以案促改 recommendations. */
function AnalysisCard({ kase }: CaseTabProps) {
  const { t } = useTranslation();
  const part = useCasePart(kase.id, kase.version, getAnalysis);
  const [analysisForm] = Form.useForm<{ causes: string; lessons: string; weaknesses: string }>();
  const [recForm] = Form.useForm<RecommendationForm>();
  const [dialog, setDialog] = useState<'analysis' | 'recommendation' | null>(null);
  const v: AnalysisView | null = part.value;
  const a = v?.analysis ?? null;
  const may = kase.can.manage && ANALYSIS_STATES.includes(kase.status);
  const pre = (s: string) => <span style={{ whiteSpace: 'pre-wrap' }}>{s}</span>;
  return (
    <Card
      size="small"
      title={t('case.zoneTab.analysis.title')}
      data-testid="case-analysis"
      extra={
        may ? (
          <Space>
            <Button size="small" onClick={() => setDialog('analysis')} data-testid="case-analysis-edit">
              {a ? t('case.zoneTab.analysis.revise') : t('case.zoneTab.analysis.write')}
            </Button>
            {a ? (
              <Button
                size="small"
                type="primary"
                onClick={() => setDialog('recommendation')}
                data-testid="case-recommendation-add"
              >
                {t('case.zoneTab.analysis.addRecommendation')}
              </Button>
            ) : null}
          </Space>
        ) : null
      }
    >
      {part.error ? <Alert type="error" showIcon message={part.error} /> : null}
      {v && !a ? (
        <Empty
          description={
            ANALYSIS_STATES.includes(kase.status) ? t('case.zoneTab.analysis.none') : t('case.zoneTab.analysis.notYet')
          }
        />
      ) : null}
      {a ? (
        <>
          <Descriptions size="small" column={1} bordered style={{ marginBottom: 12 }} data-testid="case-analysis-text">
            <Descriptions.Item label={t('case.zoneTab.analysis.causes')}>{pre(a.causes)}</Descriptions.Item>
            <Descriptions.Item label={t('case.zoneTab.analysis.lessons')}>{pre(a.lessons)}</Descriptions.Item>
            <Descriptions.Item label={t('case.zoneTab.analysis.weaknesses')}>{pre(a.weaknesses)}</Descriptions.Item>
            <Descriptions.Item label={t('case.zoneTab.analysis.writtenBy')}>
              {a.writtenByName} · {formatInstant(a.updatedAt)}
            </Descriptions.Item>
          </Descriptions>
          <Typography.Title level={5}>
            {t('case.zoneTab.analysis.recommendations')}{' '}
            <Link to="/case-recommendations" style={{ fontSize: 13, fontWeight: 'normal' }}>
              {t('case.zoneTab.analysis.allRecommendations')}
            </Link>
          </Typography.Title>
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={v?.recommendations ?? []}
            data-testid="case-recommendations"
            locale={{ emptyText: t('case.zoneTab.analysis.noRecommendations') }}
            columns={[
              { title: t('caseRecommendations.measure'), dataIndex: 'measure', render: pre },
              { title: t('caseRecommendations.unit'), dataIndex: 'unitName', width: 160 },
              { title: t('caseRecommendations.owner'), dataIndex: 'ownerName', width: 150 },
              {
                title: t('caseRecommendations.dueOn'),
                dataIndex: 'dueOn',
                width: 110,
                render: (d: string) => formatDate(d),
              },
              {
                title: t('caseRecommendations.status.label'),
                dataIndex: 'status',
                width: 170,
                render: (_, r) => (
                  <Space direction="vertical" size={0}>
                    <RecommendationStatusTag rec={r} />
                    {r.doneNote ? <Typography.Text type="secondary">{r.doneNote}</Typography.Text> : null}
                  </Space>
                ),
              },
            ]}
          />
        </>
      ) : null}
      <FormModal<{ causes: string; lessons: string; weaknesses: string }>
        open={dialog === 'analysis'}
        title={t('case.zoneTab.analysis.title')}
        form={analysisForm}
        width={720}
        testId="case-analysis-form"
        initialValues={a ? { causes: a.causes, lessons: a.lessons, weaknesses: a.weaknesses } : {}}
        onClose={() => setDialog(null)}
        onDone={part.reload}
        onSubmit={(f) =>
          saveAnalysis(kase.id, {
            version: a?.version ?? 0,
            causes: f.causes.trim(),
            lessons: f.lessons.trim(),
            weaknesses: f.weaknesses.trim(),
          })
        }
      >
        {(['causes', 'lessons', 'weaknesses'] as const).map((field) => (
          <Form.Item
            key={field}
            name={field}
            label={t(`case.zoneTab.analysis.${field}`)}
            rules={textRule(t('case.form.required'))}
          >
            <Input.TextArea rows={3} maxLength={8000} data-testid={`case-analysis-${field}`} />
          </Form.Item>
        ))}
      </FormModal>
      <FormModal<RecommendationForm>
        open={dialog === 'recommendation'}
        title={t('case.zoneTab.analysis.addRecommendation')}
        form={recForm}
        testId="case-recommendation-form"
        onClose={() => setDialog(null)}
        onDone={part.reload}
        onSubmit={(f) =>
          addRecommendation(kase.id, {
            measure: f.measure.trim(),
            unitId: f.unitId ?? null,
            unitName: f.unitId ? null : f.unitName?.trim() || null,
            ownerName: f.ownerName.trim(),
            dueOn: pickerDateString(f.dueOn),
          })
        }
      >
        <Form.Item name="measure" label={t('caseRecommendations.measure')} rules={textRule(t('case.form.required'))}>
          <Input.TextArea rows={3} maxLength={2000} data-testid="case-recommendation-measure" />
        </Form.Item>
        <Form.Item name="unitId" label={t('case.zoneTab.analysis.unitId')}>
          <UnitSelect allowClear style={{ width: '100%' }} data-testid="case-recommendation-unit" />
        </Form.Item>
        <Form.Item name="unitName" label={t('case.zoneTab.analysis.unitName')}>
          <Input maxLength={100} data-testid="case-recommendation-unit-name" />
        </Form.Item>
        <Space align="start" wrap>
          <Form.Item name="ownerName" label={t('caseRecommendations.owner')} rules={textRule(t('case.form.required'))}>
            <Input maxLength={40} style={{ width: 220 }} data-testid="case-recommendation-owner" />
          </Form.Item>
          <Form.Item
            name="dueOn"
            label={t('caseRecommendations.dueOn')}
            rules={[{ required: true, message: t('case.form.required') }]}
          >
            <DatePicker data-testid="case-recommendation-due" />
          </Form.Item>
        </Space>
      </FormModal>
    </Card>
  );
}

/** The tab. */
export function CaseZoneTab({ kase, reload }: CaseTabProps) {
  return (
    <>
      <AuthorizationCard kase={kase} reload={reload} />
      <BriefingsCard kase={kase} reload={reload} />
      <AnalysisCard kase={kase} reload={reload} />
    </>
  );
}
