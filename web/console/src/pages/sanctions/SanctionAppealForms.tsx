/**
 * The forms on one undecided appeal: 组成复查组 (pick the team from the people the server offers;
 * those of the original matter or recused are shown disabled with the reason in words; the
 * conflict check is run and the team saved in one go, a refusal shown in words) and 决定 (the
 * outcome, the new sanction where it changes, the date, number and reasons). Both read the
 * appeal's current version first, and reload the page after a write that went through.
 */
import { useEffect, useState } from 'react';
import { DatePicker, Form, Input, Select, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { apiGet, apiPost, apiPut } from '../../api/request.js';
import { todayPickerDate } from '../../lib/dates.js';
import { SanctionActionModal, plainValues } from './SanctionActionModal.js';
import {
  LIGHTER_OUTCOME_LABELS,
  PARTY_SANCTION_LABELS,
  SANCTION_APPEAL_OUTCOME_LABELS,
  STATE_SANCTION_LABELS,
  outcomeName,
} from './sanctionsApi.js';

/** A person the team picker offers (`GET /api/sanction-appeals/:id/team/candidates`). */
export interface AppealTeamCandidate {
  userId: string;
  name: string;
  unitName: string;
  excluded: boolean;
  reason: string | null;
}

const appealPath = (id: string) => `/api/sanction-appeals/${encodeURIComponent(id)}`;
const currentVersion = async (id: string) => (await apiGet<{ version: number }>(appealPath(id))).version;

/** The team picker's options: the excluded disabled, their reason after the name. */
function TeamPicker({ appealId }: { appealId: string }) {
  const { t } = useTranslation();
  const [people, setPeople] = useState<AppealTeamCandidate[] | null>(null);
  useEffect(() => {
    let live = true;
    apiGet<{ people: AppealTeamCandidate[] }>(`${appealPath(appealId)}/team/candidates`)
      .then((answer) => live && setPeople(answer.people))
      .catch(() => live && setPeople([]));
    return () => {
      live = false;
    };
  }, [appealId]);
  return (
    <Form.Item
      name="userIds"
      label={t('sanction.appeals.team.members')}
      extra={t('sanction.appeals.team.rule')}
      rules={[{ required: true, message: t('sanction.required') }]}
    >
      <Select
        mode="multiple"
        loading={people === null}
        optionFilterProp="title"
        data-testid="appeal-team-members"
        options={(people ?? []).map((p) => ({
          value: p.userId,
          title: p.name,
          disabled: p.excluded,
          label: (
            <div data-testid={`appeal-team-option-${p.userId}`} style={{ whiteSpace: 'normal' }}>
              {p.name}（{p.unitName}）
              {p.reason ? (
                <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                  {p.reason}
                </Typography.Text>
              ) : null}
            </div>
          ),
        }))}
      />
    </Form.Item>
  );
}

/** 组成复查组: the conflict check of the picked people, then the team saved with it. */
export function AppealTeamForm({ appealId, onDone }: { appealId: string; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <SanctionActionModal<{ userIds: string[] }>
      testId="appeal-team"
      title={t('sanction.appeals.team.open')}
      onDone={onDone}
      onSubmit={async (v) => {
        const check = await apiPost<{ checkId: string }>(`${appealPath(appealId)}/conflict-checks`, {
          userIds: v.userIds,
        });
        await apiPut(`${appealPath(appealId)}/team`, {
          version: await currentVersion(appealId),
          checkId: check.checkId,
          userIds: v.userIds,
        });
      }}
    >
      <TeamPicker appealId={appealId} />
    </SanctionActionModal>
  );
}

/** The sanctions a change may decide: the same system's (留党察看 with its years). */
function newKindOptions(system: string): { value: string; label: string }[] {
  const labels = { party: PARTY_SANCTION_LABELS, state: STATE_SANCTION_LABELS, lighter: LIGHTER_OUTCOME_LABELS };
  const kinds = Object.keys(system === 'state' ? STATE_SANCTION_LABELS : PARTY_SANCTION_LABELS);
  return kinds.map((kind) => ({ value: kind, label: outcomeName({ system, kind, probationYears: null }, labels) }));
}

/** 决定: upheld, changed (to a new sanction of the same system) or revoked. */
export function AppealDecisionForm({
  appealId,
  system,
  onDone,
}: {
  appealId: string;
  /** The appealed sanction's system (`party` or `state`): the new sanction's options. */
  system: string;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  return (
    <SanctionActionModal<{
      outcome: string;
      newKind?: string;
      probationYears?: number;
      decidedOn: Dayjs;
      decisionRef: string;
      reason: string;
    }>
      testId="appeal-decision"
      title={t('sanction.appeals.decision.open')}
      onDone={onDone}
      initialValues={{ decidedOn: todayPickerDate() }}
      onSubmit={async (v) => {
        const body = plainValues(v);
        if (v.outcome !== 'changed') {
          delete body.newKind;
          delete body.probationYears;
        } else if (v.newKind !== 'probation') delete body.probationYears;
        await apiPost(`${appealPath(appealId)}/decision`, { ...body, version: await currentVersion(appealId) });
      }}
    >
      {(form) => (
        <>
          <Form.Item
            name="outcome"
            label={t('sanction.appeals.decision.outcome')}
            rules={[{ required: true, message: t('sanction.required') }]}
          >
            <Select
              data-testid="appeal-decision-outcome"
              options={Object.keys(SANCTION_APPEAL_OUTCOME_LABELS).map((value) => ({
                value,
                label: t(`sanction.appeals.outcomes.${value}`),
              }))}
            />
          </Form.Item>
          <Form.Item noStyle shouldUpdate={(a, b) => a.outcome !== b.outcome || a.newKind !== b.newKind}>
            {() =>
              form.getFieldValue('outcome') === 'changed' ? (
                <Space align="start">
                  <Form.Item
                    name="newKind"
                    label={t('sanction.appeals.decision.newKind')}
                    rules={[{ required: true, message: t('sanction.required') }]}
                  >
                    <Select
                      style={{ width: 200 }}
                      data-testid="appeal-decision-new-kind"
                      options={newKindOptions(system)}
                    />
                  </Form.Item>
                  {form.getFieldValue('newKind') === 'probation' ? (
                    <Form.Item
                      name="probationYears"
                      label={t('sanction.appeals.decision.probationYears')}
                      rules={[{ required: true, message: t('sanction.required') }]}
                    >
                      <Select
                        style={{ width: 120 }}
                        data-testid="appeal-decision-years"
                        options={[1, 2].map((y) => ({ value: y, label: t(`sanction.appeals.decision.years${y}`) }))}
                      />
                    </Form.Item>
                  ) : null}
                </Space>
              ) : null
            }
          </Form.Item>
          <Form.Item
            name="decidedOn"
            label={t('sanction.appeals.decision.decidedOn')}
            rules={[{ required: true, message: t('sanction.required') }]}
          >
            <DatePicker data-testid="appeal-decision-on" />
          </Form.Item>
          <Form.Item
            name="decisionRef"
            label={t('sanction.appeals.decision.ref')}
            rules={[{ required: true, message: t('sanction.required') }]}
          >
            <Input data-testid="appeal-decision-ref" />
          </Form.Item>
          <Form.Item
            name="reason"
            label={t('sanction.appeals.decision.reason')}
            rules={[{ required: true, message: t('sanction.required') }]}
          >
            <Input.TextArea rows={3} data-testid="appeal-decision-reason" />
          </Form.Item>
        </>
      )}
    </SanctionActionModal>
  );
}
