/**
 * A county's recusal setting: the workplace window (回避审查的原工作单位年限, years back a former
 * workplace still warns; `DEFAULT_WORKPLACE_YEARS` unless the county set its own), a county
 * setting read and set by a holder of `setting.manage` over the county's commission, every change
 * audited and kept in `recusal_setting_changes` as the setting's history.
 */
import { Int } from '../../http/schema.js';
import { newId } from '../../shared/ids.js';
import { type CountySettingHistory, defineCountySetting } from '../settings/index.js';

/** Years back a former workplace still warns, unless the county set its own (like the intake repeat window). */
export const DEFAULT_WORKPLACE_YEARS = 5;

/** Longest workplace window a county may set, in years. */
export const MAX_WORKPLACE_YEARS = 30;

/** The history of the workplace window: rows of `recusal_setting_changes` (the last 50 shown). */
const workplaceHistory: CountySettingHistory = {
  async record(tx, change) {
    await tx.db
      .insertInto('recusal_setting_changes')
      .values({
        id: newId(),
        county_code: change.regionCode,
        setting: 'workplace_years',
        value_before: change.before,
        value_after: change.after,
        changed_by: change.changedBy,
        changed_at: change.changedAt,
      })
      .execute();
  },
  async list(ctx, regionCode) {
    const rows = await ctx.db
      .selectFrom('recusal_setting_changes as c')
      .leftJoin('users as u', 'u.id', 'c.changed_by')
      .select(['c.value_before', 'c.value_after', 'c.changed_by', 'c.changed_at', 'u.display_name'])
      .where('c.county_code', '=', regionCode)
      .where('c.setting', '=', 'workplace_years')
      .orderBy('c.changed_at', 'desc')
      .orderBy('c.id', 'desc')
      .limit(50)
      .execute();
    return rows.map((h) => ({
      before: h.value_before === null ? null : Number(h.value_before),
      after: Number(h.value_after),
      changedBy: h.changed_by,
      changedByName: h.display_name,
      changedAt: h.changed_at,
    }));
  },
};

/**
 * A county's workplace window (1 to MAX_WORKPLACE_YEARS years): checks run after a change use it.
 * Outside the caller's scope: NOT_FOUND.
 */
export const workplaceWindow = defineCountySetting({
  keyPrefix: 'recusal.workplace_years',
  field: 'workplaceYears',
  defaultValue: DEFAULT_WORKPLACE_YEARS,
  schema: Int('Years back within which a former workplace shared with a subject still warns', {
    min: 1,
    max: MAX_WORKPLACE_YEARS,
  }),
  invalidMessage: `原工作单位回避年限应为 1 至 ${MAX_WORKPLACE_YEARS} 年`,
  history: workplaceHistory,
});
