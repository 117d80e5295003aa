/**
 * The county setting 乡案县审 (`review.county_review`): which township cases the county's
 * 案件审理室 reviews (`COUNTY_REVIEW_MODE_LABELS`: 1 none, 2 the cases handled away from the
 * subject's township, 3 all; default 3). Read and set by a holder of `setting.manage` over the
 * county's commission, audited; a case takes the value in force when it is transferred.
 */
import { Int } from '../../http/schema.js';
import type { HandlingMode } from '../../shared/cases.codes.js';
import { DEFAULT_COUNTY_REVIEW_MODE } from '../../shared/review.codes.js';
import { defineCountySetting } from '../settings/index.js';

/** The county's choice of which township cases it reviews (1 none, 2 away-handled, 3 all). */
export const countyReview = defineCountySetting({
  keyPrefix: 'review.county_review',
  field: 'countyReview',
  defaultValue: DEFAULT_COUNTY_REVIEW_MODE,
  schema: Int('Which township cases the county reviews: 1 none, 2 those handled away from the township, 3 all', {
    min: 1,
    max: 3,
  }),
  invalidMessage: '乡案县审范围应为 1（不报县审理）、2（非自办案件报县审理）或 3（全部报县审理）',
});

/** True when a township case handled in `mode` goes to the county under setting value `value`. */
export function goesToCounty(value: number, mode: HandlingMode): boolean {
  if (value >= 3) return true;
  if (value <= 1) return false;
  return mode !== 'self';
}
