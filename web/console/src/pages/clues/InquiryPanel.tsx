/**
 * 谈话函询 on the clue detail page (GZ 第二十六条 to 第三十一条): the rounds with their dates and
 * documents, the request form (mode, officers, talk plan or letter), the talk / letter steps (dates
 * on the date picker, sent as CST calendar dates) and the situation report. The server checks every step; the panel shows what it refuses in words.
 */
import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, Checkbox, DatePicker, Form, Input, Radio, Select, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { CLUE_OUTCOME_LABELS, INQUIRY_OUTCOMES, type ClueDetail, meetingAttendees } from '../../api/clues.js';
import {
  type InquiryList,
  type InquiryRound,
  type InquiryStep,
  inquiryDocumentUrl,
  inquiryStep,
  listInquiries,
  requestInquiry,
} from '../../api/inquiries.js';
import { ApiError, errorMessage } from '../../api/request.js';
import { useSession } from '../../auth/session.js';
import { fromPickerDate } from '../../lib/dates.js';
import { formatDate } from '../../lib/time.js';

const lines = (v: string | undefined) =>
  (v ?? '')
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);

/** An error in words, with the recusal reasons when the officers were refused or warned. */
function explain(err: unknown): string {
  if (err instanceof ApiError && err.code === 'INQUIRY_OFFICER_CONFLICT') {
    const people = (err.details as { people?: { name: string; reasons: string[] }[] } | undefined)?.people ?? [];
    return `${errorMessage(err)}：${people
      .filter((p) => p.reasons.length > 0)
      .map((p) => p.reasons.join('；'))
      .join('；')}`;
  }
  return errorMessage(err);
}

/** One small form posting a step of a round. */
function StepForm({
  testId,
  title,
  onSubmit,
  children,
}: {
  testId: string;
  title: string;
  onSubmit: (values: Record<string, unknown>) => Promise<void>;
  children: React.ReactNode;
}) {
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  return (
    <Card size="small" type="inner" title={title} style={{ marginTop: 12 }} data-testid={testId}>
      {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 8 }} /> : null}
      <Form
        form={form}
        layout="vertical"
        onFinish={async (v: Record<string, unknown>) => {
          setError(null);
          try {
            // Dates are picked on the console's date picker and sent as the API's CST calendar dates.
            const sent = Object.fromEntries(
              Object.entries(v).map(([k, x]) => [k, dayjs.isDayjs(x) ? fromPickerDate(x) : x]),
            );
            await onSubmit(sent);
          } catch (err) {
            setError(explain(err));
          }
        }}
      >
        {children}
        <Button type="primary" htmlType="submit" data-testid={`${testId}-submit`}>
          {title}
        </Button>
      </Form>
    </Card>
  );
}

