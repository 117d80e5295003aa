/**
 * Grid supervision (网格监督 / 廉情前哨站, `/api/grid/…`): outposts, informants and their
 * invitations, tasks, the county's scoring rules and the quarterly rankings.
 */
import { apiGet, apiPath, apiPost, apiPut, buildUrl } from './request.js';
import type { BodyOf, ResponseOf } from './types.js';

/** An outpost. */
export type Outpost = ResponseOf<'/api/grid/outposts', 'get'>['items'][number];
/** An informant. */
export type Informant = ResponseOf<'/api/grid/informants', 'get'>['items'][number];
/** A task. */
export type GridTask = ResponseOf<'/api/grid/tasks', 'get'>['items'][number];
/** An informant's report as the township sees it. */
export type GridReport = ResponseOf<'/api/grid/reports', 'get'>['items'][number];
/** A quarter's rankings. */
export type Rankings = ResponseOf<'/api/grid/rankings', 'get'>;
/** The scoring rules. */
export type ScoreRules = ResponseOf<'/api/grid/score-rules', 'get'>;
/** An issued invitation. */
export type Invitation = ResponseOf<'/api/grid/informants/{id}/invitations', 'post'>;

/** The outposts in reach. */
export const listOutposts = () => apiGet<{ items: Outpost[] }>('/api/grid/outposts');
/** Sets up an outpost. */
export const createOutpost = (body: BodyOf<'/api/grid/outposts', 'post'>) =>
  apiPost<Outpost>('/api/grid/outposts', body);
/** The informants in reach. */
export const listInformants = () => apiGet<{ items: Informant[] }>('/api/grid/informants');
/** Appoints an informant. */
export const createInformant = (body: BodyOf<'/api/grid/informants', 'post'>) =>
  apiPost<Informant>('/api/grid/informants', body);
/** Issues a one-time invitation. */
export const issueInvitation = (id: string) =>
  apiPost<Invitation>(apiPath('/api/grid/informants/{id}/invitations', { id }));
/** Revokes an informant. */
export const revokeInformant = (id: string) => apiPost(apiPath('/api/grid/informants/{id}/revocation', { id }));
/** The tasks in reach. */
export const listGridTasks = () => apiGet<{ items: GridTask[] }>('/api/grid/tasks');
/** Pushes a task. */
export const createGridTask = (body: BodyOf<'/api/grid/tasks', 'post'>) =>
  apiPost<{ id: string }>('/api/grid/tasks', body);
/** Confirms a task done. */
export const confirmGridTask = (id: string) => apiPost(apiPath('/api/grid/tasks/{id}/confirmation', { id }));
/** Informants' reports (no content). */
export const listGridReports = () => apiGet<{ items: GridReport[] }>('/api/grid/reports');
/** A quarter's rankings. */
export const getRankings = (quarter: string) => apiGet<Rankings>('/api/grid/rankings', { quarter });
/** The rankings' Excel. */
export const rankingsExportUrl = (quarter: string) => buildUrl('/api/grid/rankings/export.xlsx', { quarter });
/** The county's rules. */
export const getScoreRules = () => apiGet<ScoreRules>('/api/grid/score-rules');
/** Sets the county's rules. */
export const setScoreRules = (body: BodyOf<'/api/grid/score-rules', 'put'>) =>
  apiPut<ScoreRules>('/api/grid/score-rules', body);
/** The informants' Excel. */
export const informantsExportUrl = () => '/api/grid/informants/export.xlsx';
