/** The props every tab of the review page receives. */
import type { ReviewDetail } from '../../api/reviews.js';

/** The review as read, and a reload after a write. */
export interface ReviewTabProps {
  review: ReviewDetail;
  reload: () => void;
}