/** The request form of a new round. */
function RequestForm({ clue, principal, onSaved }: { clue: ClueDetail; principal: boolean; onSaved: () => void }) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<'talk' | 'letter'>('talk');
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  const [checkId, setCheckId] = useState<string | null>(null);
  const search = useCallback((q: string) => {
    meetingAttendees(q)
      .then((items) => setOptions(items.map((u) => ({ value: u.id, label: u.name }))))
      .catch(() => setOptions([]));
  }, []);
  useEffect(() => search(''), [search]);
  return (
    <StepForm
      testId="inquiry-request"
      title={t('inquiry.request')}
      onSubmit={async (v) => {
        try {
          await requestInquiry(clue.id, {
            version: clue.version,
            mode,
            reason: String(v.reason),
            officerIds: v.officerIds as string[],
            ...(checkId ? { conflictCheckId: checkId } : {}),
            ...(mode === 'talk'
              ? {
                  talk: {
                    time: String(v.time),
                    place: String(v.place),
                    recorder: String(v.recorder),
                    points: lines(v.points as string),
                    safety: lines(v.safety as string),
                    writtenExplanation: !!v.writtenExplanation,
                  },
                }
              : {
                  letter: {
                    matters: lines(v.matters as string),
                    copyTo: String(v.copyTo),
                    principalLeader: principal ? null : (v.principalLeader as string | undefined) || null,
                    contactPerson: String(v.contactPerson),
                    contactPhone: String(v.contactPhone),
                  },
                }),
          });
          onSaved();
        } catch (err) {
          if (err instanceof ApiError && err.code === 'INQUIRY_OFFICER_CONFLICT')
            setCheckId((err.details as { checkId?: string } | undefined)?.checkId ?? null);
          throw err;
        }
      }}
    >
      <Form.Item label={t('inquiry.mode')}>
        <Radio.Group
          value={mode}
          onChange={(e) => setMode(e.target.value as 'talk' | 'letter')}
          data-testid="inquiry-mode"
        >
          <Radio value="talk">{t('inquiry.talk')}</Radio>
          <Radio value="letter" data-testid="inquiry-mode-letter">
            {t('inquiry.letter')}
          </Radio>
        </Radio.Group>
      </Form.Item>
      <Form.Item name="reason" label={t('inquiry.reason')} rules={[{ required: true }]}>
        <Input.TextArea rows={2} maxLength={1000} data-testid="inquiry-reason" />
      </Form.Item>
      <Form.Item name="officerIds" label={t('inquiry.officers')} rules={[{ required: true }]}>
        <Select
          mode="multiple"
          options={options}
          filterOption={false}
          onSearch={search}
          data-testid="inquiry-officers"
        />
      </Form.Item>
      {mode === 'talk' ? (
        <>
          <Form.Item name="time" label={t('inquiry.time')} rules={[{ required: true }]}>
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item name="place" label={t('inquiry.place')} rules={[{ required: true }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="recorder" label={t('inquiry.recorder')} rules={[{ required: true }]}>
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item name="points" label={t('inquiry.points')} rules={[{ required: true }]}>
            <Input.TextArea rows={2} />
          </Form.Item>
          <Form.Item name="safety" label={t('inquiry.safety')} rules={[{ required: true }]}>
            <Input.TextArea rows={2} />
          </Form.Item>
          <Form.Item name="writtenExplanation" valuePropName="checked">
            <Checkbox>{t('inquiry.askExplanation')}</Checkbox>
          </Form.Item>
        </>
      ) : (
        <>
          <Form.Item name="matters" label={t('inquiry.matters')} rules={[{ required: true }]}>
            <Input.TextArea rows={2} data-testid="inquiry-matters" />
          </Form.Item>
          <Form.Item name="copyTo" label={t('inquiry.copyTo')} rules={[{ required: true }]}>
            <Input maxLength={200} data-testid="inquiry-copy-to" />
          </Form.Item>
          {principal ? (
            <Typography.Paragraph type="secondary">{t('inquiry.direct')}</Typography.Paragraph>
          ) : (
            <Form.Item name="principalLeader" label={t('inquiry.principalLeader')}>
              <Input maxLength={100} data-testid="inquiry-principal-leader" />
            </Form.Item>
          )}
          <Form.Item name="contactPerson" label={t('inquiry.contactPerson')} rules={[{ required: true }]}>
            <Input maxLength={40} data-testid="inquiry-contact-person" />
          </Form.Item>
          <Form.Item name="contactPhone" label={t('inquiry.contactPhone')} rules={[{ required: true }]}>
            <Input maxLength={40} data-testid="inquiry-contact-phone" />
          </Form.Item>
        </>
      )}
    </StepForm>
  );
}

/** The forms of the current round's next steps. */
function RoundSteps({ clue, round, onSaved }: { clue: ClueDetail; round: InquiryRound; onSaved: () => void }) {
  const { t } = useTranslation();
  const post = (step: InquiryStep) => async (v: Record<string, unknown>) => {
    await inquiryStep(clue.id, round.id, step, { version: round.version, ...v });
    onSaved();
  };
  if (round.status !== 'approved') return null;
  const held = round.mode === 'talk' ? round.talkOn !== null : round.replyOn !== null;
  return (
    <>
      {round.mode === 'talk' && !round.talkOn && !round.delegate ? (
        <StepForm testId="inquiry-delegation" title={t('inquiry.delegation')} onSubmit={post('delegation')}>
          <Form.Item name="delegate" label={t('inquiry.delegate')} rules={[{ required: true }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="receivedOn" label={t('inquiry.delegationOn')} rules={[{ required: true }]}>
            <DatePicker data-testid="inquiry-delegation-on" />
          </Form.Item>
        </StepForm>
      ) : null}
      {round.mode === 'talk' && !round.talkOn ? (
        <StepForm
          testId="inquiry-talk"
          title={t('inquiry.recordTalk')}
          onSubmit={async (v) =>
            post('talk')({
              ...v,
              venueSafe: !!v.venueSafe,
              recordTaken: !!v.recordTaken,
              writtenExplanation: !!v.writtenExplanation,
            })
          }
        >
          <Form.Item name="talkOn" label={t('inquiry.talkOn')} rules={[{ required: true }]}>
            <DatePicker data-testid="inquiry-talk-on" />
          </Form.Item>
          <Form.Item name="venue" label={t('inquiry.place')} rules={[{ required: true }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="venueSafe" valuePropName="checked">
            <Checkbox>{t('inquiry.venueSafe')}</Checkbox>
          </Form.Item>
          <Form.Item name="recordTaken" valuePropName="checked">
            <Checkbox>{t('inquiry.recordTaken')}</Checkbox>
          </Form.Item>
          <Form.Item name="attendees" label={t('inquiry.attendees')} rules={[{ required: true }]}>
            <Input maxLength={300} />
          </Form.Item>
          <Form.Item name="writtenExplanation" valuePropName="checked">
            <Checkbox>{t('inquiry.askExplanation')}</Checkbox>
          </Form.Item>
        </StepForm>
      ) : null}
      {round.mode === 'talk' && round.talkOn && round.explanationRequired && !round.explanationOn ? (
        <StepForm testId="inquiry-explanation" title={t('inquiry.explanation')} onSubmit={post('explanation')}>
          <Form.Item name="receivedOn" label={t('inquiry.receivedOn')} rules={[{ required: true }]}>
            <DatePicker data-testid="inquiry-explanation-on" />
          </Form.Item>
        </StepForm>
      ) : null}
      {round.mode === 'letter' && !round.letterReceivedOn ? (
        <StepForm testId="inquiry-receipt" title={t('inquiry.receipt')} onSubmit={post('letter-receipt')}>
          <Form.Item name="receivedOn" label={t('inquiry.receivedOn')} rules={[{ required: true }]}>
            <DatePicker data-testid="inquiry-receipt-on" />
          </Form.Item>
        </StepForm>
      ) : null}
      {round.mode === 'letter' && round.letterReceivedOn && !round.replyOn ? (
        <StepForm testId="inquiry-reply" title={t('inquiry.reply')} onSubmit={post('reply')}>
          <Form.Item name="repliedOn" label={t('inquiry.repliedOn')} rules={[{ required: true }]}>
            <DatePicker data-testid="inquiry-replied-on" />
          </Form.Item>
          {round.targetIsPrincipal ? (
            <Typography.Paragraph type="secondary">{t('inquiry.direct')}</Typography.Paragraph>
          ) : (
            <>
              <Form.Item name="leaderName" label={t('inquiry.leaderName')}>
                <Input maxLength={60} data-testid="inquiry-leader-name" />
              </Form.Item>
              <Form.Item name="leaderOpinion" label={t('inquiry.leaderOpinion')}>
                <Input.TextArea rows={2} data-testid="inquiry-leader-opinion" />
              </Form.Item>
            </>
          )}
        </StepForm>
      ) : null}
      {held ? (
        <StepForm testId="inquiry-report" title={t('inquiry.report')} onSubmit={post('report')}>
          <Form.Item name="summary" label={t('inquiry.summary')} rules={[{ required: true }]}>
            <Input.TextArea rows={3} maxLength={5000} data-testid="inquiry-summary" />
          </Form.Item>
          <Form.Item name="outcome" label={t('inquiry.outcome')} rules={[{ required: true }]}>
            <Select
              data-testid="inquiry-outcome"
              options={INQUIRY_OUTCOMES.map((o) => ({ value: o, label: CLUE_OUTCOME_LABELS[o] }))}
            />
          </Form.Item>
        </StepForm>
      ) : null}
    </>
  );
}

const DOCS: Record<string, (r: InquiryRound) => boolean> = {
  inquiry_request: () => true,
  talk_plan: (r) => r.mode === 'talk',
  inquiry_letter: (r) => r.mode === 'letter',
  conclusion_letter: (r) => r.outcome === 'accepted_closed',
};

/** The 谈话函询 panel of a clue (shown while the clue is or was in 谈话函询). */
export function InquiryPanel({ clue, onChanged }: { clue: ClueDetail; onChanged: () => void }) {
  const { t } = useTranslation();
  const session = useSession();
  const [data, setData] = useState<InquiryList | null>(null);
  const load = useCallback(() => {
    listInquiries(clue.id)
      .then(setData)
      .catch(() => setData(null));
  }, [clue.id]);
  useEffect(load, [load, clue.version]);
  if (!data || (clue.status !== 'inquiry' && data.items.length === 0)) return null;
  const saved = () => {
    load();
    onChanged();
  };
  const manage = session.can('clue.manage') && clue.status === 'inquiry';
  const open = data.items.find((r) => ['requested', 'approved', 'reported'].includes(r.status));
  return (
    <Card size="small" title={t('inquiry.title')} style={{ marginBottom: 16 }} data-testid="inquiry-panel">
      {data.items.map((r) => (
        <div key={r.id} data-testid="inquiry-round" style={{ marginBottom: 8 }}>
          <Space wrap>
            <Typography.Text strong>
              {t('inquiry.round', { n: r.round })} · {r.mode === 'talk' ? t('inquiry.talk') : t('inquiry.letter')}
            </Typography.Text>
            <Tag>{t(`inquiry.status.${r.status}`, { defaultValue: r.status })}</Tag>
            {r.outcome ? <Tag color="blue">{CLUE_OUTCOME_LABELS[r.outcome]}</Tag> : null}
            {r.officers.map((o) => o.name).join('、')}
            {r.talkOn ? `${t('inquiry.talkOn')} ${formatDate(r.talkOn)}` : null}
            {r.letterReceivedOn ? `${t('inquiry.receivedOn')} ${formatDate(r.letterReceivedOn)}` : null}
            {r.replyOn ? `${t('inquiry.repliedOn')} ${formatDate(r.replyOn)}` : null}
            {Object.entries(DOCS)
              .filter(([, ok]) => ok(r))
              .map(([file]) => (
                <a
                  key={file}
                  href={inquiryDocumentUrl(clue.id, r.id, `${file}.pdf`)}
                  data-testid={`inquiry-doc-${file}`}
                >
                  {t(`inquiry.docs.${file}`)}
                </a>
              ))}
          </Space>
        </div>
      ))}
      {manage && !open ? <RequestForm clue={clue} principal={data.principalByRank} onSaved={saved} /> : null}
      {manage && open ? <RoundSteps clue={clue} round={open} onSaved={saved} /> : null}
    </Card>
  );
}
