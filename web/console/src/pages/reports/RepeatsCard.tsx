/**
 * 重复件认定: the earlier reports on the same person in the same region within the county's
 * repeat window, offered to the officer, who confirms one as the same matter or rejects the offer.
 * Nothing is linked without them (the same name is not yet the same matter).
 */
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Flex, List, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { type RepeatOffer, type ReportDetail, decideRepeat, getRepeatOffer } from '../../api/reports.js';
import { errorMessage } from '../../api/request.js';
import { formatInstant } from '../../lib/time.js';

/** The offer and the two decisions; shown to report.manage holders while the report is received or accepted. */
export function RepeatsCard({ report, onDecided }: { report: ReportDetail; onDecided: () => void }) {
  const { t } = useTranslation();
  const [offer, setOffer] = useState<RepeatOffer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    getRepeatOffer(report.id)
      .then((o) => live && setOffer(o))
      .catch((err: unknown) => live && setError(errorMessage(err)));
    return () => {
      live = false;
    };
  }, [report.id, report.version]);

  if (!offer || (offer.candidates.length === 0 && !offer.repeatOf)) return null;
  const decide = (repeatOf: string | null) => {
    setBusy(true);
    setError(null);
    decideRepeat(report.id, { version: report.version, repeatOf })
      .then(() => onDecided())
      .catch((err: unknown) => setError(errorMessage(err)))
      .finally(() => setBusy(false));
  };
  const open = report.status === 'received' || report.status === 'accepted';
  return (
    <Card size="small" title={t('report.repeat.title')} data-testid="report-repeats">
      <Flex vertical gap={8}>
        <Typography.Text type="secondary">
          {offer.repeatOf
            ? t('report.repeat.confirmed')
            : offer.decidedAt
              ? t('report.repeat.rejected')
              : t('report.repeat.hint', { days: offer.windowDays })}
        </Typography.Text>
        {error ? <Alert type="error" showIcon message={error} /> : null}
        <List
          size="small"
          dataSource={offer.candidates}
          renderItem={(c) => (
            <List.Item
              data-testid="repeat-candidate"
              actions={
                open && !offer.repeatOf
                  ? [
                      <Button
                        key="yes"
                        size="small"
                        loading={busy}
                        onClick={() => decide(c.id)}
                        data-testid="repeat-confirm"
                      >
                        {t('report.repeat.confirm')}
                      </Button>,
                    ]
                  : []
              }
            >
              <Flex vertical gap={2}>
                <Space size={6} wrap>
                  <Link to={`/reports/${c.id}`}>{c.number ?? c.id}</Link>
                  <Typography.Text type="secondary">{formatInstant(c.receivedAt)}</Typography.Text>
                  <Tag bordered={false}>{t(`report.kind.${c.kind}`)}</Tag>
                  {offer.repeatOf === (c.repeatOf ?? c.id) ? (
                    <Tag color="orange">{t('report.repeat.linked')}</Tag>
                  ) : null}
                </Space>
                <Typography.Text>{c.excerpt}</Typography.Text>
              </Flex>
            </List.Item>
          )}
        />
        {open && !offer.repeatOf && !offer.decidedAt ? (
          <Button size="small" loading={busy} onClick={() => decide(null)} data-testid="repeat-reject">
            {t('report.repeat.reject')}
          </Button>
        ) : null}
      </Flex>
    </Card>
  );
}
