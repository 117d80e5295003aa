/**
 * Who handles a case, by its handling mode (the seeds 000–003): the unit that owns and works it
 * (the case's scope columns), the zone, the other organ, and the commission of the subject's own
 * township (which sees the ledger line only). `resolveHandling` checks that the unit fits the
 * mode and answers CASE_MODE_INVALID with a reason a case officer understands otherwise.
 */
import { HANDLING_MODE_LABELS, type HandlingMode } from '../../shared/cases.codes.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { type Ctx, nowIso } from '../../shared/context.js';
import { domainError } from '../../shared/errors.js';

/** What a mode needs besides itself. */
export interface HandlingInput {
  mode: HandlingMode;
  /** The subject's region (a village or township code). */
  regionCode: string;
  /** The county the case lies in. */
  countyCode: string | null;
  /** 交叉办理 / 异地办理 / 指定管辖 (required), 联合办理 / 挂牌督办 (optional: default the filing commission). */
  handlingUnitId?: string | null | undefined;
  /** 协作区办理: the zone (default: the zone that holds the subject's township). */
  zoneId?: string | null | undefined;
  /** 联合办理: the other organ; 挂牌督办: the supervising organ; 指定管辖: the deciding organ. */
  coOrgan?: string | null | undefined;
  /** The commission that files the case (the default handler of 联合办理 and 挂牌督办). */
  filingUnitId: string;
}

/** A unit as the case's scope needs it. */
export interface HandlingUnit {
  id: string;
  name: string;
  path: string;
  kind: string;
}

/** The resolved handling. */
export interface Handling {
  mode: HandlingMode;
  unit: HandlingUnit;
  zoneId: string | null;
  coOrgan: string | null;
  /** The commission of the subject's own township, or null (a county-level subject). */
  subjectUnit: HandlingUnit | null;
  /** The subject's region path (the case's `region_path`). */
  regionPath: string;
}

function invalid(reason: string, message: string): never {
  throw domainError('CASE_MODE_INVALID', { reason }, message);
}

/** The township code of a region code below the county (village → its township), or null. */
function townshipCodeOf(region: { code: string; level: string }): string | null {
  if (region.level === 'township') return region.code;
  if (region.level === 'village' || region.level === 'villager_group') return `${region.code.slice(0, 9)}000`;
  return null;
}

async function unitById(tx: Ctx, id: string): Promise<HandlingUnit & { county_code: string | null; active: number }> {
  const u = await tx.db
    .selectFrom('units')
    .select(['id', 'name', 'path', 'kind', 'county_code', 'active'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!u) invalid('unit_unknown', '承办单位不存在');
  return u;
}

async function commissionIn(tx: Ctx, kind: string, regionCode: string): Promise<HandlingUnit | null> {
  const u = await tx.db
    .selectFrom('units')
    .select(['id', 'name', 'path', 'kind'])
    .where('kind', '=', kind)
    .where('region_code', '=', regionCode)
    .where('active', '=', 1)
    .executeTakeFirst();
  return u ?? null;
}

/**
 * Resolves the handling of a case in `mode` for a subject in `regionCode`: the handling unit
 * (the case's owner), the zone, the other organ and the subject's township commission. Throws
 * CASE_MODE_INVALID (`details.reason`) when the mode and the unit do not fit, VALIDATION_FAILED
 * for an unknown region.
 */
export async function resolveHandling(tx: Ctx, input: HandlingInput): Promise<Handling> {
  const region = await tx.db
    .selectFrom('regions')
    .select(['code', 'level', 'path', 'county_code'])
    .where('code', '=', input.regionCode)
    .executeTakeFirst();
  if (!region) invalid('region_unknown', '被审查调查人所在区划不存在');
  const countyCode = input.countyCode ?? region.county_code;
  const township = townshipCodeOf(region);
  const subjectUnit = township ? await commissionIn(tx, 'township_commission', township) : null;
  const county = countyCode ? await commissionIn(tx, 'commission', countyCode) : null;
  const coOrgan = input.coOrgan?.trim() || null;
  const base = { mode: input.mode, subjectUnit, regionPath: region.path, coOrgan: null as string | null, zoneId: null };
  const named = async (what: string) => {
    if (!input.handlingUnitId) invalid('unit_missing', `${HANDLING_MODE_LABELS[input.mode]}须选择${what}`);
    const u = await unitById(tx, input.handlingUnitId);
    if (Number(u.active) !== 1 || (u.kind !== 'commission' && u.kind !== 'township_commission'))
      invalid('not_commission', `${what}须是纪检监察机关（县纪委监委或乡镇纪委）`);
    return u;
  };
  switch (input.mode) {
    case 'self': {
      if (!subjectUnit) invalid('no_township', '被审查调查人不在乡镇，不能由乡镇纪委自办');
      return { ...base, unit: subjectUnit };
    }
    case 'escalated': {
      if (!county) invalid('no_county', '未找到县纪委监委，不能提级办理');
      return { ...base, unit: county };
    }
    case 'zone': {
      if (!township) invalid('no_township', '被审查调查人不在乡镇，不能由协作区办理');
      const today = toShanghaiDate(nowIso(tx));
      let q = tx.db
        .selectFrom('zone_memberships as m')
        .innerJoin('zones as z', 'z.id', 'm.zone_id')
        .select(['z.id', 'z.workroom_unit_id', 'z.commission_unit_id'])
        .where('m.township_code', '=', township)
        .where('m.effective_from', '<=', today)
        .where((eb) => eb.or([eb('m.effective_to', 'is', null), eb('m.effective_to', '>', today)]))
        .where('z.active', '=', 1);
      if (input.zoneId) q = q.where('z.id', '=', input.zoneId);
      const zone = await q.executeTakeFirst();
      if (!zone)
        invalid(
          input.zoneId ? 'zone_not_township' : 'no_zone',
          input.zoneId ? '所选协作区不包含被审查调查人所在乡镇' : '被审查调查人所在乡镇不属于任何协作区',
        );
      const unit = await unitById(tx, zone.workroom_unit_id ?? zone.commission_unit_id);
      return { ...base, unit, zoneId: zone.id };
    }
    case 'cross': {
      const u = await named('承办的乡镇纪委');
      if (u.kind !== 'township_commission') invalid('cross_not_township', '交叉办理须由其他乡镇纪委承办');
      if (subjectUnit && u.id === subjectUnit.id)
        invalid('cross_own_township', '交叉办理不能由被审查调查人所在乡镇纪委承办');
      return { ...base, unit: u };
    }
    case 'off_site': {
      const u = await named('承办机关');
      if (subjectUnit && u.id === subjectUnit.id)
        invalid('off_site_own_township', '异地办理不能由被审查调查人所在乡镇纪委承办');
      return { ...base, unit: u };
    }
    case 'designated': {
      const u = await named('被指定管辖的机关');
      return { ...base, unit: u, coOrgan: coOrgan ?? county?.name ?? null };
    }
    case 'joint': {
      if (!coOrgan) invalid('co_organ_missing', '联合办理须写明联合办理的其他机关');
      const u = input.handlingUnitId ? await named('牵头承办机关') : await unitById(tx, input.filingUnitId);
      return { ...base, unit: u, coOrgan };
    }
    case 'flagged': {
      if (!coOrgan) invalid('co_organ_missing', '挂牌督办须写明督办的上级机关');
      const u = input.handlingUnitId ? await named('承办机关') : await unitById(tx, input.filingUnitId);
      return { ...base, unit: u, coOrgan };
    }
  }
}
