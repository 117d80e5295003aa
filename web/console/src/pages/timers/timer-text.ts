/** Display text of timer rules: lengths, extension steps, places. */
import i18n from '../../i18n/index.js';
import type { ExtensionStep, RuleVersion, TimerUnit } from '../../api/timers.js';

/** "60 自然日" / "15 个工作日"; "由地方规定" for a length the law leaves open. */
export function lengthText(amount: number | null, unit: TimerUnit): string {
  if (amount === null) return i18n.t('timer.unset');
  return i18n.t(`timer.length.${unit}`, { count: amount });
}

/** The label of an approver role key. */
export function roleText(key: string): string {
  const path = `timer.roles.${key}`;
  return i18n.exists(path) ? i18n.t(path) : key;
}

/** One extension step: "延长不超过 30 自然日（纪委监委领导或乡镇纪委书记批准）". */
export function stepText(step: ExtensionStep, n: number): string {
  const length =
    step.maxAmount === null
      ? i18n.t('timer.stepOpen')
      : i18n.t('timer.stepMax', { length: lengthText(step.maxAmount, step.unit) });
  const who = step.approverRoles.map(roleText).join(i18n.t('timer.or'));
  const again = step.repeatable ? i18n.t('timer.stepRepeat') : '';
  return i18n.t('timer.step', { n, length, who, again });
}

/** All extension steps of a rule, or "不可延长". */
export function extensionsText(rule: Pick<RuleVersion, 'extensions'>): string[] {
  if (rule.extensions.length === 0) return [i18n.t('timer.noExtension')];
  return rule.extensions.map((s, i) => stepText(s, i + 1));
}

/** "国家规定" / "河南省" / "渑池县". */
export function placeText(rule: Pick<RuleVersion, 'level' | 'regionName' | 'regionCode'>): string {
  if (rule.level === 'national') return i18n.t('timer.national');
  return rule.regionName ?? rule.regionCode;
}
