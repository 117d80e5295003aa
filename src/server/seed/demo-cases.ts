/**
 * Two demo cases (案件) so the case ledger is not empty on first start: a zone case filed
 * directly on the county's assignment (drafted by 案管, approved by the commission's principal
 * leader, the county party secretary's signature recorded from paper) and a township's 自办
 * filing request still waiting for its approval. The zone case is under way, so every tab of the
 * case page shows something: its team (the zone leader and an investigator), the commander's
 * authorisation (一案一授权) and a briefing (一案一汇报), a talk, two evidence items (one with full
 * provenance, one still missing it). Written through the cases module and the
 * approval engine, as the demo accounts. Not part of the test preset.
 */
import type { Kysely } from 'kysely';
import type { DialectHelpers } from '../db/dialect.js';
import type { Database } from '../db/types.js';
import { decideApproval, recordOfflineStep } from '../modules/approvals/index.js';
import {
  type FilingInput,
  addCaseMember,
  authorizeCase,
  recordBriefing,
  recordCaseAction,
  registerEvidence,
  requestFiling,
} from '../modules/cases/index.js';
import { inTransaction } from '../shared/context.js';
import type { Clock } from '../shared/clock.js';
import { demoCtx, villageUnder } from './demo-clues.js';

/** Approves every step of `approvalId` as its holder; the drafter records paper steps. */
async function approveAll(
  db: Kysely<Database>,
  dialect: DialectHelpers,
  clock: Clock,
  masterKey: Buffer,
  approvalId: string,
): Promise<void> {
  for (let guard = 0; guard < 10; guard++) {
    const row = await db
      .selectFrom('approvals')
      .select(['status', 'version', 'current_step_id', 'current_holder_id', 'drafter_id'])
      .where('id', '=', approvalId)
      .executeTakeFirstOrThrow();
    if (row.status !== 'pending' || !row.current_step_id) return;
    const step = await db
      .selectFrom('approval_steps')
      .select('offline')
      .where('id', '=', row.current_step_id)
      .executeTakeFirstOrThrow();
    const offline = Number(step.offline) === 1;
    const holderId = offline ? row.drafter_id : row.current_holder_id;
    if (!holderId) return;
    const user = await db.selectFrom('users').select('username').where('id', '=', holderId).executeTakeFirstOrThrow();
    const ctx = await demoCtx(db, dialect, clock, masterKey, user.username);
    if (!ctx) return;
    const today = new Date(clock.nowMs() + 8 * 3600_000).toISOString().slice(0, 10);
    if (offline)
      await recordOfflineStep(ctx, approvalId, {
        decision: 'approve',
        opinion: '同意立案',
        signerName: '县委书记',
        signedOn: today,
        version: row.version,
      });
    else await decideApproval(ctx, approvalId, { decision: 'approve', opinion: '同意', version: row.version });
  }
}

/** Files the demo cases (skipped when the demo accounts are not there). Returns how many. */
export async function seedDemoCases(
  db: Kysely<Database>,
  dialect: DialectHelpers,
  clock: Clock,
  masterKey: Buffer,
): Promise<number> {
  const [village1, village2] = [await villageUnder(db, 'township1'), await villageUnder(db, 'township2')];
  const casemgr = await demoCtx(db, dialect, clock, masterKey, 'casemgr');
  const township2 = await demoCtx(db, dialect, clock, masterKey, 'township2');
  if (!village1 || !village2 || !casemgr || !township2) return 0;
  const zoneCase: FilingInput = {
    title: '关于对罗志强涉嫌违纪违法问题立案审查调查的请示',
    targetKind: 'person',
    summary: '村党支部书记罗志强涉嫌在村级道路硬化工程中虚报工程量，套取项目资金。',
    basis: '县审计局专项审计发现工程结算量超出实际完成量约1800平方米，涉及资金21万元；施工方负责人已作出书面说明。',
    conditions: ['facts_established', 'needs_investigation', 'accountability'],
    directReason: '县纪委监委交办（渑纪交〔2026〕12号），不经初步核实直接立案',
    subjects: [{ name: '罗志强', position: '村党支部书记', authority: 'village_cadre' }],
    regionCode: village1,
    handling: { mode: 'zone', reason: 'county_assigned' },
  };
  const filed = await requestFiling(casemgr, zoneCase);
  await approveAll(db, dialect, clock, masterKey, filed.approvalId);
  await workZoneCase(db, dialect, clock, masterKey, filed.id);
  await requestFiling(township2, {
    title: '关于对刘桂兰涉嫌违规报销问题立案审查调查的请示',
    targetKind: 'person',
    summary: '村报账员刘桂兰涉嫌将个人餐费在村委会违规报销。',
    basis: '乡纪委日常监督抽查村级账目，发现3张餐饮发票与村务活动记录不符，合计4600元。',
    conditions: ['facts_established', 'needs_investigation'],
    directReason: '日常监督发现，事实简单清楚，直接立案',
    subjects: [{ name: '刘桂兰', position: '村报账员', authority: 'village_cadre' }],
    regionCode: village2,
    handling: { mode: 'self', reason: 'simple' },
  });
  return 2;
}

