/**
 * On the case page's overview: the case's review (审理), when one exists and the reader holds
 * review.read: its state, linked to the review page when the reader sees its content (the ledger
 * line's `visibility`). The case page's answer does not carry the review, so the review ledger is
 * asked for the case's line; a failure shows nothing (the case page stays as it was).
 */
import { useEffect, useState } from 'react';
import { Card, Space } from 'antd';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { type ReviewLine, listReviews } from '../../api/reviews.js';
import { useSession } from '../../auth/session.js';
import { ReviewStatusTag } from './ReviewTags.js';

/** The card, or nothing. */
export function CaseReviewLink({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const session = useSession();
  const may = session.can('review.read');
  const [line, setLine] = useState<ReviewLine | null>(null);
  useEffect(() => {
    if (!may) return;
    const abort = new AbortController();
    listReviews({ caseId, page: 1, pageSize: 1 }, abort.signal).then(
      (page) => setLine(page.items[0] ?? null),
      () => setLine(null),
    );
    return () => abort.abort();
  }, [caseId, may]);
  if (!line) return null;
  return (
    <Card size="small" title={t('review.ledger')} style={{ marginBottom: 16 }} data-testid="case-review">
      <Space>
        <ReviewStatusTag status={line.status} />
        <span>{line.reviewingUnitName}</span>
        {line.visibility === 'full' ? (
          <Link to={`/reviews/${line.id}`} data-testid="case-review-link">
            {t('review.detail')}
          </Link>
        ) : null}
      </Space>
    </Card>
  );
}
