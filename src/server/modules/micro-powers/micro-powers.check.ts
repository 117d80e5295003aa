/**
 * The check of a recorded use against the item version it was recorded under: missed steps,
 * steps out of order (or begun before the previous step's publication ended), publications missing
 * or shorter than required, documents missing. Publication periods are CALENDAR days with the
 * first and the last day both counted (a publication from the 1st to the 15th is 15 days).
 * Pure: the same function judges an open use (only what is already wrong) and a closed one.
 */
import {
  MICRO_POWER_PROBLEM_LABELS,
  type MicroPowerProblem,
  type MicroPowerStep,
} from '../../shared/micro-powers.codes.js';

/** A step as recorded on a use. */
export interface RecordedStep {
  seq: number;
  doneOn: string;
  documents: readonly string[];
  publicationFrom: string | null;
  publicationTo: string | null;
}

/** One problem of a use. */
export interface UseProblem {
  kind: MicroPowerProblem;
  /** The configured step it is about. */
  seq: number;
  message: string;
}

const DAY_MS = 86_400_000;

/** Days from `from` to `to`, both counted (YYYY-MM-DD). */
export function calendarDays(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}

/**
 * The problems of a use. `final`: the use is closed (every configured step must be there); open,
 * a step (or its publication) counts as missed only when a later step is already recorded.
 */
export function checkUse(
  steps: readonly MicroPowerStep[],
  recorded: readonly RecordedStep[],
  opts: { final: boolean },
): UseProblem[] {
  const out: UseProblem[] = [];
  const bySeq = new Map(recorded.map((r) => [r.seq, r]));
  const lastRecorded = Math.max(0, ...recorded.map((r) => r.seq));
  const say = (kind: MicroPowerProblem, step: MicroPowerStep, detail: string) =>
    out.push({ kind, seq: step.seq, message: `第${step.seq}步“${step.name}”：${detail}` });
  let previous: { step: MicroPowerStep; rec: RecordedStep } | null = null;
  for (const step of steps) {
    const rec = bySeq.get(step.seq);
    if (!rec) {
      if (opts.final || step.seq < lastRecorded) say('missed_step', step, MICRO_POWER_PROBLEM_LABELS.missed_step);
      continue;
    }
    if (previous) {
      if (rec.doneOn < previous.rec.doneOn)
        say('out_of_order', step, `办理日期 ${rec.doneOn} 早于第${previous.step.seq}步的 ${previous.rec.doneOn}`);
      else if (previous.step.publishes && previous.rec.publicationTo && rec.doneOn <= previous.rec.publicationTo)
        say(
          'out_of_order',
          step,
          `第${previous.step.seq}步的公示至 ${previous.rec.publicationTo} 期满，本步 ${rec.doneOn} 即已办理`,
        );
    }
    const missingDocs = step.documents.filter((d) => !rec.documents.includes(d));
    if (missingDocs.length > 0) say('missing_document', step, `缺少材料：${missingDocs.join('、')}`);
    if (step.publishes) {
      if (!rec.publicationFrom || !rec.publicationTo) {
        if (opts.final || step.seq < lastRecorded)
          say('missing_publication', step, MICRO_POWER_PROBLEM_LABELS.missing_publication);
      } else if (step.publicationDays !== null) {
        const days = calendarDays(rec.publicationFrom, rec.publicationTo);
        if (days < step.publicationDays)
          say(
            'short_publication',
            step,
            `公示 ${days} 天（${rec.publicationFrom} 至 ${rec.publicationTo}），规定不少于 ${step.publicationDays} 天`,
          );
      }
    }
    previous = { step, rec };
  }
  return out;
}
