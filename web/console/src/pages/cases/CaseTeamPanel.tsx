/**
 * 审查调查组 tab: the team as read (`CaseTeamTab`) and, for a holder of `case.assign` over the
 * case, the editor: the proposed team (current members, people added with their role, people
 * taken off with the reason), the conflict check (回避审查) run on the whole proposed team with
 * each person's outcome in words (warnings confirmed with a reason), staff of the subject's own
 * township admitted only with the principal leader's approval and a note, then the save. The
 * server's refusals (recusal conflict, fewer than 2, no leader, own township) are shown as worded.
 */
import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, Input, List, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  type CaseTeamCheck,
  type TeamCandidates,
  checkCaseTeam,
  saveCaseTeam,
  teamCandidates,
} from '../../api/case-evidence.js';
import { CASE_MEMBER_ROLES, CASE_WORKING_STATES, type CaseMemberRole } from '../../api/cases.js';
import { errorMessage } from '../../api/request.js';
import { confirmWarning } from '../../api/verification.js';
import { CaseTeamTab } from './CaseBasicTabs.js';
import type { CaseTabProps } from './caseTabs.js';

/** A person on the proposed team. */
interface Staged {
  userId: string;
  name: string;
  unitName: string | null;
  role: CaseMemberRole;
  exception: { approverId: string; approverName: string; note: string } | null;
}

/** The reporter's identity stays confidential (JK 第四十七条): a reason about them is not named. */
function reasonText(r: { code: string; text: string }, hidden: string): string {
  return r.code.includes('REPORTER') ? hidden : r.text;
}

