/**
 * 审理组 tab: the team as read (leader and members, former members) and, for a reader who may form
 * it while the state allows, the editor: pick at least 2 people of the reviewing unit (the first
 * leads), run the conflict check (回避审查) on them with each person's outcome in words, then form
 * the team. The server's refusals (查审分离 REVIEW_SEPARATION naming who investigated the case, a
 * recusal conflict, fewer than 2) are shown as it words them. A review the county does not review
 * (a township's own, or one already with a panel) also offers the zone's cross-review panel
 * (交叉审理小组): people of the zone's other townships' commissions only, checked and convened the
 * same way; the server's refusal (REVIEW_PANEL_TOWNSHIP: the handling or the subject's township)
 * is shown in its words.
 */
import { useEffect, useState } from 'react';
import { Alert, Button, Card, List, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  type PanelCandidates,
  type ReviewCheck,
  checkReviewTeam,
  getPanelCandidates,
  saveReviewPanel,
  saveReviewTeam,
} from '../../api/reviews.js';
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

/** A person the editor offers. */
interface Candidate {
  userId: string;
  name: string;
  unitName: string | null;
}

/**
 * The editor (shown to a holder of the review's assign right): the review team (`kind` team, from
 * the review page's candidates) or the zone's cross-review panel (`kind` panel, from `candidates`).
 */
function ReviewTeamEditor({
  review,
  reload,
  kind = 'team',
  candidates = review.candidates,
  title,
}: ReviewTabProps & { kind?: 'team' | 'panel'; candidates?: Candidate[]; title?: React.ReactNode }) {
  const { t } = useTranslation();
  const ids = kind === 'team' ? 'review-team' : 'review-panel';
  const [picked, setPicked] = useState<string[]>(() =>
    kind === 'panel' && review.route !== 'panel' ? [] : review.team.map((m) => m.userId),
  );
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
      action.setError(t(kind === 'team' ? 'review.team.tooFew' : 'review.deliberations.tooFew'));
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
    <Card size="small" title={title ?? t('review.team.pick')} data-testid={`${ids}-editor`}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Select
          mode="multiple"
          value={picked}
          onChange={(v: string[]) => setPicked(v)}
          style={{ width: '100%', maxWidth: 640 }}
          optionFilterProp="label"
          data-testid={`${ids}-pick`}
          options={candidates.map((c) => ({
            value: c.userId,
            label: c.unitName ? `${c.name}（${c.unitName}）` : c.name,
          }))}
        />
        <Space>
          <Button onClick={() => void runCheck()} loading={checking} data-testid={`${ids}-check`}>
            {t('review.team.check')}
          </Button>
          <Button
            type="primary"
            disabled={!checkCurrent}
            loading={action.saving}
            data-testid={`${ids}-save`}
            onClick={() => {
              if (!check) return;
              const body = {
                version: review.version,
                checkId: check.checkId,
                members: picked.map((userId, i) => ({
                  userId,
                  role: i === 0 ? ('leader' as const) : ('member' as const),
                })),
              };
              void action.run(() =>
                kind === 'team' ? saveReviewTeam(review.id, body) : saveReviewPanel(review.id, body),
              );
            }}
          >
            {t(kind === 'team' ? 'review.team.save' : 'review.panel.save')}
          </Button>
        </Space>
        {action.error ? (
          <Alert
            type="error"
            showIcon
            message={action.error}
            data-testid={kind === 'team' ? 'review-error' : 'review-panel-error'}
          />
        ) : null}
        {checkCurrent ? (
          <List
            size="small"
            bordered
            data-testid={`${ids}-check-result`}
            header={
              check.people.every((p) => p.outcome === 'clear') ? (
                <Typography.Text type="success">
                  {t(kind === 'team' ? 'review.team.checkPassed' : 'review.panel.checkPassed')}
                </Typography.Text>
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

/**
 * 交叉审理小组: the zone's name and the panel editor over the zone's other townships' people, or
 * why no panel may be convened (the server's words: the subject's township in no zone).
 */
function ReviewPanelCard({ review, reload }: ReviewTabProps) {
  const { t } = useTranslation();
  const [answer, setAnswer] = useState<PanelCandidates | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const abort = new AbortController();
    getPanelCandidates(review.id, abort.signal).then(
      (a) => setAnswer(a),
      (err: unknown) => {
        if (!abort.signal.aborted) setError(errorMessage(err));
      },
    );
    return () => abort.abort();
  }, [review.id]);
  if (error)
    return (
      <Alert
        type="info"
        showIcon
        style={{ marginTop: 16 }}
        message={t('review.panel.unavailable', { reason: error })}
        data-testid="review-panel-unavailable"
      />
    );
  if (!answer) return null;
  return (
    <div style={{ marginTop: 16 }} data-testid="review-panel">
      <Typography.Title level={5}>
        {t('review.panel.title')}
        <Typography.Text type="secondary" style={{ marginInlineStart: 12, fontWeight: 'normal' }}>
          {t('review.panel.zone', { zone: answer.zoneName })}
        </Typography.Text>
      </Typography.Title>
      {answer.people.length === 0 ? (
        <Alert type="warning" showIcon message={t('review.panel.none')} />
      ) : (
        <ReviewTeamEditor
          review={review}
          reload={reload}
          kind="panel"
          candidates={answer.people}
          title={t('review.panel.pick')}
        />
      )}
    </div>
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
      {/* A panel's members come from the zone's townships, not the reviewing unit's candidates: changed by the panel editor only. */}
      {mayEdit && review.route !== 'panel' ? <ReviewTeamEditor review={review} reload={reload} /> : null}
      {mayEdit && review.route !== 'county' ? <ReviewPanelCard review={review} reload={reload} /> : null}
    </>
  );
}
