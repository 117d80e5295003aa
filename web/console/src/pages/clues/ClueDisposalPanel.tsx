/**
 * 处置意见 on the clue detail page: the form to propose a disposal (the four disposals, the closing
 * reason list for 予以了结, the clue-review meeting that studied it or why none did), the opinions
 * with their approval's status, the review of a parked clue (暂存待查) and the 了结函 download to an
 * addressee picked from the clue.
 */
import { useCallback, useEffect, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import {
  CONCLUSION_REASONS,
  type ClueDisposalView,
  conclusionLetterUrl,
  getClueDisposal,
  proposeDisposal,
  reviewShelved,
} from '../../api/clue-disposal.js';
import { CLUE_DISPOSALS, type ClueDetail } from '../../api/clues.js';
import { errorMessage } from '../../api/request.js';
import { formatDate, formatInstant } from '../../lib/time.js';
import { LetterPicker } from './LetterPicker.js';

const STATUS_COLORS: Record<string, string> = {
  pending: 'processing',
  returned: 'warning',
  approved: 'success',
  rejected: 'error',
  withdrawn: 'default',
};

interface ProposeValues {
  disposal: (typeof CLUE_DISPOSALS)[number];
  reasons: string;
  plan: string;
  meetingId?: string;
  noMeetingNote?: string;
  conclusionReason?: string;
  conclusionDetail?: string;
}

/** The propose form (the keeper or a handler of an assigned clue). */
function ProposeForm({ clue, version, onSaved }: { clue: ClueDetail; version: number; onSaved: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ProposeValues>();
  const [error, setError] = useState<string | null>(null);
  const disposal = Form.useWatch('disposal', form);
  const meetingId = Form.useWatch('meetingId', form);
  // The meetings that decided on this clue are on its trail.
  const meetings = clue.trail
    .filter((e) => e.action === 'meeting_decision' && e.meetingId)
    .map((e) => ({ value: e.meetingId!, label: `${formatInstant(e.at)} ${e.note ?? ''}` }));
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={{ disposal: 'inquiry' }}
      data-testid="disposal-form"
      onFinish={async (v) => {
        setError(null);
        try {
          await proposeDisposal(clue.id, {
            version,
            disposal: v.disposal,
            reasons: v.reasons,
            plan: v.plan,
            meetingId: v.meetingId ?? null,
            noMeetingNote: v.meetingId ? null : (v.noMeetingNote ?? null),
            ...(v.disposal === 'concluded'
              ? {
                  conclusionReason: (v.conclusionReason ?? null) as DisposalReason,
                  conclusionDetail: v.conclusionDetail ?? null,
                }
              : {}),
          });
          form.resetFields();
          onSaved();
        } catch (err) {
          setError(errorMessage(err));
        }
      }}
    >
      {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} /> : null}
      <Form.Item name="disposal" label={t('clueDisposal.disposal')} rules={[{ required: true }]}>
        <Radio.Group data-testid="disposal-choice">
          {CLUE_DISPOSALS.map((d) => (
            <Radio.Button key={d} value={d} data-testid={`disposal-${d}`}>
              {t(`clue.disposal.${d}`)}
            </Radio.Button>
          ))}
        </Radio.Group>
      </Form.Item>
      {disposal === 'concluded' ? (
        <>
          <Form.Item name="conclusionReason" label={t('clueDisposal.conclusionReason')} rules={[{ required: true }]}>
            <Select
              data-testid="disposal-reason"
              options={Object.entries(CONCLUSION_REASONS).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
          <Form.Item name="conclusionDetail" label={t('clueDisposal.conclusionDetail')}>
            <Input maxLength={1000} />
          </Form.Item>
        </>
      ) : null}
      <Form.Item name="reasons" label={t('clueDisposal.reasons')} rules={[{ required: true, min: 2 }]}>
        <Input.TextArea rows={3} maxLength={4000} data-testid="disposal-reasons" />
      </Form.Item>
      <Form.Item name="plan" label={t('clueDisposal.plan')} rules={[{ required: true, min: 2 }]}>
        <Input.TextArea rows={2} maxLength={4000} data-testid="disposal-plan" />
      </Form.Item>
      <Form.Item name="meetingId" label={t('clueDisposal.meeting')} extra={t('clueDisposal.meetingHint')}>
        <Select
          allowClear
          options={meetings}
          data-testid="disposal-meeting"
          placeholder={t('clueDisposal.noMeeting')}
        />
      </Form.Item>
      {meetingId ? null : (
        <Form.Item name="noMeetingNote" label={t('clueDisposal.noMeetingNote')} rules={[{ required: true, min: 2 }]}>
          <Input.TextArea rows={2} maxLength={1000} data-testid="disposal-no-meeting" />
        </Form.Item>
      )}
      <Button type="primary" htmlType="submit" data-testid="disposal-submit">
        {t('clueDisposal.submit')}
      </Button>
    </Form>
  );
}

type DisposalReason = NonNullable<Parameters<typeof proposeDisposal>[1]['conclusionReason']>;

/** The review of a parked clue: park again, or reopen it for a new opinion. */
function ShelvedReview({ clueId, view, onSaved }: { clueId: string; view: ClueDisposalView; onSaved: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ decision: 'continue' | 'reopen'; note: string; months?: number }>();
  const [error, setError] = useState<string | null>(null);
  const decision = Form.useWatch('decision', form);
  const current = view.parkings.find((p) => p.status === 'parked');
  if (!current) return null;
  return (
    <Card size="small" title={t('clueDisposal.shelvedTitle')} style={{ marginTop: 12 }} data-testid="shelved-review">
      <Space style={{ marginBottom: 12 }}>
        <Typography.Text>{t('clueDisposal.reviewOn', { on: formatDate(current.reviewOn) })}</Typography.Text>
        {current.due ? <Tag color="red">{t('clueDisposal.due')}</Tag> : null}
      </Space>
      {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} /> : null}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ decision: 'continue' }}
        onFinish={async (v) => {
          setError(null);
          try {
            await reviewShelved(clueId, {
              version: view.version,
              decision: v.decision,
              note: v.note,
              ...(v.decision === 'continue' && v.months ? { months: v.months } : {}),
            });
            form.resetFields();
            onSaved();
          } catch (err) {
            setError(errorMessage(err));
          }
        }}
      >
        <Form.Item name="decision">
          <Radio.Group>
            <Radio value="continue">{t('clueDisposal.continue')}</Radio>
            <Radio value="reopen" data-testid="shelved-reopen">
              {t('clueDisposal.reopen')}
            </Radio>
          </Radio.Group>
        </Form.Item>
        {decision === 'continue' ? (
          <Form.Item name="months" label={t('clueDisposal.months')}>
            <InputNumber min={1} max={24} />
          </Form.Item>
        ) : null}
        <Form.Item name="note" label={t('clueDisposal.reviewNote')} rules={[{ required: true, min: 2 }]}>
          <Input.TextArea rows={2} maxLength={1000} data-testid="shelved-note" />
        </Form.Item>
        <Button htmlType="submit" data-testid="shelved-submit">
          {t('clueDisposal.reviewSubmit')}
        </Button>
      </Form>
    </Card>
  );
}