/** The editor of the team (shown to a holder of case.assign). */
function CaseTeamEditor({ kase, reload }: CaseTabProps) {
  const { t } = useTranslation();
  const initial = useMemo<Staged[]>(
    () =>
      kase.team
        .filter((m) => m.role !== 'drafter')
        .map((m) => ({
          userId: m.userId,
          name: m.name,
          unitName: m.unitName,
          role: m.role as CaseMemberRole,
          exception: null,
        })),
    [kase.team],
  );
  const [staged, setStaged] = useState<Staged[]>(initial);
  const [people, setPeople] = useState<TeamCandidates>({ items: [], approvers: [] });
  const [personId, setPersonId] = useState<string | undefined>();
  const [role, setRole] = useState<CaseMemberRole>('member');
  const [approverId, setApproverId] = useState<string | undefined>();
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const [check, setCheck] = useState<(CaseTeamCheck & { key: string }) | null>(null);
  const [confirmed, setConfirmed] = useState<Set<string>>(new Set());
  const [warnReason, setWarnReason] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => setStaged(initial), [initial]);
  const [q, setQ] = useState('');
  const [seen, setSeen] = useState<Map<string, TeamCandidates['items'][number]>>(new Map());
  useEffect(() => {
    // The server searches by name (at most 100 answered); people once offered stay known to the form.
    let live = true;
    teamCandidates(kase.id, q).then(
      (found) => {
        if (!live) return;
        setPeople(found);
        setSeen((m) => new Map([...m, ...found.items.map((p) => [p.id, p] as const)]));
      },
      (err: unknown) => live && setError(errorMessage(err)),
    );
    return () => {
      live = false;
    };
  }, [kase.id, q]);

  const key = staged.map((s) => s.userId).join(',');
  const checkCurrent = check !== null && check.key === key;
  const leaving = initial.filter((m) => !staged.some((s) => s.userId === m.userId));
  const chosen = personId ? seen.get(personId) : undefined;
  const hidden = t('case.team.reporterHidden');

  function add() {
    if (!chosen) return;
    const approver = people.approvers.find((a) => a.id === approverId);
    if (chosen.ownTownship && (!approver || !note.trim())) {
      setError(t('case.team.exceptionNeeded', { name: chosen.name }));
      return;
    }
    setError(null);
    setStaged((list) => [
      ...list.filter((s) => s.userId !== chosen.id),
      {
        userId: chosen.id,
        name: chosen.name,
        unitName: chosen.unitName,
        role,
        exception:
          chosen.ownTownship && approver ? { approverId: approver.id, approverName: approver.name, note } : null,
      },
    ]);
    setPersonId(undefined);
    setApproverId(undefined);
    setNote('');
    setRole('member');
  }

  async function runCheck() {
    setBusy(true);
    setError(null);
    try {
      const result = await checkCaseTeam(
        kase.id,
        staged.map((s) => s.userId),
      );
      setCheck({ ...result, key });
      setConfirmed(new Set());
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  async function confirm(userId: string) {
    if (!check) return;
    setError(null);
    try {
      await confirmWarning(check.checkId, userId, warnReason[userId] ?? '');
      setConfirmed((s) => new Set(s).add(userId));
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  async function save() {
    if (!check) return;
    setBusy(true);
    setError(null);
    try {
      await saveCaseTeam(kase.id, {
        version: kase.version,
        checkId: check.checkId,
        members: staged.map((s) => ({
          userId: s.userId,
          role: s.role,
          ...(s.exception ? { exception: { approverId: s.exception.approverId, note: s.exception.note } } : {}),
        })),
        ...(reason.trim() ? { reason: reason.trim() } : {}),
      });
      setCheck(null);
      setReason('');
      reload();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  const columns: TableColumnsType<Staged> = [
    { title: t('case.team.name'), dataIndex: 'name', width: 150 },
    { title: t('case.team.unit'), dataIndex: 'unitName', ellipsis: true, render: (v: string | null) => v ?? '—' },
    {
      title: t('case.team.role'),
      dataIndex: 'role',
      width: 130,
      render: (r: CaseMemberRole, s) => (
        <Select
          size="small"
          value={r}
          style={{ width: 100 }}
          data-testid={`case-team-role-${s.userId}`}
          options={CASE_MEMBER_ROLES.map((v) => ({ value: v, label: t(`case.role.${v}`) }))}
          onChange={(v) => setStaged((list) => list.map((x) => (x.userId === s.userId ? { ...x, role: v } : x)))}
        />
      ),
    },
    {
      title: t('case.team.exception'),
      dataIndex: 'exception',
      render: (e: Staged['exception']) =>
        e ? t('case.team.exceptionBy', { name: e.approverName, note: e.note }) : '—',
    },
    {
      title: '',
      width: 80,
      render: (_, s) => (
        <Button
          size="small"
          danger
          type="link"
          data-testid={`case-team-unstage-${s.userId}`}
          onClick={() => setStaged((list) => list.filter((x) => x.userId !== s.userId))}
        >
          {t('case.team.takeOff')}
        </Button>
      ),
    },
  ];

  return (
    <Card size="small" title={t('case.team.edit')} style={{ marginBottom: 16 }} data-testid="case-team-editor">
      <Typography.Paragraph type="secondary">{t('case.team.editHelp')}</Typography.Paragraph>
      <Space wrap align="start" style={{ marginBottom: 12 }}>
        <Select
          showSearch
          allowClear
          style={{ width: 260 }}
          placeholder={t('case.team.pickPerson')}
          value={personId}
          onChange={(v: string | undefined) => setPersonId(v)}
          onSearch={setQ}
          filterOption={false}
          options={people.items.map((p) => ({
            value: p.id,
            label: `${p.name}（${p.unitName ?? '—'}）${p.ownTownship ? t('case.team.ownTownshipMark') : ''}`,
          }))}
          data-testid="case-team-person"
        />
        <Select
          style={{ width: 110 }}
          value={role}
          onChange={(v: CaseMemberRole) => setRole(v)}
          options={CASE_MEMBER_ROLES.map((v) => ({ value: v, label: t(`case.role.${v}`) }))}
          data-testid="case-team-new-role"
        />
        <Button onClick={add} disabled={!chosen} data-testid="case-team-add">
          {t('case.team.add')}
        </Button>
      </Space>
      {chosen?.ownTownship ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message={t('case.team.ownTownship', { name: chosen.name })}
          data-testid="case-team-own-township"
          description={
            <Space wrap>
              <Select
                style={{ width: 240 }}
                placeholder={t('case.team.approver')}
                value={approverId}
                onChange={(v: string) => setApproverId(v)}
                options={people.approvers.map((a) => ({ value: a.id, label: `${a.name}（${a.unitName}）` }))}
                data-testid="case-team-approver"
              />
              <Input
                style={{ width: 320 }}
                placeholder={t('case.team.exceptionNote')}
                value={note}
                maxLength={500}
                onChange={(e) => setNote(e.target.value)}
                data-testid="case-team-exception-note"
              />
            </Space>
          }
        />
      ) : null}
      <Table
        rowKey="userId"
        size="small"
        pagination={false}
        dataSource={staged}
        columns={columns}
        locale={{ emptyText: t('case.team.stagedEmpty') }}
        data-testid="case-team-staged"
        style={{ marginBottom: 12 }}
      />
      {leaving.length > 0 ? (
        <div style={{ marginBottom: 12 }}>
          <Typography.Text>{t('case.team.leaving', { names: leaving.map((m) => m.name).join('、') })}</Typography.Text>
          <Input.TextArea
            rows={2}
            maxLength={500}
            value={reason}
            placeholder={t('case.team.reason')}
            onChange={(e) => setReason(e.target.value)}
            data-testid="case-team-reason"
          />
        </div>
      ) : null}
      <Space style={{ marginBottom: 12 }}>
        <Button
          onClick={() => void runCheck()}
          loading={busy}
          disabled={staged.length === 0}
          data-testid="case-team-check"
        >
          {t('case.team.runCheck')}
        </Button>
        <Button
          type="primary"
          onClick={() => void save()}
          loading={busy}
          disabled={!checkCurrent}
          data-testid="case-team-save"
        >
          {t('case.team.save')}
        </Button>
        {check && !checkCurrent ? <Typography.Text type="warning">{t('case.team.checkStale')}</Typography.Text> : null}
      </Space>
      {error ? (
        <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} data-testid="case-team-error" />
      ) : null}
      {check && checkCurrent ? (
        <List
          size="small"
          bordered
          header={<Typography.Text strong>{t('case.team.checkResult')}</Typography.Text>}
          dataSource={check.people}
          data-testid="case-team-check-result"
          renderItem={(p) => (
            <List.Item data-testid={`case-team-check-${p.userId}`}>
              <Space direction="vertical" size={2} style={{ width: '100%' }}>
                <Space wrap>
                  <Typography.Text strong>{p.name}</Typography.Text>
                  <Tag color={p.outcome === 'clear' ? 'green' : p.outcome === 'warn' ? 'orange' : 'red'}>
                    {t(`case.team.outcome.${p.outcome}`)}
                  </Tag>
                  {p.outcome === 'warn' && confirmed.has(p.userId) ? (
                    <Tag color="blue">{t('case.team.confirmed')}</Tag>
                  ) : null}
                </Space>
                {p.reasons.map((r, i) => (
                  <Typography.Text key={i} type={p.outcome === 'refuse' ? 'danger' : 'secondary'}>
                    {reasonText(r, hidden)}
                  </Typography.Text>
                ))}
                {p.outcome === 'warn' && !confirmed.has(p.userId) ? (
                  <Space>
                    <Input
                      size="small"
                      style={{ width: 280 }}
                      placeholder={t('case.team.confirmReason')}
                      value={warnReason[p.userId] ?? ''}
                      onChange={(e) => setWarnReason((w) => ({ ...w, [p.userId]: e.target.value }))}
                    />
                    <Button size="small" onClick={() => void confirm(p.userId)}>
                      {t('case.team.confirm')}
                    </Button>
                  </Space>
                ) : null}
              </Space>
            </List.Item>
          )}
        />
      ) : null}
    </Card>
  );
}

/** The 审查调查组 tab: the editor for those who may form the team, over the team as read. */
export function CaseTeamPanel(props: CaseTabProps) {
  return (
    <>
      {props.kase.can.assign && CASE_WORKING_STATES.includes(props.kase.status) ? <CaseTeamEditor {...props} /> : null}
      <CaseTeamTab {...props} />
    </>
  );
}
