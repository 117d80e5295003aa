/**
 * The assign dialog of a pooled clue: pick the keeper (线索管理人), the handler (承办人) and team
 * members from the pool's people, searched on the server by name or unit (no capped list); the
 * recusal check runs first and shows each person's outcome
 * in words. A refused person cannot be assigned (pick someone else); a warned one needs a
 * confirmation with a reason, recorded on the check, whose id the assignment then carries.
 */
import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Form, Input, Modal, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  type ConflictCheck,
  type PoolLine,
  assignPeople,
  checkConflicts,
  confirmWarning,
  poolCandidates,
} from '../../api/clue-pools.js';
import { errorMessage } from '../../api/request.js';
import { RemoteSelect, type RemoteOption } from '../../components/RemoteSelect.js';

interface Picked {
  keeperId: string;
  handlerId: string;
  memberIds?: string[];
}

const OUTCOME_COLOURS = { refuse: 'red', warn: 'orange', clear: 'green' } as const;

/** The dialog; `onDone` runs after a successful assignment. */
export function AssignClueDialog(props: { clue: PoolLine | null; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const { clue } = props;
  const [form] = Form.useForm<Picked>();
  const [check, setCheck] = useState<ConflictCheck | null>(null);
  const [confirmed, setConfirmed] = useState<Set<string>>(new Set());
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    setCheck(null);
    setConfirmed(new Set());
    setReasons({});
    setError(null);
    form.resetFields();
  }, [clue, form]);

  // The pool's people whose name or unit holds what the user typed (the first ones before typing).
  const clueId = clue?.id;
  const findPeople = useCallback(
    async (q: string, signal: AbortSignal): Promise<RemoteOption[]> => {
      if (!clueId) return [];
      try {
        const found = await poolCandidates(clueId, q.trim(), signal);
        return found.map((p) => ({ value: p.userId, label: p.unitName ? `${p.name}（${p.unitName}）` : p.name }));
      } catch (err) {
        if (!signal.aborted) setError(errorMessage(err));
        return [];
      }
    },
    [clueId],
  );
  const refused = check?.people.some((p) => p.outcome === 'refuse') ?? false;
  const waiting = check?.people.filter((p) => p.outcome === 'warn' && !confirmed.has(p.userId)) ?? [];

  async function runCheck(v: Picked) {
    if (!clue) return;
    setBusy(true);
    try {
      const ids = [...new Set([v.keeperId, v.handlerId, ...(v.memberIds ?? [])])];
      setCheck(await checkConflicts(clue.id, ids));
      setConfirmed(new Set());
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  async function confirm(userId: string) {
    if (!check) return;
    try {
      await confirmWarning(check.checkId, userId, reasons[userId] ?? '');
      setConfirmed(new Set([...confirmed, userId]));
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  async function submit() {
    if (!clue || !check) return;
    const v = form.getFieldsValue();
    setBusy(true);
    try {
      await assignPeople(clue.id, {
        version: clue.version,
        keeperId: v.keeperId,
        handlerId: v.handlerId,
        memberIds: (v.memberIds ?? []).filter((m) => m !== v.handlerId),
        checkId: check.checkId,
      });
      props.onDone();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={!!clue}
      title={clue ? t('clue.pools.assignTitle', { number: clue.number }) : ''}
      onCancel={props.onClose}
      width={680}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={props.onClose}>{t('common.cancel')}</Button>
          <Button loading={busy} onClick={() => form.submit()} data-testid="assign-check">
            {t('clue.pools.check')}
          </Button>
          <Button
            type="primary"
            loading={busy}
            disabled={!check || refused || waiting.length > 0}
            onClick={() => void submit()}
            data-testid="assign-submit"
          >
            {t('clue.pools.assign')}
          </Button>
        </Space>
      }
    >
      {error ? (
        <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} data-testid="assign-error" />
      ) : null}
      <Form<Picked>
        form={form}
        layout="vertical"
        onFinish={(v) => void runCheck(v)}
        onValuesChange={() => setCheck(null)}
      >
        <Form.Item name="keeperId" label={t('clue.pools.keeper')} rules={[{ required: true }]}>
          <RemoteSelect<string>
            fetchOptions={findPeople}
            placeholder={t('clue.pools.pickPerson')}
            data-testid="assign-keeper"
          />
        </Form.Item>
        <Form.Item name="handlerId" label={t('clue.pools.handler')} rules={[{ required: true }]}>
          <RemoteSelect<string>
            fetchOptions={findPeople}
            placeholder={t('clue.pools.pickPerson')}
            data-testid="assign-handler"
          />
        </Form.Item>
        <Form.Item name="memberIds" label={t('clue.pools.members')}>
          <RemoteSelect<string[]>
            multiple
            fetchOptions={findPeople}
            placeholder={t('clue.pools.pickPerson')}
            data-testid="assign-members"
          />
        </Form.Item>
      </Form>
      {check ? (
        <div data-testid="assign-result">
          <Typography.Text strong>{t('clue.pools.checkResult')}</Typography.Text>
          {check.people.map((p) => (
            <div key={p.userId} style={{ marginTop: 8 }} data-testid={`assign-person-${p.outcome}`}>
              <Space wrap>
                <span>{p.name}</span>
                <Tag color={OUTCOME_COLOURS[p.outcome]}>{t(`clue.pools.outcome.${p.outcome}`)}</Tag>
                {confirmed.has(p.userId) ? <Tag color="blue">{t('clue.pools.confirmed')}</Tag> : null}
              </Space>
              {p.reasons.map((r) => (
                <div key={r.code + r.text} style={{ color: p.outcome === 'refuse' ? '#cf1322' : '#ad6800' }}>
                  {r.text}
                </div>
              ))}
              {p.outcome === 'warn' && !confirmed.has(p.userId) ? (
                <Space style={{ marginTop: 4 }} wrap>
                  <Input
                    placeholder={t('clue.pools.confirmReason')}
                    style={{ width: 360, maxWidth: '100%' }}
                    value={reasons[p.userId] ?? ''}
                    onChange={(e) => setReasons({ ...reasons, [p.userId]: e.target.value })}
                    data-testid="assign-confirm-reason"
                  />
                  <Button
                    onClick={() => void confirm(p.userId)}
                    disabled={!reasons[p.userId]?.trim()}
                    data-testid="assign-confirm"
                  >
                    {t('clue.pools.confirm')}
                  </Button>
                </Space>
              ) : null}
            </div>
          ))}
          {refused ? <Alert type="error" showIcon style={{ marginTop: 12 }} message={t('clue.pools.refused')} /> : null}
        </div>
      ) : null}
    </Modal>
  );
}