/** The 处置意见 card of a clue (shown to its team). */
export function ClueDisposalPanel({ clue, onChanged }: { clue: ClueDetail; onChanged: () => void }) {
  const { t } = useTranslation();
  const [view, setView] = useState<ClueDisposalView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setView(await getClueDisposal(clue.id));
    } catch (err) {
      setError(errorMessage(err));
    }
  }, [clue.id]);
  useEffect(() => {
    void load();
  }, [load, clue.version]);
  const saved = () => {
    void load();
    onChanged();
  };
  if (error) return <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />;
  if (!view) return null;
  const latest = view.opinions[0];
  const concludedByOpinion = view.status === 'concluded' && latest?.status === 'approved' && latest.conclusionReason;
  if (!latest && !view.canPropose) return null;
  return (
    <Card size="small" title={t('clueDisposal.title')} style={{ marginBottom: 16 }} data-testid="clue-disposal">
      {latest ? (
        <Descriptions size="small" column={1} bordered style={{ marginBottom: 12 }} data-testid="disposal-latest">
          <Descriptions.Item label={t('clueDisposal.disposal')}>
            <Space>
              {t(`clue.disposal.${latest.disposal}`)}
              <Tag color={STATUS_COLORS[latest.status]} data-testid="disposal-status">
                {t(`clueDisposal.status.${latest.status}`)}
              </Tag>
            </Space>
          </Descriptions.Item>
          {latest.conclusionReasonText ? (
            <Descriptions.Item label={t('clueDisposal.conclusionReason')}>
              {latest.conclusionReasonText}
              {latest.conclusionDetail ? `（${latest.conclusionDetail}）` : ''}
            </Descriptions.Item>
          ) : null}
          <Descriptions.Item label={t('clueDisposal.reasons')}>{latest.reasons}</Descriptions.Item>
          <Descriptions.Item label={t('clueDisposal.plan')}>{latest.plan}</Descriptions.Item>
          {latest.approval ? (
            <Descriptions.Item label={t('clueDisposal.approval')}>
              <Link to={`/approvals/${latest.approvalId}`}>{latest.approval.number}</Link>
              {latest.approval.currentHolderName
                ? ` · ${t('clueDisposal.waitingFor', { name: latest.approval.currentHolderName })}`
                : ''}
            </Descriptions.Item>
          ) : null}
          <Descriptions.Item label={t('clueDisposal.proposedAt')}>{formatInstant(latest.createdAt)}</Descriptions.Item>
        </Descriptions>
      ) : null}
      {view.canPropose ? <ProposeForm clue={clue} version={view.version} onSaved={saved} /> : null}
      {view.status === 'shelved' ? <ShelvedReview clueId={clue.id} view={view} onSaved={saved} /> : null}
      {concludedByOpinion ? (
        <LetterPicker clueId={clue.id} urlOf={(format, to) => conclusionLetterUrl(clue.id, format, to)} />
      ) : null}
    </Card>
  );
}