/**
 * Puts the demo zone case to work as its zone would: the team (the zone leader 组长 and an
 * investigator of the first office), the commander's authorisation, a briefing, a talk in a
 * monitored room and two evidence items (one complete, one whose provenance is still missing).
 */
async function workZoneCase(
  db: Kysely<Database>,
  dialect: DialectHelpers,
  clock: Clock,
  masterKey: Buffer,
  caseId: string,
): Promise<void> {
  const casemgr = await demoCtx(db, dialect, clock, masterKey, 'casemgr');
  const zone1 = await demoCtx(db, dialect, clock, masterKey, 'zone1');
  if (!casemgr || !zone1) return;
  const people = await db
    .selectFrom('users as u')
    .innerJoin('units as n', 'n.id', 'u.unit_id')
    .select(['u.id', 'u.username', 'u.display_name', 'n.name'])
    .where('u.username', 'in', ['zone1', 'office1'])
    .execute();
  const zoneLeader = people.find((p) => p.username === 'zone1');
  const officer = people.find((p) => p.username === 'office1');
  if (!zoneLeader || !officer) return;
  await inTransaction(casemgr, async (tx) => {
    await addCaseMember(
      tx,
      caseId,
      { userId: zoneLeader.id, name: zoneLeader.display_name, unitName: zoneLeader.name },
      'leader',
    );
    await addCaseMember(
      tx,
      caseId,
      { userId: officer.id, name: officer.display_name, unitName: officer.name },
      'member',
    );
  });
  const now = new Date(clock.nowMs()).toISOString();
  const today = new Date(clock.nowMs() + 8 * 3600_000).toISOString().slice(0, 10);
  const row = await db.selectFrom('cases').select('version').where('id', '=', caseId).executeTakeFirstOrThrow();
  await authorizeCase(zone1, caseId, {
    version: row.version,
    scope: '对罗志强开展审查调查谈话，调取村级道路硬化工程结算资料，询问施工方有关人员',
    authorizedOn: today,
  });
  await recordBriefing(zone1, caseId, {
    briefedOn: today,
    briefedBy: zoneLeader.display_name,
    receivedBy: '协作区指挥长',
    content: '审查调查组已组建，拟先调取工程结算资料，再与施工方负责人谈话。',
    instructions: '先固定书证，谈话前做好安全预案。',
  });
  const officers = [zoneLeader.id, officer.id];
  const talk = await recordCaseAction(zone1, caseId, {
    kind: 'talk',
    startedAt: now,
    place: '第一协作区办案点',
    personName: '罗志强',
    personRole: '被审查调查人',
    officerIds: officers,
    notice: '出示工作证件，送达《谈话通知书》',
    credentialsShown: true,
    room: '一号谈话室',
    roomMonitored: true,
    audioVideo: true,
    recordingRef: 'LX-2026-001',
    safetyChecked: true,
    summary: '罗志强对工程量虚报问题作了初步说明。',
  });
  await registerEvidence(zone1, caseId, {
    type: 'documentary',
    title: '村级道路硬化工程结算单',
    description: '工程结算单及附件共12页',
    actionId: talk.id,
    source: '某村村民委员会（报账员）',
    collectorIds: officers,
    collectedAt: now,
    place: '某村村委会办公室',
    method: '调取',
    original: false,
    originalLocation: '某村村委会档案室',
    copyReason: '原件系村级会计档案，须留存备查',
    signed: true,
  });
  await registerEvidence(zone1, caseId, {
    type: 'witness',
    title: '施工方负责人书面说明',
    original: true,
  });
}
