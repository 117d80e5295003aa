/**
 * 发现问题: each finding with what, where, the checklist item, who is responsible, the evidence
 * (the check's sealed files), the severity and what happens next; a rectification item links to
 * its page (`/rectification/<id>`) with its status read from the ledger. Undecided findings offer
 * 处置 to the leader or the organiser.
 */
import { useEffect, useState } from 'react';
import { Button, Card, Descriptions, Empty, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { type Finding, type Inspection, checkFileUrl, getLinkedRectification } from '../../api/inspections.js';
import { formatDate } from '../../lib/time.js';
import { RectificationStatusTag, SeverityTag } from './InspectionTags.js';

/** The status of a linked rectification item, read once. */
function RectificationLink({ itemId }: { itemId: string }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<string | null>(null);
  useEffect(() => {
    getLinkedRectification(itemId)
      .then((r) => setStatus(r.status))
      .catch(() => setStatus(null));
  }, [itemId]);
  return (
    <Space wrap>
      <Link to={`/rectification/${itemId}`} data-testid="finding-rectification-link">
        {t('inspection.finding.openRectification')}
      </Link>
      {status ? <RectificationStatusTag status={status} /> : null}
    </Space>
  );
}

/** The findings of an inspection. */
export function InspectionFindings({
  inspection,
  canDecide,
  onDecide,
}: {
  inspection: Inspection;
  canDecide: boolean;
  onDecide: (finding: Finding) => void;
}) {
  const { t } = useTranslation();
  if (inspection.findings.length === 0) return <Empty description={t('inspection.finding.none')} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="findings">
      {inspection.findings.map((f) => {
        const check = inspection.checks.find((c) => c.id === f.checkId);
        return (
          <Card
            key={f.id}
            size="small"
            data-testid="finding"
            title={
              <Space wrap>
                <span>{t('inspection.finding.seq', { seq: f.seq })}</span>
                <SeverityTag severity={f.severity} />
                {f.nextStep ? (
                  <Tag color="blue" data-testid="finding-next-step">
                    {t(`inspection.nextSteps.${f.nextStep}`)}
                  </Tag>
                ) : (
                  <Tag color="orange">{t('inspection.finding.undecided')}</Tag>
                )}
              </Space>
            }
            extra={
              !f.nextStep && canDecide ? (
                <Button type="primary" size="small" onClick={() => onDecide(f)} data-testid="finding-decide">
                  {t('inspection.finding.decide')}
                </Button>
              ) : null
            }
          >
            <Descriptions size="small" column={{ xs: 1, sm: 1, md: 2 }}>
              <Descriptions.Item label={t('inspection.finding.what')} span={2}>
                <Typography.Text data-testid="finding-what">{f.what}</Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('inspection.finding.where')}>{f.targetLabel}</Descriptions.Item>
              <Descriptions.Item label={t('inspection.finding.item')}>{f.itemLabel}</Descriptions.Item>
              <Descriptions.Item label={t('inspection.finding.responsibleUnit')}>
                <span data-testid="finding-unit">{f.responsibleUnitName ?? '—'}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('inspection.finding.responsiblePerson')}>
                {f.responsiblePerson ?? '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('inspection.finding.evidence')} span={2}>
                {check && check.files.length > 0 ? (
                  <Space wrap>
                    {check.files.map((file) => (
                      <a key={file.id} href={checkFileUrl(inspection.id, file.id)} download>
                        {file.name}
                      </a>
                    ))}
                  </Space>
                ) : (
                  (check?.note ?? '—')
                )}
              </Descriptions.Item>
              {f.dueOn ? (
                <Descriptions.Item label={t('inspection.finding.dueOn')}>{formatDate(f.dueOn)}</Descriptions.Item>
              ) : null}
              {f.rectificationItemId ? (
                <Descriptions.Item label={t('inspection.finding.rectification')}>
                  <RectificationLink itemId={f.rectificationItemId} />
                </Descriptions.Item>
              ) : null}
              {f.talkId ? (
                <Descriptions.Item label={t('inspection.finding.nextStep')}>
                  {t('inspection.finding.talk')}
                </Descriptions.Item>
              ) : null}
              {f.clueId ? (
                <Descriptions.Item label={t('inspection.finding.nextStep')}>
                  {t('inspection.finding.clue')}
                </Descriptions.Item>
              ) : null}
              {f.recommendationId ? (
                <Descriptions.Item label={t('inspection.finding.nextStep')}>
                  {t('inspection.finding.recommendation')}
                </Descriptions.Item>
              ) : null}
              {!f.nextStep && !canDecide ? (
                <Descriptions.Item label={t('inspection.finding.nextStep')}>
                  <span data-testid="finding-awaiting-leader">{t('inspection.finding.waitLeader')}</span>
                </Descriptions.Item>
              ) : null}
            </Descriptions>
          </Card>
        );
      })}
    </Space>
  );
}
