/**
 * The appeals of a decided sanction (申诉/复议/复查 for a party sanction, 复审/复核 for a state
 * one): the list with each appeal's state, due date and outcome, and the form that registers a
 * new one; on an undecided appeal, its team (组成复查组) and its decision (决定). An appeal does not
 * suspend the sanction; the server refuses one out of time in words.
 */
import { useEffect, useState } from 'react';
import { Card, DatePicker, Form, Input, Select, Space, Table, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { todayPickerDate } from '../../lib/dates.js';
import { formatDate } from '../../lib/time.js';
import { type SanctionAppealLine, type SanctionDetail, listSanctionAppeals, sanctionWrite } from './sanctionsApi.js';
import { SanctionActionModal, plainValues } from './SanctionActionModal.js';
import { AppealDecisionForm, AppealTeamForm } from './SanctionAppealForms.js';

/** The kinds of appeal a side allows. */
function appealKinds(system: string): string[] {
  if (system === 'party') return ['complaint', 'reconsideration', 're_examination'];
  if (system === 'state') return ['state_review', 'state_recheck'];
  return [];
}

/** The appeals card. */
export function SanctionAppeals({
  sanction,
  reload,
  mayManage,
}: {
  sanction: SanctionDetail;
  reload: () => void;
  /** The reader manages the record (the page's own answer: the record's `can`, else the session's right). */
  mayManage: boolean;
}) {
  const { t } = useTranslation();
  const s = sanction;
  const [appeals, setAppeals] = useState<SanctionAppealLine[]>(s.appeals ?? []);
  // Read again on every reload of the record: lodging an appeal does not move the record's version.
  useEffect(() => {
    let live = true;
    listSanctionAppeals(s.id)
      .then((answer) => live && setAppeals(answer.items))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [s]);
  const kinds = appealKinds(s.system);
  const mayFile = mayManage && s.status === 'decided' && kinds.length > 0;
  if (appeals.length === 0 && !mayFile) return null;
  return (
    <Card
      size="small"
      title={t('sanction.appeals.title')}
      style={{ marginBottom: 16 }}
      data-testid="sanction-appeals"
      extra={
        mayFile ? (
          <SanctionActionModal<{
            kind: string;
            applicant: string;
            grounds: string;
            appliedOn: Dayjs;
            receivedDecisionOn?: Dayjs;
          }>
            testId="sanction-appeal"
            title={t('sanction.appeals.file')}
            onDone={reload}
            initialValues={{ kind: kinds[0], appliedOn: todayPickerDate(), applicant: s.person?.name ?? s.personName }}
            intro={<Typography.Paragraph type="secondary">{t('sanction.appeals.notSuspending')}</Typography.Paragraph>}
            onSubmit={(v) => sanctionWrite(s.id, 'appeals', plainValues(v))}
          >
            <Form.Item name="kind" label={t('sanction.appeals.kind')} rules={[{ required: true }]}>
              <Select
                options={kinds.map((k) => ({ value: k, label: t(`sanction.appeals.kinds.${k}`) }))}
                data-testid="sanction-appeal-kind"
              />
            </Form.Item>
            <Form.Item
              name="applicant"
              label={t('sanction.appeals.applicant')}
              rules={[{ required: true, message: t('sanction.required') }]}
            >
              <Input data-testid="sanction-appeal-applicant" />
            </Form.Item>
            <Form.Item
              name="grounds"
              label={t('sanction.appeals.grounds')}
              rules={[{ required: true, message: t('sanction.required') }]}
            >
              <Input.TextArea rows={3} data-testid="sanction-appeal-grounds" />
            </Form.Item>
            <Form.Item name="receivedDecisionOn" label={t('sanction.appeals.receivedDecisionOn')}>
              <DatePicker data-testid="sanction-appeal-received-on" />
            </Form.Item>
            <Form.Item
              name="appliedOn"
              label={t('sanction.appeals.appliedOn')}
              rules={[{ required: true, message: t('sanction.required') }]}
            >
              <DatePicker data-testid="sanction-appeal-on" />
            </Form.Item>
          </SanctionActionModal>
        ) : null
      }
    >
      {appeals.length === 0 ? (
        <Typography.Text type="secondary">{t('sanction.appeals.none')}</Typography.Text>
      ) : (
        <Table<SanctionAppealLine>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={appeals}
          data-testid="sanction-appeals-table"
          columns={[
            {
              title: t('sanction.appeals.kind'),
              dataIndex: 'kind',
              width: 80,
              render: (k: string) => t(`sanction.appeals.kinds.${k}`, { defaultValue: k }),
            },
            { title: t('sanction.appeals.applicant'), dataIndex: 'applicant', width: 120 },
            {
              title: t('sanction.appeals.appliedOn'),
              dataIndex: 'appliedOn',
              width: 110,
              render: (v: string) => formatDate(v),
            },
            {
              title: t('sanction.appeals.dueOn'),
              dataIndex: 'dueOn',
              width: 110,
              render: (v: string | null) => formatDate(v) || '—',
            },
            {
              title: t('sanction.appeals.status'),
              dataIndex: 'status',
              width: 100,
              render: (v: string) => t(`sanction.appeals.statuses.${v}`, { defaultValue: v }),
            },
            {
              title: t('sanction.appeals.outcome'),
              dataIndex: 'outcome',
              render: (v: string | null, a) =>
                v ? (
                  <Space>
                    {t(`sanction.appeals.outcomes.${v}`, { defaultValue: v })}
                    {a.decidedOn ? `（${formatDate(a.decidedOn)}）` : ''}
                    {a.newSanctionId ? (
                      <Link to={`/sanctions/${a.newSanctionId}`}>{t('sanction.appeals.newSanction')}</Link>
                    ) : null}
                  </Space>
                ) : (
                  '—'
                ),
            },
            ...(mayManage && appeals.some((a) => a.status === 'accepted')
              ? [
                  {
                    title: t('sanction.appeals.actions'),
                    key: 'actions',
                    width: 220,
                    render: (_: unknown, a: SanctionAppealLine) =>
                      a.status === 'accepted' ? (
                        <Space data-testid={`sanction-appeal-actions-${a.id}`}>
                          <AppealTeamForm appealId={a.id} onDone={reload} />
                          <AppealDecisionForm appealId={a.id} system={s.system} onDone={reload} />
                        </Space>
                      ) : null,
                  },
                ]
              : []),
          ]}
        />
      )}
    </Card>
  );
}
