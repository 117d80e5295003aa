/**
 * Code lists of collaboration zones (协作区): the one copy that the server and the staff console
 * both import. Labels live in the console's i18n files. Bundled into the browser: plain
 * TypeScript, no Node built-ins, no imports from the server.
 */

/** Zone roles of the 1+1+N model, in rank order (GLOSSARY). */
export const ZONE_ROLES = [
  'commander',
  'leader',
  'deputy_leader',
  'member',
  'zone_office_director',
  'village_liaison',
] as const;
/** A zone role. */
export type ZoneRole = (typeof ZONE_ROLES)[number];

/** What a zone membership is of: a township, or a dispatched discipline inspection group. */
export const MEMBER_KINDS = ['township', 'dispatched_group'] as const;
/** A membership kind. */
export type MemberKind = (typeof MEMBER_KINDS)[number];
