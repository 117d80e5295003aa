import type { Kysely } from 'kysely';
import { newId } from '../../shared/ids.js';

/**
 * The rectification ledger takes over the problems recorded before it (issue 15 §2): every case's
 * 以案促改 measure addressed to a unit of the organisation other than the case's own, and every
 * quality-review problem whose handling unit is not the review's organiser, gets its ledger item
 * (source `case_reform` / `quality_review`, `source_id` the record's id) in the state its record
 * is in:
 *
 * - a measure: open → open; done → closed (销号 on its last change, the done note as acceptance);
 * - a problem: open → open (in_progress with one rejection when it was sent back), submitted →
 *   submitted, confirmed → closed (by its confirmer, with the confirmation note).
 *
 * Due dates stay the records' own (an overdue one is simply overdue in the ledger). Each item gets
 * a `created` event saying it was taken over; no audit event (a migration is not an actor). Rows
 * that already have their item are left alone, so the migration can run over a database where the
 * new code already opened some.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const now = new Date().toISOString();
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const zones = new Map<string, string | null>();
  const zoneOf = async (regionPath: string): Promise<string | null> => {
    if (zones.has(regionPath)) return zones.get(regionPath)!;
    const codes = regionPath.split('/').filter(Boolean);
    let zone: string | null = null;
    if (codes.length > 0) {
      const township = await db
        .selectFrom('regions')
        .select('code')
        .where('level', '=', 'township')
        .where('code', 'in', codes)
        .executeTakeFirst();
      if (township) {
        const z = await db
          .selectFrom('zone_memberships as m')
          .innerJoin('zones as z', 'z.id', 'm.zone_id')
          .select('z.id')
          .where('m.township_code', '=', township.code)
          .where('m.effective_from', '<=', today)
          .where((eb) => eb.or([eb('m.effective_to', 'is', null), eb('m.effective_to', '>', today)]))
          .where('z.active', '=', 1)
          .executeTakeFirst();
        zone = z?.id ?? null;
      }
    }
    zones.set(regionPath, zone);
    return zone;
  };
  const taken = async (source: string, sourceId: string) =>
    !!(await db
      .selectFrom('rectification_items')
      .select('id')
      .where('source_kind', '=', source)
      .where('source_id', '=', sourceId)
      .executeTakeFirst());

  interface Item {
    source: string;
    sourceId: string;
    document: string;
    problem: string;
    severity: string;
    measures: string | null;
    owner: { id: string; path: string; region_path: string; county_code: string | null };
    person: string | null;
    personId: string | null;
    issuer: { id: string; path: string; region_path: string };
    dueOn: string;
    status: 'open' | 'in_progress' | 'submitted' | 'closed';
    submitted: { at: string | null; by: string | null; note: string | null };
    closed: { at: string | null; by: string | null; note: string | null };
    rejection: string | null;
    createdBy: string | null;
    createdAt: string;
  }
  const insert = async (it: Item) => {
    const id = newId();
    await db
      .insertInto('rectification_items')
      .values({
        id,
        parent_id: null,
        source_kind: it.source,
        source_id: it.sourceId,
        source_document: it.document,
        problem: it.problem,
        severity: it.severity,
        measures: it.measures,
        owner_unit_id: it.owner.id,
        owner_unit_path: it.owner.path,
        region_path: it.owner.region_path,
        county_code: it.owner.county_code,
        responsible_person: it.person,
        responsible_user_id: it.personId,
        issuer_unit_id: it.issuer.id,
        issuer_unit_path: it.issuer.path,
        issuer_region_path: it.issuer.region_path,
        zone_id: await zoneOf(it.owner.region_path),
        due_on: it.dueOn,
        original_due_on: it.dueOn,
        status: it.status,
        escalation: null,
        escalated_at: null,
        evidence_note: it.submitted.note,
        submitted_at: it.submitted.at,
        submitted_by: it.submitted.by,
        rejections: it.rejection ? 1 : 0,
        last_rejection: it.rejection,
        closed_at: it.closed.at,
        closed_by: it.closed.by,
        acceptance_note: it.closed.note,
        follow_up_on: null,
        followed_up_at: null,
        follow_up_result: null,
        next_escalation: null,
        next_escalation_on: null,
        follow_up_note: null,
        relapse_of: null,
        created_by: it.createdBy,
        version: 1,
        created_at: it.createdAt,
        updated_at: now,
      })
      .execute();
    await db
      .insertInto('rectification_events')
      .values({
        id: newId(),
        item_id: id,
        kind: 'created',
        note: '由原有记录纳入整改台账',
        details: JSON.stringify({ source: it.source, sourceId: it.sourceId, dueOn: it.dueOn, takenOver: true }),
        user_id: null,
        user_name: '系统',
        at: now,
      })
      .execute();
  };

  const measures = await db
    .selectFrom('case_recommendations as r')
    .innerJoin('cases as c', 'c.id', 'r.case_id')
    .innerJoin('units as o', 'o.id', 'r.unit_id')
    .innerJoin('units as i', 'i.id', 'c.owner_unit_id')
    .select([
      'r.id',
      'r.measure',
      'r.owner_name',
      'r.due_on',
      'r.status',
      'r.done_note',
      'r.created_by',
      'r.created_at',
      'r.updated_at',
      'c.number',
      'o.id as o_id',
      'o.path as o_path',
      'o.region_path as o_region_path',
      'o.county_code as o_county_code',
      'i.id as i_id',
      'i.path as i_path',
      'i.region_path as i_region_path',
    ])
    .whereRef('r.unit_id', '!=', 'c.owner_unit_id')
    .orderBy('r.created_at')
    .execute();
  for (const r of measures) {
    if (await taken('case_reform', r.id)) continue;
    const done = r.status === 'done';
    await insert({
      source: 'case_reform',
      sourceId: r.id,
      document: `${r.number ?? '案件'} 一案一剖析`,
      problem: r.measure,
      severity: 'minor',
      measures: r.measure,
      owner: { id: r.o_id, path: r.o_path, region_path: r.o_region_path, county_code: r.o_county_code },
      person: r.owner_name,
      personId: null,
      issuer: { id: r.i_id, path: r.i_path, region_path: r.i_region_path },
      dueOn: r.due_on,
      status: done ? 'closed' : 'open',
      submitted: { at: null, by: null, note: null },
      closed: done
        ? { at: r.updated_at, by: null, note: r.done_note ?? '以案促改措施已完成' }
        : { at: null, by: null, note: null },
      rejection: null,
      createdBy: r.created_by,
      createdAt: r.created_at,
    });
  }

  const problems = await db
    .selectFrom('quality_problems as p')
    .innerJoin('quality_reviews as r', 'r.id', 'p.review_id')
    .innerJoin('quality_review_cases as rc', 'rc.id', 'p.review_case_id')
    .select([
      'p.id',
      'p.item_label',
      'p.description',
      'p.severity',
      'p.owner_unit_id',
      'p.owner_unit_path',
      'p.region_path',
      'p.county_code',
      'p.organiser_unit_id',
      'p.organiser_unit_path',
      'p.organiser_region_path',
      'p.owner_user_id',
      'p.owner_user_name',
      'p.due_on',
      'p.status',
      'p.rectification_note',
      'p.submitted_at',
      'p.submitted_by',
      'p.returned_note',
      'p.confirmed_at',
      'p.confirmed_by',
      'p.confirm_note',
      'p.created_at',
      'r.title',
      'r.created_by',
      'rc.case_number',
      'rc.case_title',
    ])
    .whereRef('p.owner_unit_id', '!=', 'p.organiser_unit_id')
    .orderBy('p.created_at')
    .execute();
  for (const p of problems) {
    if (await taken('quality_review', p.id)) continue;
    const status =
      p.status === 'confirmed'
        ? 'closed'
        : p.status === 'submitted'
          ? 'submitted'
          : p.returned_note
            ? 'in_progress'
            : 'open';
    await insert({
      source: 'quality_review',
      sourceId: p.id,
      document: `${p.title}（${p.case_number ?? p.case_title}）`,
      problem: `${p.item_label}：${p.description}`,
      severity: p.severity,
      measures: null,
      owner: { id: p.owner_unit_id, path: p.owner_unit_path, region_path: p.region_path, county_code: p.county_code },
      person: p.owner_user_name,
      personId: p.owner_user_id,
      issuer: { id: p.organiser_unit_id, path: p.organiser_unit_path, region_path: p.organiser_region_path },
      dueOn: p.due_on,
      status,
      submitted:
        status === 'submitted' || status === 'closed'
          ? { at: p.submitted_at, by: p.submitted_by, note: p.rectification_note }
          : { at: null, by: null, note: null },
      closed:
        status === 'closed'
          ? { at: p.confirmed_at, by: p.confirmed_by, note: p.confirm_note ?? '评查组确认整改到位' }
          : { at: null, by: null, note: null },
      rejection: p.returned_note,
      createdBy: p.created_by,
      createdAt: p.created_at,
    });
  }
}

/**
 * Takes the ledger's items of these two sources out again (with their events and escalation
 * records), leaving the source records as they were.
 */
export async function down(db: Kysely<any>): Promise<void> {
  const ids = db
    .selectFrom('rectification_items')
    .select('id')
    .where('source_kind', 'in', ['case_reform', 'quality_review']);
  await db.deleteFrom('rectification_events').where('item_id', 'in', ids).execute();
  await db.deleteFrom('rectification_escalations').where('item_id', 'in', ids).execute();
  await db.deleteFrom('rectification_items').where('source_kind', 'in', ['case_reform', 'quality_review']).execute();
}
