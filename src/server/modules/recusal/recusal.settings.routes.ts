import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { registerCountySettingRoutes } from '../settings/index.js';
import { workplaceWindow } from './recusal.settings.js';

/** Routes of a county's recusal settings: the workplace window the conflict check applies, with its history. */
export const recusalSettingsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  registerCountySettingRoutes(app, workplaceWindow, {
    path: '/api/recusal-settings',
    tag: 'recusal',
    readSummary: "A county's workplace window for conflict checks, with the history of its changes",
    setSummary: "Set a county's workplace window (checks run from now on use it; audited, kept in the history)",
    description: "A county's workplace window for conflict checks",
    unit: 'Years',
    isDefaultDescription: 'The county has not set its own window (the default applies)',
    defaultField: { name: 'defaultYears', description: 'The default window, in years' },
  });
};
