/**
 * 分办意见 on a registered clue's page: 案管 picks where the clue goes (a department, a
 * collaboration zone or a township commission; the target suggested from the subjects' cadre
 * authority comes preselected), writes the reasons and sends it up the approval chain. While the
 * opinion waits, the card says so; once approved the clue lands in the target's pool.
 */
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Form, Input, Select, Spin } from 'antd';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { type AssignmentTargets, assignmentTargets, draftAssignmentOpinion } from '../../api/clue-pools.js';
import { CLUE_ASSIGNMENT_TARGET_LABELS, type ClueDetail } from '../../api/clues.js';
import { errorMessage } from '../../api/request.js';
import { useSession } from '../../auth/session.js';

interface OpinionValues {
  target: string;
  opinion: string;
}

/** The card; shown to a holder of `clue.register` while the clue is `registered`. */
export function AssignmentOpinionCard({ clue, onSaved }: { clue: ClueDetail; onSaved: () => void }) {
  const { t } = useTranslation();
  const session = useSession();
  const [form] = Form.useForm<OpinionValues>();
  const [targets, setTargets] = useState<AssignmentTargets | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const show = clue.status === 'registered' && session.can('clue.register');
  // The newest of "drafted" and "declined" on the trail says whether an opinion is in flight.
  const last = [...clue.trail]
    .reverse()
    .find((e) => e.action === 'assignment_opinion' || e.action === 'assignment_declined');
  const pending = last?.action === 'assignment_opinion';

  useEffect(() => {
    if (!show || pending) return;
    assignmentTargets(clue.id).then(
      (r) => {
        setTargets(r);
        if (r.suggested) form.setFieldValue('target', `${r.suggested.kind}:${r.suggested.id}`);
      },
      (err: unknown) => setError(errorMessage(err)),
    );
  }, [show, pending, clue.id, form]);

  if (!show) return null;
  return (
    <Card
      size="small"
      title={t('clue.pools.opinion.title')}
      style={{ marginBottom: 16 }}
      data-testid="assignment-opinion"
    >
      {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} /> : null}
      {pending ? (
        <Alert
          type="info"
          showIcon
          data-testid="assignment-opinion-pending"
          message={t('clue.pools.opinion.pending')}
          description={
            <>
              <div>{last?.note}</div>
              <Link to="/approvals?box=submitted">{t('clue.pools.opinion.approval')}</Link>
            </>
          }
        />
      ) : targets ? (
        <Form<OpinionValues>
          form={form}
          layout="vertical"
          onFinish={async (v) => {
            const [kind, id] = v.target.split(':') as [keyof typeof CLUE_ASSIGNMENT_TARGET_LABELS, string];
            setSaving(true);
            setError(null);
            try {
              await draftAssignmentOpinion(clue.id, {
                version: clue.version,
                targetKind: kind,
                targetId: id,
                opinion: v.opinion,
              });
              onSaved();
            } catch (err) {
              setError(errorMessage(err));
            } finally {
              setSaving(false);
            }
          }}
        >
          <Form.Item
            name="target"
            label={t('clue.pools.opinion.target')}
            rules={[{ required: true }]}
            extra={
              targets.suggested
                ? t('clue.pools.opinion.suggested', { name: targets.suggested.name, reason: targets.suggested.reason })
                : undefined
            }
          >
            <Select
              data-testid="assignment-target"
              showSearch
              optionFilterProp="label"
              options={targets.options.map((o) => ({
                value: `${o.kind}:${o.id}`,
                label: `${o.name}（${CLUE_ASSIGNMENT_TARGET_LABELS[o.kind]}）`,
              }))}
            />
          </Form.Item>
          <Form.Item name="opinion" label={t('clue.pools.opinion.text')} rules={[{ required: true, min: 2 }]}>
            <Input.TextArea rows={3} maxLength={2000} data-testid="assignment-opinion-text" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={saving} data-testid="assignment-opinion-submit">
            {t('clue.pools.opinion.submit')}
          </Button>
        </Form>
      ) : (
        <Spin size="small" />
      )}
    </Card>
  );
}
