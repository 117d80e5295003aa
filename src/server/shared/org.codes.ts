/**
 * Code lists of the organisation (区划, 单位, 人员): the one copy that the server (schemas,
 * validation, imports) and the staff console (forms, filters) both import. Labels live in the
 * console's i18n files. Vite bundles this file into the browser, so it stays plain TypeScript:
 * no Node built-ins and no imports from the server.
 */

/** Levels of the region tree, from the top (GLOSSARY: region). */
export const REGION_LEVELS = ['city', 'county', 'township', 'village', 'villager_group'] as const;
/** A region level. */
export type RegionLevel = (typeof REGION_LEVELS)[number];

/** Kinds of unit, in display order (GLOSSARY: commission, office, dispatched_group, township_commission, …). */
export const UNIT_KINDS = [
  'commission',
  'office',
  'dispatched_group',
  'township_commission',
  'village_committee',
  'workroom',
  'other',
] as const;
/** A unit kind. */
export type UnitKind = (typeof UNIT_KINDS)[number];

/** Cadre authority (干部管理权限): which commission level is competent for a person. */
export const CADRE_AUTHORITIES = ['county_managed', 'township_managed', 'village_cadre', 'other'] as const;
/** A cadre authority. */
export type CadreAuthority = (typeof CADRE_AUTHORITIES)[number];
