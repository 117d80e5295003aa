/**
 * The checklist items the engine checks from a closed case's records (issue 14 §5: "the engine
 * already knows"): evidence items without full provenance (the cases module's list, the same one
 * that makes an item uncitable), clocks of the case, its measures and seized property that were met
 * after their due date or ran out unmet, and the required documents (立案决定书, 立案通知书,
 * 审查调查报告) never generated. Each check answers pass, or fault with what it found, in words.
 */
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import type { Ctx } from '../../shared/context.js';
import { QUALITY_REQUIRED_DOCUMENTS, type QualityAutoCheck } from '../../shared/quality.codes.js';
import { caseClockRecords, caseDocumentsGenerated, incompleteEvidence } from '../cases/index.js';
import { deadlinesOf } from '../deadlines/index.js';

/** What one automatic check found on one case. */
export interface AutoFinding {
  outcome: 'fault' | 'pass';
  /** The finding in words (empty for a pass). */
  note: string | null;
  /** What was found, for the console and the problem list. */
  details: { id: string; text: string }[];
}

async function evidenceFinding(tx: Ctx, caseId: string): Promise<AutoFinding> {
  const items = await incompleteEvidence(tx, caseId);
  const details = items.map((e) => ({ id: e.id, text: `证据${e.seq}“${e.title}”缺少${e.missing.join('、')}` }));
  return finding(details);
}

async function clockFinding(tx: Ctx, caseId: string): Promise<AutoFinding> {
  const details: { id: string; text: string }[] = [];
  for (const record of await caseClockRecords(tx, caseId)) {
    for (const clock of await deadlinesOf(tx, record.resourceType, record.resourceId)) {
      // Met after its due date (a restarted clock was replaced, not missed), or still running past it.
      if (clock.state === 'met' && clock.metAt && clock.dueOn && toShanghaiDate(clock.metAt) > clock.dueOn)
        details.push({
          id: clock.id,
          text: `${clock.label}应于${clock.dueOn}前完成，实际${toShanghaiDate(clock.metAt)}完成`,
        });
      else if (clock.overdue)
        details.push({ id: clock.id, text: `${clock.label}应于${clock.dueOn}前完成，至今未完成` });
    }
  }
  return finding(details);
}

async function documentFinding(tx: Ctx, caseId: string): Promise<AutoFinding> {
  const generated = await caseDocumentsGenerated(tx, caseId);
  const details = Object.entries(QUALITY_REQUIRED_DOCUMENTS)
    .filter(([name]) => !generated.has(name))
    .map(([name, title]) => ({ id: name, text: `未生成${title}` }));
  return finding(details);
}

function finding(details: { id: string; text: string }[]): AutoFinding {
  return details.length === 0
    ? { outcome: 'pass', note: null, details: [] }
    : { outcome: 'fault', note: details.map((d) => d.text).join('；'), details };
}

const CHECKS: Record<QualityAutoCheck, (tx: Ctx, caseId: string) => Promise<AutoFinding>> = {
  evidence_provenance: evidenceFinding,
  clock_missed: clockFinding,
  document_missing: documentFinding,
};

/** Runs automatic check `check` on case `caseId` (no access check: the caller loaded the case in scope). */
export function runAutoCheck(tx: Ctx, check: QualityAutoCheck, caseId: string): Promise<AutoFinding> {
  return CHECKS[check](tx, caseId);
}
