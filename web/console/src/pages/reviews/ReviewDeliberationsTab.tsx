/**
 * 集体审议 tab: the review team's or cross-review panel's collective deliberations as recorded
 * (date, who was present of how many, each member's opinion and vote, the tally, whether more than
 * half of those present agreed, the conclusion) and, while the review is under way, the form: the
 * date (not after today), the members present (ticked, at least 2), an opinion and a vote for each
 * one present, the conclusion. Checked before sending; the server's refusals shown in its words.
 */
import { Alert, Button, Card, Checkbox, DatePicker, Descriptions, Empty, Form, Input, Radio, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { REVIEW_VOTE_LABELS, type ReviewDetail, recordDeliberation } from '../../api/reviews.js';
import { pickerDateString, todayPickerDate } from '../../lib/dates.js';
import { formatDate } from '../../lib/time.js';
import { useSaveAction } from '../../lib/useSaveAction.js';
import type { ReviewTabProps } from './reviewTabs.js';

type Vote = keyof typeof REVIEW_VOTE_LABELS;
const VOTES = Object.keys(REVIEW_VOTE_LABELS) as Vote[];
const VOTE_COLORS: Record<string, string> = { agree: 'green', disagree: 'red', abstain: 'default' };

interface DeliberationForm {
  heldOn: Dayjs;
  present: string[];
  opinions: Record<string, { opinion?: string; vote?: Vote }>;
  conclusion: string;
}

/** One recorded deliberation. */
function DeliberationCard({ item }: { item: ReviewDetail['deliberations'][number] }) {
  const { t } = useTranslation();
  const adopted = item.votesFor * 2 > item.present.length;
  return (
    <Card
      size="small"
      style={{ marginBottom: 12 }}
      data-testid="review-deliberation"
      title={formatDate(item.heldOn)}
      extra={
        <Tag color={adopted ? 'green' : 'orange'} data-testid="review-deliberation-adopted">
          {t(adopted ? 'review.deliberations.adopted' : 'review.deliberations.notAdopted')}
        </Tag>
      }
    >
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('review.deliberations.present')}>
          {item.present.map((p) => p.name).join('、')}（
          {t('review.deliberations.quorate', { present: item.present.length, total: item.membersTotal })}）
        </Descriptions.Item>
        <Descriptions.Item label={t('review.deliberations.vote')}>
          {t('review.deliberations.tally', {
            for: item.votesFor,
            against: item.votesAgainst,
            abstain: item.abstentions,
          })}
        </Descriptions.Item>
        <Descriptions.Item label={t('review.deliberations.conclusion')}>{item.decision}</Descriptions.Item>
      </Descriptions>
      <Table
        rowKey={(o) => o.name}
        size="small"
        pagination={false}
        dataSource={item.opinions}
        columns={[
          { title: t('review.deliberations.member'), dataIndex: 'name', width: 120 },
          { title: t('review.deliberations.opinion'), dataIndex: 'opinion' },
          {
            title: t('review.deliberations.vote'),
            dataIndex: 'vote',
            width: 100,
            render: (v: string | null) =>
              v ? (
                <Tag color={VOTE_COLORS[v] ?? 'default'}>
                  {t(`review.deliberations.votes.${v}`, { defaultValue: v })}
                </Tag>
              ) : (
                '—'
              ),
          },
        ]}
      />
    </Card>
  );
}

