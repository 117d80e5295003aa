/**
 * The writes on a sanction, offered by its state and the reader's rights: while drafted — edit,
 * the defence (陈述申辩), the branch meeting (党纪) or the direct decision with its reason, the
 * submission to the party committee that approves it (drafted → submitted), the decision
 * (approving body, document number, date) and withdrawal; once decided — the steps
 * (送达, 宣布, 职务职级工资待遇调整, 执行情况报告, 报送党委/上级), a notice, and for a 留党察看
 * its end (restore, extend, expel). Each is a dialog whose refusal the server words.
 */
import { Checkbox, DatePicker, Form, Input, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { todayPickerDate } from '../../lib/dates.js';
import {
  APPROVING_BODIES,
  DIRECT_DECISION_REASONS,
  LIGHTER_OUTCOMES,
  PARTY_SANCTIONS,
  PROBATION_OUTCOMES,
  type RollEntry,
  STATE_SANCTIONS,
  type SanctionDetail,
  editSanction,
  sanctionWrite,
} from './sanctionsApi.js';
import { BranchMeetingAction, RollEditor, newRollLine, rollPayload } from './BranchMeetingForm.js';
import { SanctionActionModal, plainValues } from './SanctionActionModal.js';

/** Props of every action. */
interface ActionProps {
  sanction: SanctionDetail;
  reload: () => void;
}

const required = (t: (k: string) => string) => [{ required: true, message: t('sanction.required') }];

/** The kinds a draft may take within its side. */
function kindsOf(system: string): readonly string[] {
  if (system === 'party') return PARTY_SANCTIONS;
  if (system === 'state') return STATE_SANCTIONS;
  if (system === 'lighter') return LIGHTER_OUTCOMES;
  return [];
}

/** The party post's three answers in the form (a Select keeps no null): held, none, not recorded. */
type PostAnswer = 'yes' | 'no' | 'unknown';
const POST_ANSWERS: readonly PostAnswer[] = ['yes', 'no', 'unknown'];
const postAnswerOf = (held: boolean | null | undefined): PostAnswer =>
  held === true ? 'yes' : held === false ? 'no' : 'unknown';

/** 修改: kind, probation years, the party post, in place of 撤销党内职务, important or complex, summary, new fact. */
function EditAction({ sanction, reload }: ActionProps) {
  const { t } = useTranslation();
  const s = sanction;
  return (
    <SanctionActionModal<Record<string, unknown>>
      testId="sanction-edit"
      title={t('sanction.actions.edit')}
      onDone={reload}
      initialValues={{
        kind: s.kind,
        probationYears: s.probationYears ?? 1,
        inPlaceOfPostRemoval: s.inPlaceOfPostRemoval ?? false,
        holdsPartyPost: postAnswerOf(s.holdsPartyPost),
        summary: s.summary,
        newFact: s.newFact ?? undefined,
        exemptionConclusion: s.exemptionConclusion ?? undefined,
      }}
      onSubmit={(v) => {
        const body = plainValues(v);
        if (body.kind !== 'probation') delete body.probationYears;
        if (s.system === 'party') {
          const answer = body.holdsPartyPost as PostAnswer | undefined;
          body.holdsPartyPost = answer === 'yes' ? true : answer === 'no' ? false : null;
        } else delete body.holdsPartyPost;
        return editSanction(s.id, { version: s.version, ...body });
      }}
    >
      {(form) => (
        <>
          {kindsOf(s.system).length > 0 ? (
            <Form.Item name="kind" label={t('sanction.kind')} rules={required(t)}>
              <Select
                options={kindsOf(s.system).map((k) => ({ value: k, label: t(`sanction.kinds.${s.system}.${k}`) }))}
                data-testid="sanction-edit-kind"
              />
            </Form.Item>
          ) : null}
          <Form.Item noStyle shouldUpdate>
            {() =>
              form.getFieldValue('kind') === 'probation' ? (
                <Form.Item name="probationYears" label={t('sanction.probationYears')}>
                  <Select options={[1, 2].map((y) => ({ value: y, label: t(`sanction.years.${y}`) }))} />
                </Form.Item>
              ) : null
            }
          </Form.Item>
          {s.system === 'party' ? (
            <Form.Item
              name="holdsPartyPost"
              label={t('sanction.holdsPartyPost')}
              extra={t('sanction.holdsPartyPostHint')}
            >
              <Select
                options={POST_ANSWERS.map((a) => ({ value: a, label: t(`sanction.holdsPartyPostOptions.${a}`) }))}
                data-testid="sanction-edit-party-post"
              />
            </Form.Item>
          ) : null}
          {s.system === 'party' ? (
            <Form.Item name="inPlaceOfPostRemoval" valuePropName="checked">
              <Checkbox>{t('sanction.inPlaceOfPostRemoval')}</Checkbox>
            </Form.Item>
          ) : null}
          {s.system === 'party' ? (
            <Form.Item name="importantOrComplex" valuePropName="checked">
              <Checkbox>{t('sanction.importantOrComplex')}</Checkbox>
            </Form.Item>
          ) : null}
          <Form.Item name="summary" label={t('sanction.summary')} rules={required(t)}>
            <Input.TextArea rows={3} data-testid="sanction-edit-summary" />
          </Form.Item>
          {s.system === 'lighter' ? (
            <Form.Item name="exemptionConclusion" label={t('sanction.exemptionConclusion')}>
              <Input.TextArea rows={2} />
            </Form.Item>
          ) : null}
          {s.defenceHeardOn ? (
            <Form.Item name="newFact" label={t('sanction.newFact')} extra={t('sanction.newFactHint')}>
              <Input.TextArea rows={2} data-testid="sanction-edit-new-fact" />
            </Form.Item>
          ) : null}
        </>
      )}
    </SanctionActionModal>
  );
}

/** 听取陈述申辩: the date and what the person said. */
function DefenceAction({ sanction, reload }: ActionProps) {
  const { t } = useTranslation();
  return (
    <SanctionActionModal<{ heardOn: Dayjs; summary: string }>
      testId="sanction-defence"
      title={t('sanction.actions.defence')}
      onDone={reload}
      initialValues={{ heardOn: todayPickerDate() }}
      onSubmit={(v) => sanctionWrite(sanction.id, 'defence', { version: sanction.version, ...plainValues(v) })}
    >
      <Form.Item name="heardOn" label={t('sanction.defence.heardOn')} rules={required(t)}>
        <DatePicker data-testid="sanction-defence-on" />
      </Form.Item>
      <Form.Item name="summary" label={t('sanction.defence.summary')} rules={required(t)}>
        <Input.TextArea rows={3} data-testid="sanction-defence-summary" />
      </Form.Item>
    </SanctionActionModal>
  );
}

/** 直接决定 (PZ 第十四条): the body at county level or above, the reason, its words. */
function DirectDecisionAction({ sanction, reload }: ActionProps) {
  const { t } = useTranslation();
  return (
    <SanctionActionModal<{ body: string; reason: string; note?: string }>
      testId="sanction-direct"
      title={t('sanction.actions.direct')}
      onDone={reload}
      onSubmit={(v) => sanctionWrite(sanction.id, 'direct-decision', { version: sanction.version, ...plainValues(v) })}
    >
      <Form.Item name="body" label={t('sanction.approvingBody')} rules={required(t)}>
        <Select
          options={APPROVING_BODIES.map((b) => ({ value: b, label: t(`sanction.bodies.${b}`) }))}
          data-testid="sanction-direct-body"
        />
      </Form.Item>
      <Form.Item name="reason" label={t('sanction.direct.reason')} rules={required(t)}>
        <Select
          popupMatchSelectWidth={false}
          options={DIRECT_DECISION_REASONS.map((r) => ({ value: r, label: t(`sanction.directReasons.${r}`) }))}
          data-testid="sanction-direct-reason"
        />
      </Form.Item>
      <Form.Item name="note" label={t('sanction.direct.note')}>
        <Input.TextArea rows={2} data-testid="sanction-direct-note" />
      </Form.Item>
    </SanctionActionModal>
  );
}

/** 作出处分决定: approving body (its kind and name), document number, date. */
function DecisionAction({ sanction, reload }: ActionProps) {
  const { t } = useTranslation();
  return (
    <SanctionActionModal<{ approvingBody: string; approvingBodyName: string; decisionRef: string; decidedOn: Dayjs }>
      testId="sanction-decide"
      title={t('sanction.actions.decide')}
      primary
      onDone={reload}
      initialValues={{ decidedOn: todayPickerDate(), approvingBody: sanction.requiredBody ?? undefined }}
      intro={
        sanction.requiredBody ? (
          <Typography.Paragraph type="secondary">
            {t('sanction.decision.requiredBody', { body: t(`sanction.bodies.${sanction.requiredBody}`) })}
          </Typography.Paragraph>
        ) : null
      }
      onSubmit={(v) => sanctionWrite(sanction.id, 'decision', { version: sanction.version, ...plainValues(v) })}
    >
      <Form.Item name="approvingBody" label={t('sanction.approvingBody')} rules={required(t)}>
        <Select
          options={APPROVING_BODIES.map((b) => ({ value: b, label: t(`sanction.bodies.${b}`) }))}
          data-testid="sanction-decide-body"
        />
      </Form.Item>
      <Form.Item name="approvingBodyName" label={t('sanction.approvingBodyName')} rules={required(t)}>
        <Input data-testid="sanction-decide-body-name" />
      </Form.Item>
      <Form.Item name="decisionRef" label={t('sanction.decisionRef')} rules={required(t)}>
        <Input data-testid="sanction-decide-ref" />
      </Form.Item>
      <Form.Item name="decidedOn" label={t('sanction.decidedOn')} rules={required(t)}>
        <DatePicker data-testid="sanction-decide-on" />
      </Form.Item>
    </SanctionActionModal>
  );
}

/** 报送党委审批: the commission submits the draft to the party committee that approves it, on a date. */
function SubmitAction({ sanction, reload }: ActionProps) {
  const { t } = useTranslation();
  return (
    <SanctionActionModal<{ on: Dayjs; note?: string }>
      testId="sanction-submit"
      title={t('sanction.actions.submit')}
      onDone={reload}
      initialValues={{ on: todayPickerDate() }}
      intro={
        <Typography.Paragraph type="secondary">
          {t('sanction.submission.intro', {
            body: sanction.requiredBody ? t(`sanction.bodies.${sanction.requiredBody}`) : '',
          })}
        </Typography.Paragraph>
      }
      onSubmit={(v) => sanctionWrite(sanction.id, 'submission', { version: sanction.version, ...plainValues(v) })}
    >
      <Form.Item name="on" label={t('sanction.submission.on')} rules={required(t)}>
        <DatePicker data-testid="sanction-submit-on" />
      </Form.Item>
      <Form.Item name="note" label={t('sanction.note')}>
        <Input.TextArea rows={2} data-testid="sanction-submit-note" />
      </Form.Item>
    </SanctionActionModal>
  );
}

/** 撤回: the draft will not be given, with the reason. */
function WithdrawAction({ sanction, reload }: ActionProps) {
  const { t } = useTranslation();
  return (
    <SanctionActionModal<{ reason: string }>
      testId="sanction-withdraw"
      title={t('sanction.actions.withdraw')}
      onDone={reload}
      onSubmit={(v) => sanctionWrite(sanction.id, 'withdrawal', { version: sanction.version, ...plainValues(v) })}
    >
      <Form.Item name="reason" label={t('sanction.withdrawReason')} rules={required(t)}>
        <Input.TextArea rows={2} data-testid="sanction-withdraw-reason" />
      </Form.Item>
    </SanctionActionModal>
  );
}

/** The steps after a decision, in order, with the date field each fills. */
export const SANCTION_STEPS = [
  { step: 'delivered', field: 'deliveredOn' },
  { step: 'announced', field: 'announcedOn' },
  { step: 'job_pay', field: 'jobPayOn' },
  { step: 'execution_reported', field: 'executionReportedOn' },
  { step: 'submitted_committee', field: 'submittedOn' },
  { step: 'submitted_up', field: 'submittedUpOn' },
] as const;

/** One step's button: the date it was done and a note. */
function StepAction({ sanction, reload, step }: ActionProps & { step: string }) {
  const { t } = useTranslation();
  return (
    <SanctionActionModal<{ on: Dayjs; note?: string }>
      testId={`sanction-step-${step}`}
      title={t(`sanction.steps.${step}`)}
      onDone={reload}
      initialValues={{ on: todayPickerDate() }}
      onSubmit={(v) => sanctionWrite(sanction.id, `steps/${step}`, { version: sanction.version, ...plainValues(v) })}
    >
      <Form.Item name="on" label={t('sanction.stepOn')} rules={required(t)}>
        <DatePicker data-testid={`sanction-step-${step}-on`} />
      </Form.Item>
      <Form.Item name="note" label={t('sanction.note')}>
        <Input.TextArea rows={2} data-testid={`sanction-step-${step}-note`} />
      </Form.Item>
    </SanctionActionModal>
  );
}

/** 通知有关单位: who was told, when. */
function NoticeAction({ sanction, reload }: ActionProps) {
  const { t } = useTranslation();
  return (
    <SanctionActionModal<{ kind: string; recipient: string; sentOn: Dayjs; note?: string }>
      testId="sanction-notice"
      title={t('sanction.actions.notice')}
      onDone={reload}
      initialValues={{ kind: 'decision', sentOn: todayPickerDate() }}
      onSubmit={(v) => sanctionWrite(sanction.id, 'notices', plainValues(v))}
    >
      <Form.Item name="kind" label={t('sanction.notices.kind')} rules={required(t)}>
        <Select
          options={(['decision', 'change'] as const).map((k) => ({
            value: k,
            label: t(`sanction.notices.kinds.${k}`),
          }))}
        />
      </Form.Item>
      <Form.Item name="recipient" label={t('sanction.notices.recipient')} rules={required(t)}>
        <Input data-testid="sanction-notice-recipient" />
      </Form.Item>
      <Form.Item name="sentOn" label={t('sanction.notices.sentOn')} rules={required(t)}>
        <DatePicker />
      </Form.Item>
      <Form.Item name="note" label={t('sanction.note')}>
        <Input.TextArea rows={2} />
      </Form.Item>
    </SanctionActionModal>
  );
}

/**
 * 留党察看期满处理: restore, extend a year, or expel, with the approving body, its number and the
 * reason; a restoration also carries the branch's resolution (支部党员大会: the branch, the date,
 * the roll with its quorum and majority, the resolution, the member's signature), which the
 * server requires.
 */
function ProbationEndAction({ sanction, reload }: ActionProps) {
  const { t } = useTranslation();
  const [roll, setRoll] = useState<RollEntry[]>(() => [newRollLine(), newRollLine(), newRollLine()]);
  return (
    <SanctionActionModal<{
      outcome: string;
      decidedOn: Dayjs;
      body: string;
      bodyName: string;
      decisionRef: string;
      reason: string;
      branchName?: string;
      branchHeldOn?: Dayjs;
      branchResolution?: string;
      personSignature?: 'signed' | 'refused' | 'absent';
    }>
      testId="sanction-probation"
      title={t('sanction.actions.probation')}
      width={760}
      onDone={reload}
      initialValues={{ decidedOn: todayPickerDate(), branchHeldOn: todayPickerDate(), personSignature: 'signed' }}
      onSubmit={(v) => {
        const { branchName, branchHeldOn, branchResolution, personSignature, ...rest } = v;
        const branch =
          v.outcome === 'restore'
            ? {
                branchName,
                heldOn: branchHeldOn?.format('YYYY-MM-DD'),
                // The restoration's roll names each member by a stable id (here the name); the member
                // under 察看 has no vote, which the roll editor already records.
                roll: rollPayload(roll, t('sanction.branch.emptyRoll')).map(({ name, isSubject: _, ...line }) => ({
                  personId: name,
                  ...line,
                })),
                resolution: branchResolution,
                personSignature,
              }
            : undefined;
        return sanctionWrite(sanction.id, 'probation-outcome', {
          version: sanction.version,
          ...plainValues(rest),
          ...(branch ? { branch } : {}),
        });
      }}
    >
      {(form) => (
        <>
          <Form.Item name="outcome" label={t('sanction.probationOutcome')} rules={required(t)}>
            <Select
              options={PROBATION_OUTCOMES.map((o) => ({ value: o, label: t(`sanction.probationOutcomes.${o}`) }))}
              data-testid="sanction-probation-outcome"
            />
          </Form.Item>
          <Form.Item noStyle shouldUpdate={(a, b) => a.outcome !== b.outcome}>
            {() =>
              form.getFieldValue('outcome') === 'restore' ? (
                <>
                  <Form.Item name="branchName" label={t('sanction.branch.branchName')} rules={required(t)}>
                    <Input data-testid="probation-branch-name" />
                  </Form.Item>
                  <Form.Item name="branchHeldOn" label={t('sanction.branch.heldOn')} rules={required(t)}>
                    <DatePicker data-testid="probation-branch-held-on" />
                  </Form.Item>
                  <Form.Item label={t('sanction.branch.roll')}>
                    <RollEditor roll={roll} onChange={setRoll} />
                  </Form.Item>
                  <Form.Item name="branchResolution" label={t('sanction.branch.resolution')} rules={required(t)}>
                    <Input.TextArea rows={2} data-testid="probation-branch-resolution" />
                  </Form.Item>
                  <Form.Item name="personSignature" label={t('sanction.branch.signature')}>
                    <Select
                      options={(['signed', 'refused', 'absent'] as const).map((x) => ({
                        value: x,
                        label: t(`sanction.branch.signatures.${x}`),
                      }))}
                    />
                  </Form.Item>
                </>
              ) : null
            }
          </Form.Item>
          <Form.Item name="body" label={t('sanction.approvingBody')} rules={required(t)}>
            <Select
              options={APPROVING_BODIES.map((b) => ({ value: b, label: t(`sanction.bodies.${b}`) }))}
              data-testid="sanction-probation-body"
            />
          </Form.Item>
          <Form.Item name="bodyName" label={t('sanction.approvingBodyName')} rules={required(t)}>
            <Input data-testid="sanction-probation-body-name" />
          </Form.Item>
          <Form.Item name="decisionRef" label={t('sanction.decisionRef')} rules={required(t)}>
            <Input data-testid="sanction-probation-ref" />
          </Form.Item>
          <Form.Item name="decidedOn" label={t('sanction.decidedOn')} rules={required(t)}>
            <DatePicker data-testid="sanction-probation-on" />
          </Form.Item>
          <Form.Item name="reason" label={t('sanction.probationReason')} rules={required(t)}>
            <Input.TextArea rows={2} data-testid="sanction-probation-reason" />
          </Form.Item>
        </>
      )}
    </SanctionActionModal>
  );
}

/** What the state allows (the server's `next` where it sends it), as buttons; the page shows them to managers only. */
export function SanctionActions({ sanction, reload }: ActionProps) {
  const s = sanction;
  const sanctionSide = s.system === 'party' || s.system === 'state';
  const done = (field: string) => Boolean((s as unknown as Record<string, unknown>)[field]);
  const drafted = s.status === 'drafted';
  const allows = (action: string, fallback: boolean) => (s.next ? s.next.includes(action) : fallback);
  if (s.status === 'drafted' || s.status === 'submitted')
    return (
      <Space wrap data-testid="sanction-actions">
        {allows('edit', drafted) ? <EditAction sanction={s} reload={reload} /> : null}
        {allows('defence', drafted && sanctionSide) ? <DefenceAction sanction={s} reload={reload} /> : null}
        {allows('branch_meeting', drafted && s.system === 'party') ? (
          <BranchMeetingAction sanction={s} reload={reload} />
        ) : null}
        {allows('direct_decision', drafted && s.system === 'party') ? (
          <DirectDecisionAction sanction={s} reload={reload} />
        ) : null}
        {allows('submit', false) ? <SubmitAction sanction={s} reload={reload} /> : null}
        {allows('decide', true) ? <DecisionAction sanction={s} reload={reload} /> : null}
        {allows('withdraw', true) ? <WithdrawAction sanction={s} reload={reload} /> : null}
      </Space>
    );
  if (s.status !== 'decided') return null;
  return (
    <Space wrap data-testid="sanction-actions">
      {SANCTION_STEPS.filter(({ step, field }) =>
        allows(step, !done(field) && (step !== 'submitted_committee' || s.system === 'party')),
      ).map(({ step }) => (
        <StepAction key={step} sanction={s} reload={reload} step={step} />
      ))}
      <NoticeAction sanction={s} reload={reload} />
      {s.system === 'party' &&
      s.kind === 'probation' &&
      !s.supersededBy &&
      s.probationOutcome !== 'restore' &&
      s.probationOutcome !== 'expel' ? (
        <ProbationEndAction sanction={s} reload={reload} />
      ) : null}
    </Space>
  );
}
