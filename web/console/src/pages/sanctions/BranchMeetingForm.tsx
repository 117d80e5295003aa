/**
 * 支部大会 on a party sanction: the branch, the date, the roll editor (each member: with a vote
 * or not, expected or excused, present or not, and the vote), the quorum and the majority
 * computed from the roll as the engine counts them (against the voting members who should
 * attend, exactly half fails) and shown before sending, the resolution and the person's
 * signature or refusal. The server decides; its refusal is shown in words.
 */
import { useState } from 'react';
import { Button, Checkbox, DatePicker, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { todayPickerDate } from '../../lib/dates.js';
import { type RollEntry, type SanctionDetail, rollResult, sanctionWrite } from './sanctionsApi.js';
import { SanctionActionModal } from './SanctionActionModal.js';

interface MeetingForm {
  branchName: string;
  heldOn: Dayjs;
  resolution: string;
  personSignature: 'signed' | 'refused' | 'absent';
  personOpinion?: string;
}

let nextKey = 1;

/** A new roll line: a voting member expected to attend, not yet marked present. */
export function newRollLine(name = ''): RollEntry {
  return {
    key: `m${nextKey++}`,
    name,
    isSubject: false,
    votingRights: true,
    shouldAttend: true,
    present: false,
    vote: null,
  };
}

/** The roll editor and the computed result. */
export function RollEditor({ roll, onChange }: { roll: RollEntry[]; onChange: (roll: RollEntry[]) => void }) {
  const { t } = useTranslation();
  const result = rollResult(roll);
  const set = (key: string, patch: Partial<RollEntry>) =>
    onChange(
      roll.map((l) => {
        if (l.key !== key) return l;
        const next = { ...l, ...patch };
        // Only a present member with a vote votes; the person being sanctioned never does.
        if (next.isSubject) next.votingRights = false;
        if (!next.present || !next.votingRights) next.vote = null;
        return next;
      }),
    );
  return (
    <div data-testid="branch-roll">
      <Table<RollEntry>
        rowKey="key"
        size="small"
        pagination={false}
        dataSource={roll}
        columns={[
          {
            title: t('sanction.branch.member'),
            dataIndex: 'name',
            render: (v: string, l, i) => (
              <Input
                value={v}
                onChange={(e) => set(l.key, { name: e.target.value })}
                data-testid={`branch-roll-name-${i}`}
              />
            ),
          },
          {
            title: t('sanction.branch.isSubject'),
            dataIndex: 'isSubject',
            width: 80,
            render: (v: boolean, l, i) => (
              <Checkbox
                checked={v}
                onChange={(e) => set(l.key, { isSubject: e.target.checked })}
                data-testid={`branch-roll-subject-${i}`}
              />
            ),
          },
          {
            title: t('sanction.branch.voting'),
            dataIndex: 'votingRights',
            width: 70,
            render: (v: boolean, l, i) => (
              <Checkbox
                checked={v}
                disabled={l.isSubject}
                onChange={(e) => set(l.key, { votingRights: e.target.checked })}
                data-testid={`branch-roll-voting-${i}`}
              />
            ),
          },
          {
            title: t('sanction.branch.expected'),
            dataIndex: 'shouldAttend',
            width: 70,
            render: (v: boolean, l, i) => (
              <Checkbox
                checked={v}
                onChange={(e) => set(l.key, { shouldAttend: e.target.checked })}
                data-testid={`branch-roll-expected-${i}`}
              />
            ),
          },
          {
            title: t('sanction.branch.present'),
            dataIndex: 'present',
            width: 70,
            render: (v: boolean, l, i) => (
              <Checkbox
                checked={v}
                onChange={(e) => set(l.key, { present: e.target.checked })}
                data-testid={`branch-roll-present-${i}`}
              />
            ),
          },
          {
            title: t('sanction.branch.vote'),
            dataIndex: 'vote',
            width: 110,
            render: (v: RollEntry['vote'], l, i) => (
              <Select
                value={v ?? undefined}
                allowClear
                disabled={!l.present || !l.votingRights || l.isSubject}
                style={{ width: 96 }}
                onChange={(nv: RollEntry['vote'] | undefined) => set(l.key, { vote: nv ?? null })}
                options={(['yes', 'no', 'abstain'] as const).map((o) => ({
                  value: o,
                  label: t(`sanction.branch.votes.${o}`),
                }))}
                data-testid={`branch-roll-vote-${i}`}
              />
            ),
          },
          {
            title: '',
            width: 40,
            render: (_: unknown, l) => (
              <Button
                size="small"
                type="text"
                icon={<DeleteOutlined />}
                aria-label={t('sanction.branch.remove')}
                onClick={() => onChange(roll.filter((x) => x.key !== l.key))}
              />
            ),
          },
        ]}
      />
      <Button
        icon={<PlusOutlined />}
        size="small"
        style={{ marginTop: 8 }}
        onClick={() => onChange([...roll, newRollLine()])}
        data-testid="branch-roll-add"
      >
        {t('sanction.branch.add')}
      </Button>
      <Space wrap style={{ marginTop: 12, display: 'flex' }} data-testid="branch-roll-result">
        <span>{t('sanction.branch.counts', result)}</span>
        <Tag color={result.quorum ? 'green' : 'red'} data-testid="branch-quorum">
          {result.quorum ? t('sanction.branch.quorate') : t('sanction.branch.notQuorate')}
        </Tag>
        <Tag color={result.majority ? 'green' : 'red'} data-testid="branch-majority">
          {result.majority ? t('sanction.branch.majority') : t('sanction.branch.noMajority')}
        </Tag>
      </Space>
      <Typography.Paragraph type="secondary" style={{ marginTop: 4, marginBottom: 0 }}>
        {t('sanction.branch.rule', { needed: result.needed })}
      </Typography.Paragraph>
    </div>
  );
}

/** The named lines of the roll as the server takes them (empty lines dropped); throws in words when none is named. */
export function rollPayload(roll: readonly RollEntry[], emptyMessage: string) {
  const named = roll.filter((l) => l.name.trim());
  if (named.length === 0) throw new Error(emptyMessage);
  return named.map((l) => ({
    name: l.name.trim(),
    isSubject: l.isSubject,
    votingRights: l.votingRights,
    shouldAttend: l.shouldAttend,
    present: l.present,
    vote: l.vote,
  }));
}

/** The 支部大会 button and dialog of a drafted party sanction. */
export function BranchMeetingAction({ sanction, reload }: { sanction: SanctionDetail; reload: () => void }) {
  const { t } = useTranslation();
  const [roll, setRoll] = useState<RollEntry[]>(() => [newRollLine(), newRollLine(), newRollLine()]);
  return (
    <SanctionActionModal<MeetingForm>
      testId="sanction-branch"
      title={t('sanction.branch.title')}
      width={760}
      initialValues={{ heldOn: todayPickerDate(), personSignature: 'signed' }}
      onDone={reload}
      onSubmit={async (v) => {
        const lines = rollPayload(roll, t('sanction.branch.emptyRoll'));
        return sanctionWrite(sanction.id, 'branch-meetings', {
          version: sanction.version,
          branchName: v.branchName,
          heldOn: v.heldOn.format('YYYY-MM-DD'),
          roll: lines,
          resolution: v.resolution,
          personSignature: v.personSignature,
          ...(v.personOpinion ? { personOpinion: v.personOpinion } : {}),
        });
      }}
    >
      <Form.Item
        name="branchName"
        label={t('sanction.branch.branchName')}
        rules={[{ required: true, message: t('sanction.required') }]}
      >
        <Input data-testid="branch-name" />
      </Form.Item>
      <Form.Item
        name="heldOn"
        label={t('sanction.branch.heldOn')}
        rules={[{ required: true, message: t('sanction.required') }]}
      >
        <DatePicker data-testid="branch-held-on" />
      </Form.Item>
      <Form.Item label={t('sanction.branch.roll')}>
        <RollEditor roll={roll} onChange={setRoll} />
      </Form.Item>
      <Form.Item
        name="resolution"
        label={t('sanction.branch.resolution')}
        rules={[{ required: true, message: t('sanction.required') }]}
      >
        <Input.TextArea rows={2} data-testid="branch-resolution" />
      </Form.Item>
      <Form.Item name="personSignature" label={t('sanction.branch.signature')}>
        <Select
          options={(['signed', 'refused', 'absent'] as const).map((s) => ({
            value: s,
            label: t(`sanction.branch.signatures.${s}`),
          }))}
          data-testid="branch-signature"
        />
      </Form.Item>
      <Form.Item name="personOpinion" label={t('sanction.branch.opinion')}>
        <Input.TextArea rows={2} data-testid="branch-opinion" />
      </Form.Item>
    </SanctionActionModal>
  );
}