/** The form (a reader who may do the review work, under review, with a team of at least 2). */
function DeliberationEditor({ review, reload }: ReviewTabProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<DeliberationForm>();
  const action = useSaveAction(() => {
    form.resetFields();
    reload();
  });
  const present = Form.useWatch('present', form) ?? [];
  const nameOf = (userId: string) => review.team.find((m) => m.userId === userId)?.name ?? '';
  // In the team's order, whatever order the boxes were ticked in.
  const presentMembers = review.team.filter((m) => present.includes(m.userId));
  return (
    <Card size="small" title={t('review.deliberations.add')} data-testid="review-deliberation-editor">
      {action.error ? (
        <Alert
          type="error"
          showIcon
          message={action.error}
          style={{ marginBottom: 12 }}
          data-testid="review-deliberation-error"
        />
      ) : null}
      <Form<DeliberationForm>
        form={form}
        layout="vertical"
        initialValues={{ heldOn: todayPickerDate(), present: review.team.map((m) => m.userId), opinions: {} }}
        onFinish={(v) =>
          void action.run(() =>
            recordDeliberation(review.id, {
              version: review.version,
              heldOn: pickerDateString(v.heldOn),
              present: presentMembers.map((m) => m.userId),
              opinions: presentMembers.map((m) => ({
                userId: m.userId,
                opinion: (v.opinions?.[m.userId]?.opinion ?? '').trim(),
                vote: v.opinions?.[m.userId]?.vote ?? 'abstain',
              })),
              conclusion: v.conclusion.trim(),
            }),
          )
        }
      >
        <Form.Item name="heldOn" label={t('review.deliberations.heldOn')} rules={[{ required: true }]}>
          <DatePicker
            allowClear={false}
            disabledDate={(d) => d.isAfter(dayjs(), 'day')}
            data-testid="review-deliberation-date"
          />
        </Form.Item>
        <Form.Item
          name="present"
          label={t('review.deliberations.present')}
          extra={t('review.deliberations.presentHint')}
          rules={[
            {
              validator: (_, value: string[] | undefined) =>
                (value?.length ?? 0) >= 2
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('review.deliberations.tooFew'))),
            },
          ]}
        >
          <Checkbox.Group
            data-testid="review-deliberation-present"
            options={review.team.map((m) => ({ value: m.userId, label: m.name }))}
          />
        </Form.Item>
        {presentMembers.map((m) => (
          <Card
            key={m.userId}
            size="small"
            type="inner"
            title={t('review.deliberations.opinionOf', { name: m.name })}
            style={{ marginBottom: 12 }}
            data-testid="review-deliberation-member"
          >
            <Form.Item
              name={['opinions', m.userId, 'opinion']}
              rules={[
                {
                  required: true,
                  whitespace: true,
                  message: t('review.deliberations.opinionRequired', { name: nameOf(m.userId) }),
                },
              ]}
            >
              <Input.TextArea rows={2} maxLength={4000} data-testid="review-deliberation-opinion" />
            </Form.Item>
            <Form.Item
              name={['opinions', m.userId, 'vote']}
              label={t('review.deliberations.vote')}
              rules={[{ required: true, message: t('review.deliberations.voteRequired', { name: nameOf(m.userId) }) }]}
              style={{ marginBottom: 0 }}
            >
              <Radio.Group
                data-testid="review-deliberation-vote"
                options={VOTES.map((v) => ({ value: v, label: t(`review.deliberations.votes.${v}`) }))}
              />
            </Form.Item>
          </Card>
        ))}
        <Form.Item
          name="conclusion"
          label={t('review.deliberations.conclusion')}
          rules={[{ required: true, whitespace: true, message: t('review.deliberations.conclusionRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={2000} data-testid="review-deliberation-conclusion" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={action.saving} data-testid="review-deliberation-save">
          {t('review.deliberations.save')}
        </Button>
      </Form>
    </Card>
  );
}

/** 集体审议. */
export function ReviewDeliberationsTab({ review, reload }: ReviewTabProps) {
  const { t } = useTranslation();
  const items = review.deliberations.filter((d) => d.kind === 'team');
  const may = review.can.manage && review.status === 'reviewing';
  return (
    <>
      <div data-testid="review-deliberations">
        {items.length === 0 ? (
          <Empty description={t('review.deliberations.none')} style={{ marginBottom: 16 }} />
        ) : (
          items.map((d) => <DeliberationCard key={d.id} item={d} />)
        )}
      </div>
      {may && review.team.length >= 2 ? <DeliberationEditor review={review} reload={reload} /> : null}
      {may && review.team.length < 2 ? <Alert type="info" showIcon message={t('review.deliberations.noTeam')} /> : null}
      {review.can.manage && !may && review.status !== 'decided' ? (
        <Alert type="info" showIcon message={t('review.deliberations.notReviewing')} />
      ) : null}
    </>
  );
}
