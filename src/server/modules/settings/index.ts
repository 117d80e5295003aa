/**
 * The settings module: county settings with a default (`defineCountySetting`), read and set with
 * the scope check and the audit event written once, and their two routes. It owns no table (the
 * `settings` table is the platform's) and no routes of its own: the modules that declare a
 * setting (reports, clues, recusal) register its routes in their plugins.
 * This file is its only import surface: other modules and the platform import nothing else.
 */
export {
  type CountySetting,
  type CountySettingChange,
  type CountySettingChangeInput,
  type CountySettingHistory,
  type CountySettingSpec,
  type CountySettingState,
  defineCountySetting,
} from './settings.county.js';
export { type CountySettingRouteDocs, registerCountySettingRoutes } from './settings.routes.js';
