/**
 * 审理组 tab: the team as read (leader and members, former members) and, for a reader who may form
 * it while the state allows, the editor: pick at least 2 people of the reviewing unit (the first
 * leads), run the conflict check (回避审查) on them with each person's outcome in words, then form
 * the team. The server's refusals (查审分离 REVIEW_SEPARATION naming who investigated the case, a
 * recusal conflict, fewer than 2) are shown as it words them.
 */
import { useState } from 'react';
import { Alert, Button, Card, List, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { type ReviewCheck, checkReviewTeam, saveReviewTeam } from '../../api/reviews.js';
import { errorMessage } from '../../api/request.js';
import { useSaveAction } from '../../lib/useSaveAction.js';
import type { ReviewTabProps } from './reviewTabs.js';

/** The states in which the team may be formed or changed (the server's own list). */
const TEAM_STATES = [
  'early',
  'awaiting',
  'deferred',
  'reviewing',
  'returned_supplementary',
  'returned_reinvestigation',
];

const OUTCOME_COLORS: Record<string, string> = { clear: 'green', warn: 'orange', refuse: 'red' };

/** The editor (shown to a holder of the review's assign right). */
function ReviewTeamEditor({ review, reload }: ReviewTabProps) {
  const { t } = useTranslation();
  const [picked, setPicked] = useState<string[]>(() => review.team.map((m) => m.userId));
  const [check, setCheck] = useState<(ReviewCheck & { key: string }) | null>(null);
  const [checking, setChecking] = useState(false);
  const action = useSaveAction(() => {
    setCheck(null);
    reload();
  });
  const key = picked.join(',');
  const checkCurrent = check !== null && check.key === key;

  async function runCheck() {
    if (picked.length < 2) {
      action.setError(t('review.team.tooFew'));
      return;
    }
    setChecking(true);
    action.setError(null);
    try {
      setCheck({ ...(await checkReviewTeam(review.id, picked)), key });
    } catch (err) {
      action.setError(errorMessage(err));
    } finally {
      setChecking(false);
    }
  }

  return (
    <Card size="small" title={t('review.team.pick')} data-testid="review-team-editor">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Select
          mode="multiple"
          value={picked}
          onChange={(v: string[]) => setPicked(v)}
          style={{ width: '100%', maxWidth: 640 }}
          optionFilterProp="label"
          data-testid="review-team-pick"
          options={review.candidates.map((c) => ({
            value: c.userId,
            label: c.unitName ? `${c.name}（${c.unitName}）` : c.name,
          }))}
        />
        <Space>
          <Button onClick={() => void runCheck()} loading={checking} data-testid="review-team-check">
            {t('review.team.check')}
          </Button>
          <Button
            type="primary"
            disabled={!checkCurrent}
            loading={action.saving}
            data-testid="review-team-save"
            onClick={() =>
              check &&
              void action.run(() =>
                saveReviewTeam(review.id, {
                  version: review.version,
                  checkId: check.checkId,
                  members: picked.map((userId, i) => ({ userId, role: i === 0 ? 'leader' : 'member' })),
                }),
              )
            }
          >
            {t('review.team.save')}
          </Button>
        </Space>
        {action.error ? <Alert type="error" showIcon message={action.error} data-testid="review-error" /> : null}
        {checkCurrent ? (
          <List
            size="small"
            bordered
            data-testid="review-team-check-result"
            header={
              check.people.every((p) => p.outcome === 'clear') ? (
                <Typography.Text type="success">{t('review.team.checkPassed')}</Typography.Text>
              ) : (
                t('review.team.outcome')
              )
            }
            dataSource={check.people}
            renderItem={(p) => (
              <List.Item>
                <Space direction="vertical" size={0}>
                  <Space>
                    <span>{p.name}</span>
                    <Tag color={OUTCOME_COLORS[p.outcome] ?? 'default'}>
                      {t(`case.team.outcome.${p.outcome}`, { defaultValue: p.outcome })}
                    </Tag>
                  </Space>
                  {p.reasons.map((r, i) => (
                    <Typography.Text key={i} type={p.outcome === 'refuse' ? 'danger' : 'secondary'}>
                      {r.text}
                    </Typography.Text>
                  ))}
                </Space>
              </List.Item>
            )}
          />
        ) : null}
      </Space>
    </Card>
  );
}

/** The tab. */
export function ReviewTeamTab({ review, reload }: ReviewTabProps) {
  const { t } = useTranslation();
  const roleText = (r: string) => t(`review.team.${r}`, { defaultValue: r });
  const mayEdit = review.can.assign && TEAM_STATES.includes(review.status);
  return (
    <>
      <Table
        rowKey="userId"
        size="small"
        pagination={false}
        dataSource={review.team}
        locale={{ emptyText: t('review.team.none') }}
        data-testid="review-team"
        style={{ marginBottom: 16 }}
        columns={[
          { title: t('review.team.name'), dataIndex: 'name' },
          { title: t('review.team.unit'), dataIndex: 'unitName' },
          { title: t('review.team.role'), dataIndex: 'role', render: roleText },
        ]}
      />
      {review.formerMembers.length > 0 ? (
        <Typography.Paragraph type="secondary">
          {t('review.team.former')}：{review.formerMembers.map((m) => m.name).join('、')}
        </Typography.Paragraph>
      ) : null}
      {mayEdit ? <ReviewTeamEditor review={review} reload={reload} /> : null}
    </>
  );
}
