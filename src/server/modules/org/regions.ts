import { domainError } from '../../shared/errors.js';
import { REGION_LEVELS, type RegionLevel } from '../../shared/org.codes.js';

/**
 * GB/T 2260 region codes as used for the region tree: 12 digits down to village level
 * (2 province + 2 city + 2 county + 3 township + 3 village), and 15 digits for a villager group
 * (the village code plus a 3-digit group number).
 */

/** Levels of the region tree, from the code list the console shares (src/server/shared/org.codes.ts). */
export { REGION_LEVELS, type RegionLevel };

/** Returns the level a well-formed code denotes, or null when the code is malformed. */
export function levelOfCode(code: string): RegionLevel | null {
  if (/^\d{15}$/.test(code)) {
    return code.slice(12) !== '000' && levelOfCode(code.slice(0, 12)) === 'village' ? 'villager_group' : null;
  }
  if (!/^\d{12}$/.test(code)) return null;
  const [prov, city, county, town, village] = [
    code.slice(0, 2),
    code.slice(2, 4),
    code.slice(4, 6),
    code.slice(6, 9),
    code.slice(9, 12),
  ];
  if (prov === '00' || city === '00') return null;
  if (county === '00') return town === '000' && village === '000' ? 'city' : null;
  if (town === '000') return village === '000' ? 'county' : null;
  if (village === '000') return 'township';
  return 'village';
}

/** Returns the code of the parent region a code must hang under (null for a city). */
export function expectedParentCode(code: string): string | null {
  switch (levelOfCode(code)) {
    case 'villager_group':
      return code.slice(0, 12);
    case 'village':
      return code.slice(0, 9) + '000';
    case 'township':
      return code.slice(0, 6) + '000000';
    case 'county':
      return code.slice(0, 4) + '00000000';
    default:
      return null;
  }
}

/** Returns the county code of a region at county level or below (null for a city). */
export function countyCodeOf(code: string): string | null {
  const level = levelOfCode(code);
  if (!level || level === 'city') return null;
  return code.slice(0, 6) + '000000';
}

/** Checks a code is well formed and hangs under `parentCode`; throws INVALID_REGION_CODE. */
export function assertRegionCode(code: string, parentCode: string | null): RegionLevel {
  const level = levelOfCode(code);
  if (!level) throw domainError('INVALID_REGION_CODE', { code, reason: 'malformed' });
  const expected = expectedParentCode(code);
  if (expected !== parentCode) {
    throw domainError('INVALID_REGION_CODE', { code, parentCode, expectedParentCode: expected, reason: 'parent' });
  }
  return level;
}

/** Materialized path of a region under a parent path. */
export function regionPath(parentPath: string | null, code: string): string {
  return `${parentPath ?? '/'}${code}/`;
}

/** Chinese numerals for zone names ("第一协作区"). */
export function chineseOrdinal(n: number): string {
  const digits = '零一二三四五六七八九';
  if (n < 10) return digits[n]!;
  if (n < 20) return '十' + (n % 10 ? digits[n % 10] : '');
  if (n < 100) return digits[Math.floor(n / 10)] + '十' + (n % 10 ? digits[n % 10] : '');
  return String(n);
}
