import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Kit, type Res, type Rule, type Ids, XLSX } from './ladder/rules.js';
import { DISCLOSURE_PATH_IDS, DISCLOSURE_ROUTES } from './ladder/disclosure.js';
import { QR_SUPERVISION_PATH_IDS, QR_SUPERVISION_ROUTES } from './ladder/qr-supervision.js';
import { MICRO_POWER_ROUTES } from './ladder/micro-powers.js';
import { GRID_PATH_IDS, GRID_ROUTES } from './ladder/grid.js';
import { type Client, type TestEnv, TEST_PASSWORD, startTestEnv, testDialects } from '../../src/server/test/harness.js';
import { samplePng } from '../../src/server/test/sample-files.js';
import { registeredRoutes } from '../../src/server/test/routes.js';
import { ctxAs, makeReviewer, unitOf, villageOf, zonesOf } from '../../src/server/test/factories.js';
import { startApproval } from '../../src/server/modules/approvals/index.js';
import { inTransaction } from '../../src/server/shared/context.js';
import { setClueState } from '../../src/server/modules/clues/index.js';
import {
  addTeam,
  authoriseCase,
  closedCase,
  decideAll,
  makeCase,
  makeTransferredCase,
} from '../../src/server/test/case-factories.js';
import {
  checkReviewTeam,
  decideAcceptance,
  saveReviewReport,
  setReviewTeam,
} from '../../src/server/modules/review/index.js';
import { decidedReviewCase } from '../../src/server/test/sanction-factories.js';
import {
  checkAppealTeam,
  decideAppeal,
  importSanction,
  lodgeAppeal,
  setAppealTeam,
} from '../../src/server/modules/sanctions/index.js';

/**
 * The access ladder, route by route: anonymous → 401, signed in without the permission → 403,
 * restricted (must change password) → 403, no CSRF token → 403, the right account → 2xx (reads)
 * or a 2xx / validation 400 (writes). Routes are enumerated from the running app; a route that
 * is missing from ROUTES below fails the suite, so every new route must declare its access here.
 */

const NEW_PASSWORD = 'Ladder-Pass-2026';
const MISSING_ID = '00000000-0000-4000-8000-000000000000';

/** Every route of the API (except the OpenAPI UI) with its access rule. Keep in step with the app. */
const ROUTES: Record<string, Rule> = {
  ...DISCLOSURE_ROUTES,
  ...QR_SUPERVISION_ROUTES,
  ...MICRO_POWER_ROUTES,
  ...GRID_ROUTES,
  'GET /api/health': { access: 'public', holder: 'anon' },
  'POST /api/auth/login': {
    access: 'public',
    exercise: (k) => k.env.anon().post('/api/auth/login', { username: 'leader', password: TEST_PASSWORD }),
    expect: 200,
  },
  'POST /api/auth/logout': {
    access: 'session',
    exercise: async (k) => (await k.fresh('casemgr')).post('/api/auth/logout'),
    expect: 200,
  },
  'GET /api/auth/me': { access: 'session', holder: 'village1' },
  'POST /api/auth/password': { access: 'session', holder: 'leader' },
  'POST /api/auth/totp/setup': {
    access: 'session',
    exercise: async (k) => (await k.as('norole')).post('/api/auth/totp/setup'),
    expect: 200,
  },
  'POST /api/auth/totp/activation': { access: 'session', holder: 'leader' },
  'GET /api/auth/sessions': { access: 'session', holder: 'leader' },
  'DELETE /api/auth/sessions/{id}': {
    access: 'session',
    exercise: async (k) => {
      const a = await k.fresh('reviewer');
      const b = await k.fresh('reviewer');
      const other = (await a.get('/api/auth/sessions')).json().items.find((s: { current: boolean }) => !s.current);
      const res = await a.delete(`/api/auth/sessions/${other.id}`);
      expect((await b.get('/api/auth/me')).statusCode).toBe(401);
      return res;
    },
    expect: 200,
  },

  'GET /api/regions': { access: 'org.read', holder: 'village1', lacker: 'norole' },
  'GET /api/regions/{code}': { access: 'org.read', holder: 'leader', lacker: 'norole' },
  'POST /api/regions': { access: 'org.manage', holder: 'orgadmin', lacker: 'leader' },
  'PATCH /api/regions/{code}': { access: 'org.manage', holder: 'orgadmin', lacker: 'township1' },
  'GET /api/units': { access: 'org.read', holder: 'sysadmin', lacker: 'norole' },
  'GET /api/units/{id}': { access: 'org.read', holder: 'leader', lacker: 'norole' },
  'POST /api/units': { access: 'org.manage', holder: 'orgadmin', lacker: 'casemgr' },
  'PATCH /api/units/{id}': { access: 'org.manage', holder: 'orgadmin', lacker: 'zone1' },
  'GET /api/units/{id}/dispatched-group': { access: 'org.read', holder: 'sysadmin', lacker: 'norole' },
  'PUT /api/units/{id}/dispatched-group': { access: 'org.manage', holder: 'orgadmin', lacker: 'leader' },
  'GET /api/organisation/export.xlsx': {
    access: 'org.export',
    holder: 'leader',
    lacker: 'township1',
    contentType: XLSX,
  },
  'POST /api/organisation/import': {
    access: 'org.import',
    lacker: 'leader',
    exercise: async (k) => {
      const org = await k.as('orgadmin');
      const boundary = 'ladder';
      const payload =
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.xlsx"\r\n` +
        `Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\nnot a workbook\r\n--${boundary}--\r\n`;
      const res = await k.env.app.inject({
        method: 'POST',
        url: '/api/organisation/import?dryRun=true',
        headers: {
          cookie: org.cookie!,
          'x-csrf-token': org.csrf!,
          'content-type': `multipart/form-data; boundary=${boundary}`,
        },
        payload,
      });
      expect(res.json().error.code).toBe('INVALID_FILE');
      return res;
    },
    expect: 400,
  },

  'GET /api/zones': { access: 'zone.read', holder: 'office1', lacker: 'sysadmin' },
  'GET /api/zones/{id}': { access: 'zone.read', holder: 'leader', lacker: 'village1' },
  'POST /api/zones': { access: 'zone.manage', holder: 'orgadmin', lacker: 'leader' },
  'PATCH /api/zones/{id}': { access: 'zone.manage', holder: 'orgadmin', lacker: 'zone1' },
  'POST /api/zones/{id}/memberships': { access: 'zone.manage', holder: 'orgadmin', lacker: 'office1' },
  'POST /api/zones/{id}/memberships/{membershipId}/end': { access: 'zone.manage', holder: 'orgadmin', lacker: 'zone1' },
  'POST /api/zones/{id}/roles': { access: 'zone.manage', holder: 'orgadmin', lacker: 'secadmin' },
  'POST /api/zones/{id}/roles/{roleId}/end': { access: 'zone.manage', holder: 'orgadmin', lacker: 'township1' },

  'GET /api/staff': { access: 'staff.read', holder: 'township1', lacker: 'intake' },
  'GET /api/staff/export.xlsx': { access: 'staff.read', holder: 'leader', lacker: 'intake', contentType: XLSX },
  'GET /api/staff/{id}': { access: 'staff.read', holder: 'casemgr', lacker: 'village1' },
  'POST /api/staff': { access: 'staff.manage', holder: 'township1', lacker: 'tstaff1' },
  'PATCH /api/staff/{id}': { access: 'staff.manage', holder: 'orgadmin', lacker: 'leader' },
  'GET /api/subjects': { access: 'subject.read', holder: 'intake', lacker: 'village1' },
  'GET /api/subjects/export.xlsx': {
    access: 'subject.read',
    holder: 'leader',
    lacker: 'auditadmin',
    contentType: XLSX,
  },
  'GET /api/subjects/{id}': { access: 'subject.read', holder: 'reviewer', lacker: 'sysadmin' },
  'POST /api/subjects': { access: 'subject.manage', holder: 'zone1', lacker: 'casemgr' },
  'PATCH /api/subjects/{id}': { access: 'subject.manage', holder: 'orgadmin', lacker: 'office1' },

  'GET /api/users': { access: 'user.read', holder: 'auditadmin', lacker: 'leader' },
  'POST /api/users': { access: 'user.manage', holder: 'sysadmin', lacker: 'secadmin' },
  'PATCH /api/users/{id}': { access: 'user.manage', holder: 'sysadmin', lacker: 'auditadmin' },
  'POST /api/users/{id}/password-reset': { access: 'user.manage', holder: 'sysadmin', lacker: 'secadmin' },
  'POST /api/users/{id}/unlock': {
    access: 'user.manage',
    lacker: 'secadmin',
    exercise: async (k) =>
      (await k.as('sysadmin')).post(`/api/users/${k.ids.userId}/unlock`, { reason: '本人电话核实' }),
    expect: 200,
  },
  'POST /api/users/{id}/totp-reset': {
    access: 'user.manage',
    lacker: 'auditadmin',
    exercise: async (k) => (await k.as('sysadmin')).post(`/api/users/${k.ids.userId}/totp-reset`),
    expect: 200,
  },
  'POST /api/users/{id}/session-revocation': {
    access: 'user.manage',
    lacker: 'orgadmin',
    exercise: async (k) => (await k.as('sysadmin')).post(`/api/users/${k.ids.userId}/session-revocation`),
    expect: 200,
  },

  'GET /api/permissions': { access: 'role.read', holder: 'secadmin', lacker: 'sysadmin' },
  'GET /api/roles': { access: 'role.read', holder: 'secadmin', lacker: 'auditadmin' },
  'POST /api/roles': { access: 'role.manage', holder: 'secadmin', lacker: 'sysadmin' },
  'PATCH /api/roles/{id}': { access: 'role.manage', holder: 'secadmin', lacker: 'orgadmin' },
  'GET /api/role-assignments': { access: 'role.read', holder: 'secadmin', lacker: 'leader' },
  'POST /api/role-assignments': { access: 'role.assign', holder: 'secadmin', lacker: 'sysadmin' },
  'DELETE /api/role-assignments/{id}': {
    access: 'role.assign',
    lacker: 'auditadmin',
    exercise: async (k) => {
      const sec = await k.as('secadmin');
      const roles = (await sec.get('/api/roles')).json().items as { id: string; key: string }[];
      const reviewer = roles.find((r) => r.key === 'reviewer')!;
      const made = await sec.post('/api/role-assignments', {
        userId: k.ids.userId,
        roleId: reviewer.id,
        scopeType: 'unit_subtree',
        scopeUnitId: k.ids.unitId,
      });
      expect(made.statusCode, made.body).toBe(201);
      return sec.delete(`/api/role-assignments/${made.json().id}`);
    },
    expect: 200,
  },

  'GET /api/audit-events': { access: 'audit.read', holder: 'auditadmin', lacker: 'secadmin' },
  'GET /api/security-events': { access: 'security_event.read', holder: 'secadmin', lacker: 'auditadmin' },
  'GET /api/audit-events/export.xlsx': {
    access: 'audit.export',
    holder: 'auditadmin',
    lacker: 'leader',
    contentType: XLSX,
  },
  'GET /api/audit-anchors/export.log': {
    access: 'audit.export',
    holder: 'auditadmin',
    lacker: 'leader',
    contentType: /^text\/plain/,
  },
  'POST /api/audit-events/verification': {
    access: 'audit.verify',
    lacker: 'sysadmin',
    exercise: async (k) => (await k.as('auditadmin')).post('/api/audit-events/verification'),
    expect: 200,
  },

  'GET /api/calendar/years': { access: 'calendar.read', holder: 'tstaff1', lacker: 'secadmin' },
  'GET /api/calendar/years/{year}': { access: 'calendar.read', holder: 'sysadmin', lacker: 'auditadmin' },
  'PUT /api/calendar/years/{year}': { access: 'calendar.manage', holder: 'sysadmin', lacker: 'orgadmin' },
  'GET /api/calendar/deadline': {
    access: 'calendar.read',
    holder: 'village1',
    lacker: 'secadmin',
    query: 'start=2026-09-30&amount=5&unit=working_days',
  },

  'POST /api/public/reports': {
    access: 'public',
    exercise: (k) => k.env.anon().post('/api/public/reports', ladderReport()),
    expect: 201,
  },
  'POST /api/public/receipt-lookups': {
    access: 'public',
    exercise: async (k) => {
      const made = await k.env.anon().post('/api/public/reports', ladderReport());
      return k.env.anon().post('/api/public/receipt-lookups', { receipt: made.json().receipt });
    },
    expect: 200,
  },
  'POST /api/public/receipt-messages': {
    access: 'public',
    exercise: async (k) => {
      const made = await k.env.anon().post('/api/public/reports', ladderReport());
      return k.env.anon().post('/api/public/receipt-messages', { receipt: made.json().receipt, body: '补充材料' });
    },
    expect: 201,
  },
  'GET /api/reports': { access: 'report.read', holder: 'township1', lacker: 'orgadmin' },
  'GET /api/reports/{id}': {
    access: 'report.read',
    lacker: 'casemgr',
    exercise: async (k) => {
      await k.env.anon().post('/api/public/reports', ladderReport());
      const intake = await k.as('intake');
      const id = (await intake.get('/api/reports?pageSize=1')).json().items[0].id;
      return intake.get(`/api/reports/${id}`);
    },
    expect: 200,
  },
  'POST /api/reports/{id}/identity-reveal': { access: 'report.identity', holder: 'intake', lacker: 'leader' },
  'POST /api/public/receipt-ratings': {
    access: 'public',
    exercise: async (k) => {
      const made = await k.env.anon().post('/api/public/reports', ladderReport());
      return k.env.anon().post('/api/public/receipt-ratings', { receipt: made.json().receipt, rating: 'satisfied' });
    },
    // Not closed yet: the state refuses, after the route was reached without an account.
    expect: 409,
  },
  'POST /api/public/receipt-rechecks': {
    access: 'public',
    exercise: async (k) => {
      const made = await k.env.anon().post('/api/public/reports', ladderReport());
      return k.env.anon().post('/api/public/receipt-rechecks', { receipt: made.json().receipt, reason: '结果不属实' });
    },
    expect: 409,
  },
  'POST /api/public/receipt-reviews': {
    access: 'public',
    exercise: async (k) => {
      const made = await k.env.anon().post('/api/public/reports', ladderReport());
      return k.env.anon().post('/api/public/receipt-reviews', { receipt: made.json().receipt, reason: '复查意见不当' });
    },
    expect: 409,
  },
  'GET /api/reports/export.xlsx': { access: 'report.export', holder: 'intake', lacker: 'tstaff1', contentType: XLSX },
  'GET /api/reports/counts': { access: 'report.read', holder: 'township1', lacker: 'orgadmin' },
  'POST /api/reports': { access: 'report.manage', holder: 'intake', lacker: 'leader' },
  'POST /api/reports/{id}/acceptance': { access: 'report.manage', holder: 'intake', lacker: 'leader' },
  'POST /api/reports/{id}/forwarding': { access: 'report.manage', holder: 'intake', lacker: 'leader' },
  'POST /api/reports/{id}/upward-transfer': { access: 'report.manage', holder: 'township1', lacker: 'leader' },
  'POST /api/reports/{id}/disposal': { access: 'report.manage', holder: 'intake', lacker: 'zone1' },
  'POST /api/reports/{id}/conclusion': { access: 'report.manage', holder: 'intake', lacker: 'leader' },
  'POST /api/reports/{id}/replies': { access: 'report.manage', holder: 'tstaff1', lacker: 'leader' },
  'POST /api/reports/{id}/deadline-extensions': { access: 'report.manage', holder: 'intake', lacker: 'leader' },
  'POST /api/reports/{id}/review-hearing': { access: 'report.manage', holder: 'intake', lacker: 'leader' },
  'GET /api/reports/{id}/repeat-candidates': {
    access: 'report.manage',
    lacker: 'leader',
    exercise: async (k) => (await k.as('intake')).get(`/api/reports/${await ladderReportId(k)}/repeat-candidates`),
    expect: 200,
  },
  'POST /api/reports/{id}/repeat-decision': { access: 'report.manage', holder: 'intake', lacker: 'leader' },
  'GET /api/report-settings/{regionCode}': { access: 'setting.manage', holder: 'sysadmin', lacker: 'intake' },
  'PUT /api/report-settings/{regionCode}': { access: 'setting.manage', holder: 'sysadmin', lacker: 'leader' },
  'GET /api/notifications': { access: 'session', holder: 'village1' },
  'GET /api/workbench': { access: 'session', holder: 'village1' },
  'PUT /api/workbench/seen/{card}': { access: 'session', holder: 'leader' },
  'PATCH /api/notifications/{id}': { access: 'session', holder: 'leader' },
  'GET /api/deadlines': { access: 'report.read', holder: 'township1', lacker: 'orgadmin' },
  'GET /api/deadlines/{id}/approvers': {
    access: 'report.manage',
    lacker: 'leader',
    exercise: async (k) => {
      // A petition registered at the county: its registration clock (XF 第二十二条) runs.
      const intake = await k.as('intake');
      const made = await intake.post('/api/reports', {
        channel: 'visit',
        kind: 'petition',
        categories: ['minimum_living'],
        regionCode: '411221000000',
        subjectAuthority: 'county_managed',
        subject: { name: '县民政局' },
        content: '反映低保资格认定不公，要求重新认定。',
        reporter: { name: '郑某', phone: '13312345678' },
        visitors: 1,
        receptionPlace: '县纪委信访接待室',
      });
      expect(made.statusCode, made.body).toBe(201);
      const clock = (await intake.get(`/api/reports/${made.json().id}`)).json().deadlines[0].id;
      return intake.get(`/api/deadlines/${clock}/approvers`);
    },
    expect: 200,
  },
  'GET /api/timer-rules': { access: 'timer.read', holder: 'tstaff1', lacker: 'secadmin' },
  'GET /api/timer-rules/{kind}/versions': { access: 'timer.read', holder: 'sysadmin', lacker: 'auditadmin' },
  'PUT /api/timer-rules/{kind}/overrides/{regionCode}': {
    access: 'timer.manage',
    holder: 'sysadmin',
    lacker: 'leader',
  },
  'POST /api/timer-rules/{kind}/overrides/{regionCode}/withdrawal': {
    access: 'timer.manage',
    holder: 'sysadmin',
    lacker: 'intake',
  },
  'GET /api/units/{id}/numbering-patterns': { access: 'org.read', holder: 'leader', lacker: 'norole' },
  'PUT /api/units/{id}/numbering-patterns/{series}': { access: 'org.manage', holder: 'orgadmin', lacker: 'leader' },
  'POST /api/public/receipt-attachments': {
    access: 'public',
    exercise: async (k) => {
      const made = await k.env.anon().post('/api/public/reports', ladderReport());
      return k.env.anon().upload('/api/public/receipt-attachments', { receipt: made.json().receipt }, LADDER_FILE);
    },
    expect: 201,
  },
  'POST /api/reports/{id}/attachments': {
    access: 'report.manage',
    lacker: 'leader',
    exercise: async (k) =>
      (await k.as('intake')).upload(`/api/reports/${await ladderReportId(k)}/attachments`, {}, LADDER_FILE),
    expect: 201,
  },
  'GET /api/reports/{id}/attachments/{attachmentId}': {
    access: 'report.read',
    lacker: 'casemgr',
    exercise: async (k) => {
      const intake = await k.as('intake');
      const id = await ladderReportId(k);
      const stored = await intake.upload(`/api/reports/${id}/attachments`, {}, LADDER_FILE);
      return intake.get(`/api/reports/${id}/attachments/${stored.json().id}`);
    },
    expect: 200,
  },
  'GET /api/reports/{id}/documents/{file}': {
    access: 'report.read',
    lacker: 'casemgr',
    exercise: async (k) =>
      (await k.as('intake')).get(`/api/reports/${await ladderReportId(k)}/documents/visit_record.pdf`),
    expect: 200,
  },
  'GET /api/public/documents/{file}': { access: 'public', holder: 'anon', contentType: /^application\/pdf/ },
  'GET /api/public/regions/{code}': {
    access: 'public',
    exercise: async (k) => k.env.anon().get(`/api/public/regions/${await villageOf(k.env, 'township1')}`),
    expect: 200,
  },
  'GET /api/regions/{code}/qr-posters.pdf': {
    access: 'org.poster',
    lacker: 'village1',
    exercise: async (k) => (await k.as('orgadmin')).get('/api/regions/411221000000/qr-posters.pdf'),
    expect: 200,
  },
  'GET /api/declared-relations': { access: 'session', holder: 'village1' },
  'POST /api/declared-relations': { access: 'session', holder: 'tstaff1' },
  'PATCH /api/declared-relations/{id}': { access: 'session', holder: 'tstaff1' },
  'DELETE /api/declared-relations/{id}': {
    access: 'session',
    exercise: async (k) => {
      const me = await k.as('tstaff1');
      const made = await me.post('/api/declared-relations', { kind: 'interest', name: '阶梯测试公司' });
      expect(made.statusCode, made.body).toBe(201);
      return me.delete(`/api/declared-relations/${made.json().id}?version=1`);
    },
    expect: 200,
  },
  'GET /api/users/{id}/declared-relations': {
    access: 'recusal.decide',
    lacker: 'intake',
    exercise: async (k) => {
      const users = (await (await k.as('sysadmin')).get('/api/users?pageSize=200')).json().items;
      const tstaff1 = users.find((u: { username: string }) => u.username === 'tstaff1');
      return (await k.as('leader')).get(`/api/users/${tstaff1.id}/declared-relations`);
    },
    expect: 200,
  },
  'POST /api/conflict-checks': { access: 'conflict.check', holder: 'intake', lacker: 'sysadmin' },
  'POST /api/conflict-checks/{id}/confirmations': { access: 'conflict.check', holder: 'casemgr', lacker: 'village1' },
  'GET /api/recusal-settings/{regionCode}': { access: 'setting.manage', holder: 'sysadmin', lacker: 'leader' },
  'PUT /api/recusal-settings/{regionCode}': { access: 'setting.manage', holder: 'sysadmin', lacker: 'leader' },
  'GET /api/recusals': { access: 'session', holder: 'village1' },
  'POST /api/recusals': { access: 'session', holder: 'tstaff1' },
  'POST /api/recusals/{id}/decision': { access: 'recusal.decide', holder: 'leader', lacker: 'casemgr' },
  'POST /api/recusals/{id}/withdrawal': { access: 'session', holder: 'tstaff1' },
  // Approvals are read and signed per record (drafter, chain member, approval.read in scope): any session.
  'GET /api/approvals': { access: 'session', holder: 'village1' },
  'GET /api/approvals/{id}': {
    access: 'session',
    exercise: async (k) => (await k.as('leader')).get(`/api/approvals/${await ladderApprovalId(k)}`),
    expect: 200,
  },
  'POST /api/approvals/{id}/decision': { access: 'session', holder: 'leader' },
  'POST /api/approvals/{id}/offline-step': { access: 'session', holder: 'leader' },
  'POST /api/approvals/{id}/resubmit': { access: 'session', holder: 'leader' },
  'POST /api/approvals/{id}/withdrawal': { access: 'session', holder: 'leader' },
  'GET /api/approvals/{id}/documents/{file}': {
    access: 'session',
    exercise: async (k) =>
      (await k.as('leader')).get(`/api/approvals/${await ladderApprovalId(k)}/documents/approval_form.pdf`),
    expect: 200,
  },
  'GET /api/approval-posts': { access: 'org.read', holder: 'village1', lacker: 'norole' },
  'PUT /api/approval-posts': { access: 'approval_post.manage', holder: 'orgadmin', lacker: 'leader' },
  'GET /api/clues': { access: 'clue.read', holder: 'tstaff1', lacker: 'intake' },
  'GET /api/clues/stats': { access: 'clue.read', holder: 'leader', lacker: 'intake' },
  'GET /api/clues/export.xlsx': { access: 'clue.read', holder: 'casemgr', lacker: 'intake', contentType: XLSX },
  'POST /api/clues': { access: 'clue.register', holder: 'casemgr', lacker: 'tstaff1' },
  'POST /api/clues/filings': { access: 'clue.manage', holder: 'office1', lacker: 'leader' },
  'GET /api/clues/{id}': {
    access: 'clue.read',
    lacker: 'intake',
    exercise: async (k) => (await k.as('casemgr')).get(`/api/clues/${await ladderClueId(k)}`),
    expect: 200,
  },
  'PATCH /api/clues/{id}': { access: 'clue.manage', holder: 'casemgr', lacker: 'leader' },
  'POST /api/clues/{id}/higher-report': { access: 'clue.register', holder: 'casemgr', lacker: 'office1' },
  'GET /api/clues/{id}/assignment-targets': {
    access: 'clue.register',
    lacker: 'office1',
    exercise: async (k) => (await k.as('casemgr')).get(`/api/clues/${await ladderClueId(k)}/assignment-targets`),
    expect: 200,
  },
  'POST /api/clues/{id}/assignment-opinion': { access: 'clue.register', holder: 'casemgr', lacker: 'office1' },
  'GET /api/clues/{id}/documents/{file}': {
    access: 'clue.read',
    lacker: 'intake',
    exercise: async (k) =>
      (await k.as('casemgr')).get(`/api/clues/${await ladderPooledClueId(k)}/documents/assignment_opinion.pdf`),
    expect: 200,
    contentType: /^application\/pdf/,
  },
  'GET /api/clue-pools': { access: 'clue.assign', holder: 'zone1', lacker: 'office1' },
  'GET /api/clue-pools/export.xlsx': { access: 'clue.assign', holder: 'zone1', lacker: 'office1', contentType: XLSX },
  'GET /api/clues/{id}/assignment-candidates': {
    access: 'clue.assign',
    lacker: 'office1',
    exercise: async (k) => (await k.as('zone1')).get(`/api/clues/${await ladderPooledClueId(k)}/assignment-candidates`),
    expect: 200,
  },
  'POST /api/clues/{id}/assignment': { access: 'clue.assign', holder: 'zone1', lacker: 'office1' },
  'POST /api/clues/{id}/member-removals': { access: 'clue.assign', holder: 'zone1', lacker: 'casemgr' },
  'GET /api/clue-meetings': { access: 'clue.read', holder: 'leader', lacker: 'intake' },
  'GET /api/clue-meetings/{id}': {
    access: 'clue.read',
    lacker: 'intake',
    exercise: async (k) => {
      const casemgr = await k.as('casemgr');
      const me = (await casemgr.get('/api/auth/me')).json().user.id as string;
      const made = await casemgr.post('/api/clue-meetings', {
        heldOn: '2026-11-19',
        place: '县纪委三楼会议室',
        attendeeIds: [me],
        items: [{ clueId: await ladderClueId(k), decision: '拟初步核实' }],
      });
      expect(made.statusCode, made.body).toBe(201);
      return casemgr.get(`/api/clue-meetings/${made.json().id}`);
    },
    expect: 200,
  },
  'POST /api/clue-meetings': { access: 'clue.manage', holder: 'casemgr', lacker: 'leader' },
  'GET /api/clue-meetings/attendees': { access: 'clue.manage', holder: 'township1', lacker: 'leader' },
  'GET /api/clues/{id}/disposal': {
    access: 'clue.read',
    lacker: 'intake',
    exercise: async (k) => (await k.as('casemgr')).get(`/api/clues/${await ladderClueId(k)}/disposal`),
    expect: 200,
  },
  'POST /api/clues/{id}/disposal': { access: 'clue.manage', holder: 'office1', lacker: 'leader' },
  'POST /api/clues/{id}/shelved-review': { access: 'clue.manage', holder: 'office1', lacker: 'leader' },
  'GET /api/clues/{id}/letter-addressees': {
    access: 'clue.manage',
    lacker: 'leader',
    exercise: async (k) => (await k.as('casemgr')).get(`/api/clues/${await ladderClueId(k)}/letter-addressees`),
    expect: 200,
  },
  'GET /api/clues/{id}/conclusion-letter': {
    access: 'clue.manage',
    lacker: 'leader',
    query: 'format=pdf&recipient=x',
    // A registered clue has no 了结函 yet: the permission passed, the state refused.
    exercise: async (k) =>
      (await k.as('casemgr')).get(`/api/clues/${await ladderClueId(k)}/conclusion-letter?format=pdf&recipient=x`),
    expect: 409,
  },
  'GET /api/clue-settings/{regionCode}': { access: 'setting.manage', holder: 'sysadmin', lacker: 'intake' },
  'PUT /api/clue-settings/{regionCode}': { access: 'setting.manage', holder: 'sysadmin', lacker: 'leader' },
  'GET /api/clues/{id}/verification': {
    access: 'clue.read',
    lacker: 'intake',
    exercise: async (k) => (await k.as('casemgr')).get(`/api/clues/${await ladderClueId(k)}/verification`),
    expect: 200,
  },
  'GET /api/clues/{id}/verification/candidates': {
    access: 'clue.manage',
    lacker: 'leader',
    exercise: async (k) => (await k.as('casemgr')).get(`/api/clues/${await ladderClueId(k)}/verification/candidates`),
    expect: 200,
  },
  'POST /api/clues/{id}/verification/team-check': { access: 'clue.manage', holder: 'office1', lacker: 'leader' },
  'POST /api/clues/{id}/verification/plan': { access: 'clue.manage', holder: 'office1', lacker: 'leader' },
  'PUT /api/clues/{id}/verification/report': { access: 'clue.read', holder: 'office1', lacker: 'intake' },
  'POST /api/clues/{id}/verification/signatures': { access: 'clue.read', holder: 'office1', lacker: 'intake' },
  'POST /api/clues/{id}/verification/submission': { access: 'clue.read', holder: 'office1', lacker: 'intake' },
  'POST /api/clues/{id}/verification/extension': { access: 'clue.manage', holder: 'office1', lacker: 'leader' },
  'GET /api/clues/{id}/verification/documents/{file}': {
    access: 'clue.read',
    lacker: 'intake',
    // Permission and need-to-know passed; no verification yet: the state refuses.
    exercise: async (k) =>
      (await k.as('casemgr')).get(`/api/clues/${await ladderClueId(k)}/verification/documents/verification_plan.pdf`),
    expect: 409,
  },
  'GET /api/clues/{id}/inquiries': {
    access: 'clue.read',
    lacker: 'intake',
    exercise: async (k) => (await k.as('casemgr')).get(`/api/clues/${await ladderClueId(k)}/inquiries`),
    expect: 200,
  },
  'POST /api/clues/{id}/inquiries': { access: 'clue.manage', holder: 'casemgr', lacker: 'leader' },
  'POST /api/clues/{id}/inquiries/{roundId}/talk': { access: 'clue.manage', holder: 'casemgr', lacker: 'leader' },
  'POST /api/clues/{id}/inquiries/{roundId}/delegation': { access: 'clue.manage', holder: 'casemgr', lacker: 'leader' },
  'POST /api/clues/{id}/inquiries/{roundId}/explanation': {
    access: 'clue.manage',
    holder: 'casemgr',
    lacker: 'leader',
  },
  'POST /api/clues/{id}/inquiries/{roundId}/letter-receipt': {
    access: 'clue.manage',
    holder: 'casemgr',
    lacker: 'leader',
  },
  'POST /api/clues/{id}/inquiries/{roundId}/reply': { access: 'clue.manage', holder: 'casemgr', lacker: 'leader' },
  'POST /api/clues/{id}/inquiries/{roundId}/report': { access: 'clue.manage', holder: 'casemgr', lacker: 'leader' },
  'GET /api/clues/{id}/inquiries/{roundId}/documents/{file}': {
    access: 'clue.read',
    lacker: 'intake',
    exercise: async (k) => {
      const { clueId, roundId } = await ladderInquiry(k);
      return (await k.as('casemgr')).get(`/api/clues/${clueId}/inquiries/${roundId}/documents/inquiry_request.pdf`);
    },
    expect: 200,
  },
  // cases: the ledger and filing (base)
  'GET /api/cases': { access: 'case.read', holder: 'township1', lacker: 'intake' },
  'GET /api/cases/mode-reasons': { access: 'case.read', holder: 'reviewer', lacker: 'intake' },
  'GET /api/cases/stats': { access: 'case.read', holder: 'township1', lacker: 'intake' },
  'POST /api/cases': { access: 'case.manage', holder: 'casemgr', lacker: 'leader' },
  'GET /api/cases/{id}': {
    access: 'case.read',
    lacker: 'intake',
    exercise: async (k) => (await k.as('casemgr')).get(`/api/cases/${await ladderCaseId(k)}`),
    expect: 200,
  },
  'PUT /api/cases/{id}/filing': { access: 'case.manage', holder: 'casemgr', lacker: 'leader' },
  'POST /api/cases/{id}/filing-notice': { access: 'case.manage', holder: 'casemgr', lacker: 'leader' },
  // cases: modes and the zone's rules
  'GET /api/cases/{id}/mode-changes': {
    access: 'case.read',
    lacker: 'intake',
    exercise: async (k) => (await k.as('casemgr')).get(`/api/cases/${await ladderCaseId(k)}/mode-changes`),
    expect: 200,
  },
  'POST /api/cases/{id}/mode-changes': { access: 'case.manage', holder: 'casemgr', lacker: 'leader' },
  'GET /api/cases/{id}/authorization': {
    access: 'case.read',
    lacker: 'intake',
    exercise: async (k) => (await k.as('casemgr')).get(`/api/cases/${await ladderCaseId(k)}/authorization`),
    expect: 200,
  },
  'POST /api/cases/{id}/authorization': { access: 'case.assign', holder: 'zone1', lacker: 'casemgr' },
  'GET /api/cases/{id}/briefings': {
    access: 'case.read',
    lacker: 'intake',
    exercise: async (k) => (await k.as('casemgr')).get(`/api/cases/${await ladderCaseId(k)}/briefings`),
    expect: 200,
  },
  'POST /api/cases/{id}/briefings': { access: 'case.read', holder: 'zone1', lacker: 'intake' },
  'GET /api/cases/{id}/analysis': {
    access: 'case.read',
    lacker: 'intake',
    exercise: async (k) => (await k.as('casemgr')).get(`/api/cases/${await ladderCaseId(k)}/analysis`),
    expect: 200,
  },
  'PUT /api/cases/{id}/analysis': { access: 'case.manage', holder: 'casemgr', lacker: 'leader' },
  'POST /api/cases/{id}/recommendations': { access: 'case.manage', holder: 'casemgr', lacker: 'leader' },
  'GET /api/cases/recommendations': { access: 'case.read', holder: 'casemgr', lacker: 'intake' },
  'PUT /api/cases/{id}/recommendations/{recId}': { access: 'case.manage', holder: 'casemgr', lacker: 'leader' },
  'GET /api/cases/{id}/flag': {
    access: 'case.read',
    lacker: 'intake',
    exercise: async (k) => (await k.as('casemgr')).get(`/api/cases/${await ladderCaseId(k)}/flag`),
    expect: 200,
  },
  'PUT /api/cases/{id}/flag-schedule': { access: 'case.manage', holder: 'casemgr', lacker: 'leader' },
  'POST /api/cases/{id}/flag-reports': { access: 'case.manage', holder: 'casemgr', lacker: 'leader' },
  'GET /api/cases/{id}/zone-documents/{file}': {
    access: 'case.read',
    lacker: 'intake',
    // The ladder's zone case is authorised by its commander: its 授权书 is there.
    exercise: async (k) =>
      (await k.as('casemgr')).get(`/api/cases/${await ladderCaseId(k)}/zone-documents/case_authorization.pdf`),
    expect: 200,
    contentType: /^application\/pdf/,
  },
  // cases: team, actions and evidence
  'POST /api/cases/{id}/conflict-checks': { access: 'case.assign', holder: 'zone1', lacker: 'office1' },
  'PUT /api/cases/{id}/team': { access: 'case.assign', holder: 'zone1', lacker: 'office1' },
  'GET /api/cases/{id}/team/candidates': {
    access: 'case.assign',
    lacker: 'office1',
    exercise: async (k) => (await k.as('zone1')).get(`/api/cases/${await ladderCaseId(k)}/team/candidates`),
    expect: 200,
  },
  'GET /api/cases/{id}/actions': {
    access: 'case.read',
    lacker: 'intake',
    exercise: async (k) => (await k.as('casemgr')).get(`/api/cases/${await ladderCaseId(k)}/actions`),
    expect: 200,
  },
  'POST /api/cases/{id}/actions': { access: 'case.manage', holder: 'casemgr', lacker: 'leader' },
  'GET /api/cases/{id}/evidence': {
    access: 'case.read',
    lacker: 'intake',
    exercise: async (k) => (await k.as('casemgr')).get(`/api/cases/${await ladderCaseId(k)}/evidence`),
    expect: 200,
  },
  'POST /api/cases/{id}/evidence': { access: 'case.manage', holder: 'casemgr', lacker: 'leader' },
  'PUT /api/cases/{id}/evidence/{itemId}': { access: 'case.manage', holder: 'casemgr', lacker: 'leader' },
  'POST /api/cases/{id}/evidence/{itemId}/custody': { access: 'case.manage', holder: 'casemgr', lacker: 'leader' },
  'POST /api/cases/{id}/evidence/{itemId}/files': {
    access: 'case.manage',
    lacker: 'leader',
    exercise: async (k) => {
      const { caseId, itemId } = await ladderEvidence(k);
      return (await k.as('casemgr')).upload(`/api/cases/${caseId}/evidence/${itemId}/files`, {}, LADDER_FILE);
    },
    expect: 201,
  },
  'GET /api/cases/{id}/files/{fileId}': {
    access: 'case.read',
    lacker: 'intake',
    exercise: async (k) => {
      const { caseId, itemId } = await ladderEvidence(k);
      const casemgr = await k.as('casemgr');
      const stored = await casemgr.upload(`/api/cases/${caseId}/evidence/${itemId}/files`, {}, LADDER_FILE);
      return casemgr.get(`/api/cases/${caseId}/files/${stored.json().id}`);
    },
    expect: 200,
  },
  'GET /api/cases/{id}/property': {
    access: 'case.read',
    lacker: 'intake',
    exercise: async (k) => (await k.as('casemgr')).get(`/api/cases/${await ladderCaseId(k)}/property`),
    expect: 200,
  },
  'POST /api/cases/{id}/property': { access: 'case.manage', holder: 'casemgr', lacker: 'leader' },
  'POST /api/cases/{id}/property/{itemId}/steps': { access: 'case.manage', holder: 'casemgr', lacker: 'leader' },
  'POST /api/cases/{id}/property/{itemId}/photos': {
    access: 'case.manage',
    lacker: 'leader',
    exercise: async (k) => {
      const { caseId, itemId } = await ladderProperty(k);
      return (await k.as('casemgr')).upload(`/api/cases/${caseId}/property/${itemId}/photos`, {}, LADDER_FILE);
    },
    expect: 201,
  },
  // GET /api/cases/{id}/documents/{file} (property_list among them) is under the plans part below.
  // cases: measures
  'GET /api/cases/{id}/measures': {
    access: 'case.read',
    lacker: 'intake',
    exercise: async (k) => (await k.as('casemgr')).get(`/api/cases/${await ladderCaseId(k)}/measures`),
    expect: 200,
  },
  'POST /api/cases/{id}/measures': { access: 'case.manage', holder: 'casemgr', lacker: 'leader' },
  'POST /api/cases/{id}/measures/{measureId}/start': { access: 'case.manage', holder: 'casemgr', lacker: 'leader' },
  'POST /api/cases/{id}/measures/{measureId}/notice': { access: 'case.manage', holder: 'casemgr', lacker: 'leader' },
  'POST /api/cases/{id}/measures/{measureId}/transfer': { access: 'case.manage', holder: 'casemgr', lacker: 'leader' },
  'POST /api/cases/{id}/measures/{measureId}/extension': { access: 'case.manage', holder: 'casemgr', lacker: 'leader' },
  'POST /api/cases/{id}/measures/{measureId}/restart': { access: 'case.manage', holder: 'casemgr', lacker: 'leader' },
  'POST /api/cases/{id}/measures/{measureId}/change-request': {
    access: 'case.manage',
    holder: 'casemgr',
    lacker: 'leader',
  },
  'POST /api/cases/{id}/measures/{measureId}/change-decision': {
    access: 'case.manage',
    holder: 'casemgr',
    lacker: 'leader',
  },
  'POST /api/cases/{id}/measures/{measureId}/lift': { access: 'case.manage', holder: 'casemgr', lacker: 'leader' },
  'GET /api/cases/{id}/measures/{measureId}/documents/{file}': {
    access: 'case.read',
    lacker: 'intake',
    // Permission and need-to-know passed; no such measure on the case.
    exercise: async (k) =>
      (await k.as('casemgr')).get(
        `/api/cases/${await ladderCaseId(k)}/measures/00000000-0000-4000-8000-000000000000/documents/detention_decision.pdf`,
      ),
    expect: 404,
  },
  'POST /api/cases/{id}/measures/periods/extension': { access: 'case.manage', holder: 'casemgr', lacker: 'leader' },
  'POST /api/cases/{id}/measures/periods/party': { access: 'case.manage', holder: 'casemgr', lacker: 'leader' },
  'GET /api/case-measures': { access: 'case.read', holder: 'township1', lacker: 'intake' },
  'GET /api/case-measures/filings': { access: 'case.read', holder: 'township1', lacker: 'intake' },
  'POST /api/case-measures/filings': { access: 'case.manage', holder: 'casemgr', lacker: 'leader' },
  'POST /api/case-measures/filings/{id}/acknowledgement': {
    access: 'case.register',
    holder: 'casemgr',
    lacker: 'township1',
  },
  'GET /api/case-measures/approver-levels/{regionCode}': {
    access: 'setting.manage',
    holder: 'sysadmin',
    lacker: 'intake',
  },
  'PUT /api/case-measures/approver-levels/{regionCode}': {
    access: 'setting.manage',
    holder: 'sysadmin',
    lacker: 'leader',
  },
  // cases: plans, end of the investigation and documents
  'GET /api/cases/{id}/plans': {
    access: 'case.read',
    lacker: 'intake',
    exercise: async (k) => (await k.as('casemgr')).get(`/api/cases/${await ladderCaseId(k)}/plans`),
    expect: 200,
  },
  'POST /api/cases/{id}/plans': { access: 'case.manage', holder: 'casemgr', lacker: 'leader' },
  'POST /api/cases/{id}/plans/{planId}/changes': { access: 'case.manage', holder: 'casemgr', lacker: 'leader' },
  'GET /api/cases/{id}/conclusion': {
    access: 'case.read',
    lacker: 'intake',
    exercise: async (k) => (await k.as('casemgr')).get(`/api/cases/${await ladderCaseId(k)}/conclusion`),
    expect: 200,
  },
  'POST /api/cases/{id}/facts-shown': { access: 'case.manage', holder: 'casemgr', lacker: 'leader' },
  'POST /api/cases/{id}/discussions': { access: 'case.manage', holder: 'casemgr', lacker: 'leader' },
  'PUT /api/cases/{id}/report': { access: 'case.read', holder: 'casemgr', lacker: 'intake' },
  'POST /api/cases/{id}/report/signatures': { access: 'case.read', holder: 'casemgr', lacker: 'intake' },
  'POST /api/cases/{id}/report/submission': { access: 'case.read', holder: 'casemgr', lacker: 'intake' },
  'POST /api/cases/{id}/higher-filing': { access: 'case.manage', holder: 'casemgr', lacker: 'leader' },
  'GET /api/cases/{id}/documents': {
    access: 'case.read',
    lacker: 'intake',
    exercise: async (k) => (await k.as('casemgr')).get(`/api/cases/${await ladderCaseId(k)}/documents`),
    expect: 200,
  },
  'GET /api/cases/{id}/documents/{file}': {
    access: 'case.read',
    lacker: 'intake',
    exercise: async (k) =>
      (await k.as('casemgr')).get(`/api/cases/${await ladderCaseId(k)}/documents/case_filing_decision.pdf`),
    expect: 200,
    contentType: /^application\/pdf/,
  },
  // quality review (案件质量评查)
  'GET /api/quality-checklist': { access: 'quality.read', holder: 'township1', lacker: 'intake' },
  'PUT /api/quality-checklist': { access: 'quality.manage', holder: 'reviewer', lacker: 'township1' },
  'GET /api/quality-reviews': { access: 'quality.read', holder: 'township1', lacker: 'intake' },
  'POST /api/quality-reviews': { access: 'quality.manage', holder: 'reviewer', lacker: 'township1' },
  'GET /api/quality-reviews/{id}': {
    access: 'quality.read',
    lacker: 'intake',
    exercise: async (k) => (await k.as('zone1')).get(`/api/quality-reviews/${(await ladderQuality(k)).reviewId}`),
    expect: 200,
  },
  'POST /api/quality-reviews/{id}/cases': { access: 'quality.manage', holder: 'reviewer', lacker: 'township1' },
  'POST /api/quality-reviews/{id}/closure': { access: 'quality.manage', holder: 'reviewer', lacker: 'township1' },
  'PUT /api/quality-reviews/{id}/cases/{caseId}/results': {
    access: 'quality.read',
    holder: 'zone1',
    lacker: 'intake',
  },
  'POST /api/quality-reviews/{id}/cases/{caseId}/conclusion': {
    access: 'quality.read',
    holder: 'zone1',
    lacker: 'intake',
  },
  'GET /api/quality-reviews/{id}/cases/{caseId}/documents/{file}': {
    access: 'quality.read',
    lacker: 'intake',
    exercise: async (k) => {
      const q = await ladderQuality(k);
      return (await k.as('zone1')).get(
        `/api/quality-reviews/${q.reviewId}/cases/${q.caseId}/documents/problem_list.pdf`,
      );
    },
    expect: 200,
    contentType: /^application\/pdf/,
  },
  'GET /api/quality-problems': { access: 'quality.read', holder: 'township1', lacker: 'intake' },
  'GET /api/quality-problems/unit-counts': { access: 'quality.read', holder: 'township1', lacker: 'intake' },
  'GET /api/quality-problems/{id}': {
    access: 'quality.read',
    lacker: 'intake',
    exercise: async (k) => (await k.as('township1')).get(`/api/quality-problems/${(await ladderQuality(k)).problemId}`),
    expect: 200,
  },
  'POST /api/quality-problems/{id}/files': {
    access: 'quality.read',
    lacker: 'intake',
    exercise: async (k) =>
      (await k.as('township1')).upload(
        `/api/quality-problems/${(await ladderQuality(k)).problemId}/files`,
        {},
        LADDER_FILE,
      ),
    expect: 201,
  },
  'GET /api/quality-problems/{id}/files/{fileId}': {
    access: 'quality.read',
    lacker: 'intake',
    exercise: async (k) => {
      const { problemId } = await ladderQuality(k);
      const township1 = await k.as('township1');
      const stored = await township1.upload(`/api/quality-problems/${problemId}/files`, {}, LADDER_FILE);
      return township1.get(`/api/quality-problems/${problemId}/files/${stored.json().id}`);
    },
    expect: 200,
  },
  'POST /api/quality-problems/{id}/rectification': { access: 'quality.read', holder: 'township1', lacker: 'intake' },
  'POST /api/quality-problems/{id}/confirmation': { access: 'quality.read', holder: 'zone1', lacker: 'intake' },
  // meetings (会议)
  'GET /api/meetings': { access: 'meeting.read', holder: 'zone1', lacker: 'intake' },
  'GET /api/meetings/export.xlsx': { access: 'meeting.read', holder: 'zone1', lacker: 'intake', contentType: XLSX },
  'POST /api/meetings': { access: 'meeting.manage', holder: 'zone1', lacker: 'office1' },
  'GET /api/meetings/{id}': {
    access: 'meeting.read',
    lacker: 'intake',
    exercise: async (k) => (await k.as('zone1')).get(`/api/meetings/${await ladderMeeting(k)}`),
    expect: 200,
  },
  'PUT /api/meetings/{id}/schedule': { access: 'meeting.manage', holder: 'zone1', lacker: 'office1' },
  'POST /api/meetings/{id}/cancellation': { access: 'meeting.manage', holder: 'supervisor', lacker: 'office1' },
  'PUT /api/meetings/{id}/attendance': { access: 'meeting.manage', holder: 'township1', lacker: 'office1' },
  'PUT /api/meetings/{id}/agenda': { access: 'meeting.manage', holder: 'zone1', lacker: 'tstaff1' },
  'PUT /api/meetings/{id}/minutes': { access: 'meeting.manage', holder: 'zone1', lacker: 'office1' },
  'PUT /api/meetings/{id}/decisions': { access: 'meeting.manage', holder: 'zone1', lacker: 'leader' },
  'POST /api/meetings/{id}/actions': { access: 'meeting.manage', holder: 'zone1', lacker: 'office1' },
  'POST /api/meetings/{id}/closure': { access: 'meeting.manage', holder: 'zone1', lacker: 'leader' },
  'GET /api/meetings/{id}/documents/{file}': {
    access: 'meeting.read',
    lacker: 'intake',
    exercise: async (k) =>
      (await k.as('zone1')).get(`/api/meetings/${await ladderMeeting(k)}/documents/annual_report_draft.pdf`),
    expect: 200,
    contentType: /^application\/pdf/,
  },
  // inspections (监督检查) and their checklist templates
  'GET /api/checklist-templates': { access: 'inspection.read', holder: 'township1', lacker: 'intake' },
  'POST /api/checklist-templates': { access: 'checklist.manage', holder: 'supervisor', lacker: 'tstaff1' },
  'GET /api/checklist-templates/{id}': {
    access: 'inspection.read',
    lacker: 'intake',
    exercise: async (k) =>
      (await k.as('township1')).get(`/api/checklist-templates/${(await ladderInspection(k)).templateId}`),
    expect: 200,
  },
  'PUT /api/checklist-templates/{id}': { access: 'checklist.manage', holder: 'supervisor', lacker: 'tstaff1' },
  'POST /api/checklist-templates/{id}/issue': { access: 'checklist.manage', holder: 'supervisor', lacker: 'tstaff1' },
  'POST /api/checklist-templates/{id}/adaptations': {
    access: 'checklist.manage',
    lacker: 'tstaff1',
    exercise: async (k) =>
      (await k.as('township1')).post(`/api/checklist-templates/${(await ladderInspection(k)).templateId}/adaptations`),
    expect: 201,
  },
  'GET /api/checklist-templates/{id}/adaptations': {
    access: 'inspection.read',
    lacker: 'intake',
    exercise: async (k) =>
      (await k.as('supervisor')).get(`/api/checklist-templates/${(await ladderInspection(k)).templateId}/adaptations`),
    expect: 200,
  },
  'GET /api/inspections': { access: 'inspection.read', holder: 'township1', lacker: 'intake' },
  'POST /api/inspections': { access: 'inspection.manage', holder: 'supervisor', lacker: 'leader' },
  'GET /api/inspections/{id}': {
    access: 'inspection.read',
    lacker: 'intake',
    exercise: async (k) => (await k.as('tstaff1')).get(`/api/inspections/${(await ladderInspection(k)).id}`),
    expect: 200,
  },
  'POST /api/inspections/{id}/submission': { access: 'inspection.manage', holder: 'supervisor', lacker: 'leader' },
  'POST /api/inspections/{id}/start': { access: 'inspection.read', holder: 'supervisor', lacker: 'intake' },
  'POST /api/inspections/{id}/files': {
    access: 'inspection.read',
    lacker: 'intake',
    // The permission passes; a draft plan takes no files yet (the work has not started).
    exercise: async (k) =>
      (await k.as('tstaff1')).upload(`/api/inspections/${(await ladderInspection(k)).id}/files`, {}, LADDER_FILE),
    expect: 409,
  },
  'GET /api/inspections/{id}/files/{fileId}': {
    access: 'inspection.read',
    lacker: 'intake',
    // No file yet (files are added while the work is in progress): the permission passes, the file is not there.
    exercise: async (k) =>
      (await k.as('supervisor')).get(`/api/inspections/${(await ladderInspection(k)).id}/files/${MISSING_ID}`),
    expect: 404,
  },
  'PUT /api/inspections/{id}/checks': { access: 'inspection.read', holder: 'tstaff1', lacker: 'intake' },
  'POST /api/inspections/{id}/findings/{findingId}/decision': {
    access: 'inspection.read',
    holder: 'supervisor',
    lacker: 'intake',
  },
  'PUT /api/inspections/{id}/report': { access: 'inspection.read', holder: 'tstaff1', lacker: 'intake' },
  'POST /api/inspections/{id}/closure': { access: 'inspection.manage', holder: 'supervisor', lacker: 'leader' },
  'GET /api/inspections/{id}/documents/{file}': {
    access: 'inspection.read',
    lacker: 'intake',
    exercise: async (k) =>
      (await k.as('supervisor')).get(`/api/inspections/${(await ladderInspection(k)).id}/documents/plan.pdf`),
    expect: 200,
    contentType: /^application\/pdf/,
  },
  // rectification ledger (整改台账)
  'GET /api/rectification-items': { access: 'rectification.read', holder: 'vcadre1', lacker: 'intake' },
  'GET /api/rectification-items/counts': { access: 'rectification.read', holder: 'supervisor', lacker: 'intake' },
  'GET /api/rectification-items/export.xlsx': {
    access: 'rectification.read',
    holder: 'supervisor',
    lacker: 'intake',
    contentType: XLSX,
  },
  'POST /api/rectification-items': { access: 'rectification.manage', holder: 'supervisor', lacker: 'vcadre1' },
  'GET /api/rectification-items/{id}': {
    access: 'rectification.read',
    lacker: 'intake',
    exercise: async (k) => (await k.as('vcadre1')).get(`/api/rectification-items/${await ladderRectification(k)}`),
    expect: 200,
  },
  'PATCH /api/rectification-items/{id}': { access: 'rectification.read', holder: 'supervisor', lacker: 'intake' },
  'POST /api/rectification-items/{id}/start': { access: 'rectification.read', holder: 'vcadre1', lacker: 'intake' },
  'POST /api/rectification-items/{id}/files': {
    access: 'rectification.read',
    lacker: 'intake',
    exercise: async (k) =>
      (await k.as('vcadre1')).upload(`/api/rectification-items/${await ladderRectification(k)}/files`, {}, LADDER_FILE),
    expect: 201,
  },
  'GET /api/rectification-items/{id}/files/{fileId}': {
    access: 'rectification.read',
    lacker: 'intake',
    exercise: async (k) => {
      const id = await ladderRectification(k);
      const vcadre1 = await k.as('vcadre1');
      const stored = await vcadre1.upload(`/api/rectification-items/${id}/files`, {}, LADDER_FILE);
      return (await k.as('supervisor')).get(`/api/rectification-items/${id}/files/${stored.json().id}`);
    },
    expect: 200,
  },
  'POST /api/rectification-items/{id}/submission': {
    access: 'rectification.read',
    holder: 'vcadre1',
    lacker: 'intake',
  },
  'POST /api/rectification-items/{id}/acceptance': {
    access: 'rectification.manage',
    holder: 'supervisor',
    lacker: 'vcadre1',
  },
  'POST /api/rectification-items/{id}/rejection': {
    access: 'rectification.manage',
    holder: 'supervisor',
    lacker: 'vcadre1',
  },
  'POST /api/rectification-items/{id}/follow-up': {
    access: 'rectification.manage',
    holder: 'supervisor',
    lacker: 'vcadre1',
  },
  'POST /api/rectification-items/{id}/extensions': {
    access: 'rectification.read',
    holder: 'vcadre1',
    lacker: 'intake',
  },
  'POST /api/rectification-items/{id}/extensions/{extensionId}/submission': {
    access: 'rectification.manage',
    holder: 'supervisor',
    lacker: 'vcadre1',
  },
  'POST /api/rectification-items/{id}/extensions/{extensionId}/refusal': {
    access: 'rectification.manage',
    holder: 'supervisor',
    lacker: 'vcadre1',
  },
  'POST /api/rectification-items/{id}/escalations': {
    access: 'rectification.manage',
    holder: 'supervisor',
    lacker: 'vcadre1',
  },
  'GET /api/rectification-items/{id}/escalations/{escalationId}/documents/{file}': {
    access: 'rectification.read',
    lacker: 'intake',
    // No rung recorded on a missing item: the holder passes the permission and is answered 404.
    exercise: async (k) =>
      (await k.as('supervisor')).get(
        `/api/rectification-items/${await ladderRectification(k)}/escalations/${MISSING_ID}/documents/admonition_record.pdf`,
      ),
    expect: 404,
  },
  'GET /api/rectification-unit-escalations/{id}/documents/{file}': {
    access: 'rectification.read',
    lacker: 'intake',
    // No record by that id: the holder passes the permission and is answered 404.
    exercise: async (k) =>
      (await k.as('supervisor')).get(
        `/api/rectification-unit-escalations/${MISSING_ID}/documents/accountability_record.pdf`,
      ),
    expect: 404,
  },
  'GET /api/units/{id}/rectification': {
    access: 'rectification.read',
    lacker: 'intake',
    exercise: async (k) => {
      await ladderRectification(k);
      const unit = await unitOf(k.env, 'vcadre1');
      return (await k.as('vcadre1')).get(`/api/units/${unit}/rectification`);
    },
    expect: 200,
  },
  // review (审理)
  'GET /api/reviews': { access: 'review.read', holder: 'reviewer', lacker: 'intake' },
  'GET /api/reviews/{id}': {
    access: 'review.read',
    lacker: 'intake',
    exercise: async (k) => (await k.as('reviewer')).get(`/api/reviews/${await ladderReviewId(k)}`),
    expect: 200,
  },
  'POST /api/reviews/early-involvements': { access: 'review.manage', holder: 'reviewer', lacker: 'leader' },
  'POST /api/reviews/{id}/acceptance': { access: 'review.manage', holder: 'reviewer', lacker: 'leader' },
  'POST /api/reviews/{id}/conflict-checks': { access: 'review.manage', holder: 'reviewer', lacker: 'leader' },
  'PUT /api/reviews/{id}/team': { access: 'review.manage', holder: 'reviewer', lacker: 'leader' },
  'PUT /api/reviews/{id}/panel': { access: 'review.manage', holder: 'zone1', lacker: 'leader' },
  'POST /api/reviews/{id}/talks': { access: 'review.manage', holder: 'reviewer', lacker: 'leader' },
  'POST /api/reviews/{id}/deliberations': { access: 'review.manage', holder: 'reviewer', lacker: 'leader' },
  'POST /api/reviews/{id}/returns': { access: 'review.manage', holder: 'reviewer', lacker: 'leader' },
  'POST /api/reviews/{id}/resubmission': { access: 'case.manage', holder: 'casemgr', lacker: 'leader' },
  'POST /api/reviews/{id}/extensions': { access: 'review.manage', holder: 'reviewer', lacker: 'leader' },
  'PUT /api/reviews/{id}/report': { access: 'review.manage', holder: 'reviewer', lacker: 'leader' },
  'POST /api/reviews/{id}/report/signatures': { access: 'review.manage', holder: 'reviewer', lacker: 'leader' },
  'POST /api/reviews/{id}/report/submission': { access: 'review.manage', holder: 'reviewer', lacker: 'leader' },
  'POST /api/reviews/{id}/committee-decision': { access: 'review.manage', holder: 'reviewer', lacker: 'leader' },
  'GET /api/reviews/{id}/documents/{file}': {
    access: 'review.read',
    lacker: 'intake',
    exercise: async (k) =>
      (await k.as('reviewer')).get(`/api/reviews/${await ladderReviewId(k)}/documents/review_report.pdf`),
    expect: 200,
    contentType: /^application\/pdf/,
  },
  'GET /api/review-settings/{regionCode}': { access: 'setting.manage', holder: 'sysadmin', lacker: 'leader' },
  'PUT /api/review-settings/{regionCode}': { access: 'setting.manage', holder: 'sysadmin', lacker: 'leader' },
  'GET /api/reviews/{id}/panel-candidates': {
    access: 'review.manage',
    lacker: 'leader',
    // A township's own review (the county reviews none of its cases): the zone leader may convene a panel.
    exercise: async (k) => {
      const sys = await k.as('sysadmin');
      const county = (
        await k.env
          .ctx()
          .db.selectFrom('regions')
          .select('code')
          .where('level', '=', 'county')
          .executeTakeFirstOrThrow()
      ).code;
      await sys.put(`/api/review-settings/${county}`, { countyReview: 1 });
      try {
        const made = await makeTransferredCase(k.env, {
          drafter: 'township1',
          filing: { handling: { mode: 'self', reason: 'simple' } },
          clueOver: { regionCode: await villageOf(k.env, 'township1') },
          team: ['tstaff1', 'township1'],
        });
        return (await k.as('zone1')).get(`/api/reviews/${made.reviewId}/panel-candidates`);
      } finally {
        await sys.put(`/api/review-settings/${county}`, { countyReview: 3 });
      }
    },
    expect: 200,
  },
  'GET /api/reviews/{id}/extension-approvers': {
    access: 'review.manage',
    lacker: 'leader',
    exercise: async (k) => (await k.as('reviewer')).get(`/api/reviews/${await ladderReviewId(k)}/extension-approvers`),
    expect: 200,
  },
  // sanctions after the decision (notices, 留党察看's end, documents)
  'GET /api/sanctions/{id}/notices': {
    access: 'sanction.read',
    lacker: 'intake',
    exercise: async (k) => (await k.as('township1')).get(`/api/sanctions/${await ladderSanctionId(k)}/notices`),
    expect: 200,
  },
  'POST /api/sanctions/{id}/notices': { access: 'sanction.manage', holder: 'township1', lacker: 'leader' },
  'POST /api/sanctions/{id}/probation-outcome': { access: 'sanction.manage', holder: 'township1', lacker: 'leader' },
  'GET /api/sanctions/{id}/documents/{file}': {
    access: 'sanction.read',
    lacker: 'intake',
    exercise: async (k) =>
      (await k.as('township1')).get(`/api/sanctions/${await ladderSanctionId(k)}/documents/state_decision.pdf`),
    expect: 200,
    contentType: /^application\/pdf/,
  },
  'GET /api/sanctions': { access: 'sanction.read', holder: 'township1', lacker: 'intake' },
  'GET /api/sanctions/under-effect.xlsx': {
    access: 'sanction.export',
    holder: 'leader',
    lacker: 'township1',
    query: 'on=2026-11-20',
    contentType: XLSX,
  },
  'GET /api/sanctions/counts': {
    access: 'sanction.read',
    holder: 'township1',
    lacker: 'intake',
    query: 'from=2026-01-01&to=2026-11-30',
  },
  'GET /api/sanctions/counts.xlsx': {
    access: 'sanction.export',
    holder: 'leader',
    lacker: 'township1',
    query: 'from=2026-01-01&to=2026-11-30',
    contentType: XLSX,
  },
  'GET /api/integrity-files/{id}': {
    access: 'sanction.read',
    lacker: 'intake',
    // A record of the person in the county's scope, then the file.
    exercise: async (k) => (await k.as('casemgr')).get(`/api/integrity-files/${await ladderSanctionSubject(k)}`),
  },
  'GET /api/sanction-four-forms/{regionCode}': { access: 'setting.manage', holder: 'sysadmin', lacker: 'leader' },
  'PUT /api/sanction-four-forms/{regionCode}': { access: 'setting.manage', holder: 'sysadmin', lacker: 'leader' },
  // sanction records (处分)
  'GET /api/sanctions/{id}': {
    access: 'sanction.read',
    lacker: 'intake',
    exercise: async (k) => (await k.as('reviewer')).get(`/api/sanctions/${(await ladderSanction(k)).sanctionId}`),
    expect: 200,
  },
  'GET /api/cases/{id}/sanctions': {
    access: 'sanction.read',
    lacker: 'intake',
    exercise: async (k) => (await k.as('reviewer')).get(`/api/cases/${(await ladderSanction(k)).caseId}/sanctions`),
    expect: 200,
  },
  'PATCH /api/sanctions/{id}': { access: 'sanction.manage', holder: 'reviewer', lacker: 'leader' },
  'POST /api/sanctions/{id}/defence': { access: 'sanction.manage', holder: 'reviewer', lacker: 'leader' },
  'POST /api/sanctions/{id}/withdrawal': { access: 'sanction.manage', holder: 'reviewer', lacker: 'leader' },
  'POST /api/sanctions/{id}/branch-meetings': { access: 'sanction.manage', holder: 'reviewer', lacker: 'leader' },
  'POST /api/sanctions/{id}/direct-decision': { access: 'sanction.manage', holder: 'reviewer', lacker: 'leader' },
  'POST /api/sanctions/{id}/submission': { access: 'sanction.manage', holder: 'reviewer', lacker: 'leader' },
  'POST /api/sanctions/{id}/decision': { access: 'sanction.manage', holder: 'reviewer', lacker: 'leader' },
  'POST /api/sanctions/{id}/steps/{step}': { access: 'sanction.manage', holder: 'reviewer', lacker: 'leader' },
  'POST /api/sanctions/{id}/job-pay-extension': { access: 'sanction.manage', holder: 'reviewer', lacker: 'leader' },
  // sanctions: appeals (申诉、复查；复审、复核)
  'GET /api/sanction-appeals': { access: 'sanction.read', holder: 'casemgr', lacker: 'intake' },
  'GET /api/sanctions/{id}/appeals': {
    access: 'sanction.read',
    lacker: 'intake',
    exercise: async (k) => (await k.as('casemgr')).get(`/api/sanctions/${(await ladderAppeal(k)).sanctionId}/appeals`),
    expect: 200,
  },
  'POST /api/sanctions/{id}/appeals': { access: 'sanction.manage', holder: 'casemgr', lacker: 'leader' },
  'GET /api/sanction-appeals/{id}': {
    access: 'sanction.read',
    lacker: 'intake',
    // In permission, out of scope: a township's secretary and a county sanction's appeal.
    exercise: async (k) => (await k.as('township1')).get(`/api/sanction-appeals/${(await ladderAppeal(k)).appealId}`),
    expect: 404,
  },
  'POST /api/sanction-appeals/{id}/conflict-checks': { access: 'sanction.manage', holder: 'casemgr', lacker: 'leader' },
  'GET /api/sanction-appeals/{id}/team/candidates': {
    access: 'sanction.manage',
    lacker: 'leader',
    // In permission, out of scope: a township's secretary and a county sanction's appeal.
    exercise: async (k) =>
      (await k.as('township1')).get(`/api/sanction-appeals/${(await ladderAppeal(k)).appealId}/team/candidates`),
    expect: 404,
  },
  'PUT /api/sanction-appeals/{id}/team': { access: 'sanction.manage', holder: 'casemgr', lacker: 'leader' },
  'POST /api/sanction-appeals/{id}/decision': { access: 'sanction.manage', holder: 'casemgr', lacker: 'leader' },
  'GET /api/sanction-appeals/{id}/documents/{file}': {
    access: 'sanction.read',
    lacker: 'intake',
    exercise: async (k) =>
      (await k.as('casemgr')).get(
        `/api/sanction-appeals/${(await ladderAppeal(k)).appealId}/documents/appeal_decision.pdf`,
      ),
    expect: 200,
    contentType: /^application\/pdf/,
  },
  // recommendations (监察建议书 / 纪律检查建议书) and rectification documents
  'GET /api/recommendations': { access: 'rectification.read', holder: 'township1', lacker: 'intake' },
  'GET /api/recommendations/export.xlsx': {
    access: 'rectification.read',
    holder: 'township1',
    lacker: 'intake',
    contentType: XLSX,
  },
  'POST /api/recommendations': { access: 'rectification.manage', holder: 'township1', lacker: 'reviewer' },
  'GET /api/recommendations/{id}': {
    access: 'rectification.read',
    lacker: 'intake',
    exercise: async (k) => (await k.as('vcadre1')).get(`/api/recommendations/${(await ladderRecommendation(k)).id}`),
    expect: 200,
  },
  'PATCH /api/recommendations/{id}': { access: 'rectification.manage', holder: 'township1', lacker: 'reviewer' },
  'POST /api/recommendations/{id}/submission': {
    access: 'rectification.manage',
    holder: 'township1',
    lacker: 'reviewer',
  },
  'POST /api/recommendations/{id}/reply': { access: 'rectification.read', holder: 'vcadre1', lacker: 'intake' },
  'POST /api/recommendations/{id}/refusal': { access: 'rectification.read', holder: 'vcadre1', lacker: 'intake' },
  'POST /api/recommendations/{id}/refusal-ruling': {
    access: 'rectification.manage',
    holder: 'township1',
    lacker: 'reviewer',
  },
  'GET /api/recommendations/{id}/documents/{file}': {
    access: 'rectification.read',
    lacker: 'intake',
    exercise: async (k) =>
      (await k.as('township1')).get(
        `/api/recommendations/${(await ladderRecommendation(k)).id}/documents/recommendation.pdf`,
      ),
    expect: 200,
    contentType: /^application\/pdf/,
  },
  'GET /api/rectification-items/{id}/documents/{file}': {
    access: 'rectification.read',
    lacker: 'intake',
    exercise: async (k) =>
      (await k.as('vcadre1')).get(
        `/api/rectification-items/${(await ladderRecommendation(k)).itemId}/documents/notice.pdf`,
      ),
    expect: 200,
    contentType: /^application\/pdf/,
  },
  'GET /api/rectification-items/overdue-trend': {
    access: 'rectification.read',
    holder: 'vcadre1',
    lacker: 'intake',
  },
  'GET /api/inspections/team-candidates': { access: 'inspection.manage', holder: 'supervisor', lacker: 'leader' },
};

/** A decided state sanction of township1's (imported history), one per run. */
const ladderSanctions = new WeakMap<TestEnv, string>();
async function ladderSanctionId(k: Kit): Promise<string> {
  const known = ladderSanctions.get(k.env);
  if (known) return known;
  const ownerUnitId = await unitOf(k.env, 'township1');
  const regionCode = await villageOf(k.env, 'township1');
  const made = await inTransaction(await ctxAs(k.env, 'township1'), (tx) =>
    importSanction(tx, {
      person: { name: '阶某', authority: 'village_cadre', partyMember: false, regionCode },
      outcome: { system: 'state', kind: 'warning' },
      decidedOn: '2026-09-01',
      summary: '阶梯测试的政务警告',
      ownerUnitId,
    }),
  );
  ladderSanctions.set(k.env, made.id);
  return made.id;
}

/** A registry person with an imported sanction handled by the county commission (one per run). */
const ladderSanctionSubjects = new WeakMap<TestEnv, string>();
async function ladderSanctionSubject(k: Kit): Promise<string> {
  const known = ladderSanctionSubjects.get(k.env);
  if (known) return known;
  const subject = await k.env
    .ctx()
    .db.selectFrom('subjects')
    .select(['id', 'name', 'region_code'])
    .where('id', '=', k.ids.subjectId)
    .executeTakeFirstOrThrow();
  const ctx = await ctxAs(k.env, 'casemgr');
  await inTransaction(ctx, (tx) =>
    importSanction(tx, {
      person: {
        subjectId: subject.id,
        name: subject.name,
        authority: 'other',
        partyMember: true,
        regionCode: subject.region_code,
      },
      outcome: { system: 'party', kind: 'warning' },
      decidedOn: '2026-03-01',
      summary: '党内警告',
      ownerUnitId: ctx.actor!.unitId!,
    }),
  );
  ladderSanctionSubjects.set(k.env, subject.id);
  return subject.id;
}

/** A drafted sanction from a review's committee decision (one per run). */
const ladderRecordSanctions = new WeakMap<TestEnv, { caseId: string; sanctionId: string }>();
async function ladderSanction(k: Kit): Promise<{ caseId: string; sanctionId: string }> {
  const known = ladderRecordSanctions.get(k.env);
  if (known) return known;
  const made = await decidedReviewCase(k.env, ['party.warning']);
  const out = { caseId: made.caseId, sanctionId: made.sanctionIds[0]! };
  ladderRecordSanctions.set(k.env, out);
  return out;
}

/**
 * A decided 复审 on a county state sanction (imported from history), for the appeal rungs (one per
 * run): lodged by 案管, a team of two from outside the matter, upheld.
 */
const ladderAppeals = new WeakMap<TestEnv, { sanctionId: string; appealId: string }>();
async function ladderAppeal(k: Kit): Promise<{ sanctionId: string; appealId: string }> {
  const known = ladderAppeals.get(k.env);
  if (known) return known;
  const db = k.env.ctx().db;
  const subject = await db.selectFrom('subjects').selectAll().orderBy('id').executeTakeFirstOrThrow();
  const ctx = await ctxAs(k.env, 'casemgr');
  // Read before the transaction: SQLite's one writer would wait on itself.
  const ownerUnitId = await unitOf(k.env, 'leader');
  const row = await inTransaction(ctx, async (tx) =>
    importSanction(tx, {
      person: { name: subject.name, authority: 'other', partyMember: false, regionCode: subject.region_code },
      outcome: { system: 'state', kind: 'demerit' },
      decidedOn: '2026-11-01',
      summary: '阶梯测试用的政务处分',
      ownerUnitId,
    }),
  );
  const { id: appealId } = await lodgeAppeal(ctx, row.id, {
    kind: 'state_review',
    applicant: subject.name,
    grounds: '阶梯测试',
    receivedDecisionOn: '2026-11-02',
    appliedOn: '2026-11-03',
  });
  const team = [
    await makeReviewer(k.env, 'ladder_appeal1', '复审组成员一（阶梯）'),
    await makeReviewer(k.env, 'ladder_appeal2', '复审组成员二（阶梯）'),
  ];
  const check = await checkAppealTeam(ctx, appealId, team);
  const { version } = await setAppealTeam(ctx, appealId, { version: 1, checkId: check.checkId, userIds: team });
  await decideAppeal(ctx, appealId, {
    version,
    outcome: 'upheld',
    reason: '原处分认定事实清楚',
    decidedOn: '2026-11-20',
    decisionRef: '渑监复审〔2026〕9号',
  });
  const made = { sanctionId: row.id, appealId };
  ladderAppeals.set(k.env, made);
  return made;
}

/** A draft inspection plan of the county's supervision office on the first village of township1 (one per run). */
const ladderInspections = new WeakMap<TestEnv, { id: string; templateId: string }>();
async function ladderInspection(k: Kit): Promise<{ id: string; templateId: string }> {
  const known = ladderInspections.get(k.env);
  if (known) return known;
  const supervisor = await k.as('supervisor');
  const list = await supervisor.get('/api/checklist-templates?kind=village_checklist&level=county&status=issued');
  const templateId = list.json<{ items: { id: string }[] }>().items[0]!.id;
  const users = await k.env.ctx().db.selectFrom('users').select(['id', 'username']).execute();
  const id = (username: string) => users.find((u) => u.username === username)!.id;
  const made = await supervisor.post('/api/inspections', {
    title: '阶梯测试专项检查',
    kind: 'special',
    topic: 'subsidies',
    scopeText: '惠民惠农补贴发放',
    periodFrom: '2026-11-20',
    periodTo: '2026-12-20',
    targets: [{ kind: 'region', regionCode: await villageOf(k.env, 'township1') }],
    leaderId: id('supervisor'),
    members: [id('tstaff1')],
    checklists: [templateId],
  });
  if (made.statusCode !== 201) throw new Error(made.body);
  const out = { id: made.json<{ id: string }>().id, templateId };
  ladderInspections.set(k.env, out);
  return out;
}

const ladderMeetings = new WeakMap<TestEnv, string>();
/** A 述职会 of zone 1 scheduled by its leader (the ladder's meeting routes read it). */
async function ladderMeeting(k: Kit): Promise<string> {
  const known = ladderMeetings.get(k.env);
  if (known) return known;
  const zoneId = (await zonesOf(k.env, 'zone1')).own;
  const res = await (
    await k.as('zone1')
  ).post('/api/meetings', {
    zoneId,
    kind: 'annual_report_meeting',
    heldOn: '2026-12-09',
    startsAt: '09:00',
    place: '县纪委监委会议室',
  });
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().id as string;
  ladderMeetings.set(k.env, id);
  return id;
}

const ladderRectifications = new WeakMap<TestEnv, string>();

/** A rectification item the supervisor opened for vcadre1's village committee (one per environment). */
async function ladderRectification(k: Kit): Promise<string> {
  const known = ladderRectifications.get(k.env);
  if (known) return known;
  const dueOn = new Date(k.env.clock.nowMs() + 30 * 86_400_000).toISOString().slice(0, 10);
  const res = await (
    await k.as('supervisor')
  ).post('/api/rectification-items', {
    source: 'audit',
    problem: '阶梯测试的整改问题',
    ownerUnitId: await unitOf(k.env, 'vcadre1'),
    dueOn,
  });
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().id as string;
  ladderRectifications.set(k.env, id);
  return id;
}

/** A concluded quality review of a closed township1 case with its problem list (one per run). */
const ladderQualities = new WeakMap<TestEnv, { reviewId: string; caseId: string; problemId: string }>();
async function ladderQuality(k: Kit): Promise<{ reviewId: string; caseId: string; problemId: string }> {
  const known = ladderQualities.get(k.env);
  if (known) return known;
  const kase = await closedCase(k.env, {
    filing: { handling: { mode: 'self', reason: 'simple' } },
    documents: ['case_filing_decision'],
  });
  const zone1 = await k.as('zone1');
  const users = await k.env.ctx().db.selectFrom('users').select(['id', 'username']).execute();
  const idOf = (u: string) => users.find((x) => x.username === u)!.id;
  const opened = await (
    await k.as('reviewer')
  ).post('/api/quality-reviews', { title: '阶梯测试评查', kind: 'ad_hoc', panel: [idOf('zone1'), idOf('reviewer')] });
  expect(opened.statusCode, opened.body).toBe(201);
  const reviewId = opened.json().id as string;
  const picked = await (
    await k.as('reviewer')
  ).post(`/api/quality-reviews/${reviewId}/cases`, { version: 1, caseId: kase.id, examinerId: idOf('zone1') });
  expect(picked.statusCode, picked.body).toBe(201);
  const base = `/api/quality-reviews/${reviewId}/cases/${kase.id}`;
  const recorded = await zone1.put(`${base}/results`, {
    version: 1,
    items: ['wrong_article', 'procedure_skipped', 'facts_unclear', 'document_nonstandard'].map((code) => ({
      code,
      outcome: 'pass',
    })),
  });
  expect(recorded.statusCode, recorded.body).toBe(200);
  const dueOn = new Date(k.env.clock.nowMs() + 30 * 86_400_000).toISOString().slice(0, 10);
  const concluded = await zone1.post(`${base}/conclusion`, { version: 2, dueOn });
  expect(concluded.statusCode, concluded.body).toBe(201);
  const problems = await zone1.get(`/api/quality-problems?reviewId=${reviewId}`);
  const made = { reviewId, caseId: kase.id, problemId: problems.json().items[0].id as string };
  ladderQualities.set(k.env, made);
  return made;
}

/** A recommendation of township1's to the first village's 村民委员会, issued and replied to (one item), one per run. */
const ladderRecommendations = new WeakMap<TestEnv, { id: string; itemId: string }>();
async function ladderRecommendation(k: Kit): Promise<{ id: string; itemId: string }> {
  const known = ladderRecommendations.get(k.env);
  if (known) return known;
  const vcadre = await k.env
    .ctx()
    .db.selectFrom('users')
    .select('unit_id')
    .where('username', '=', 'vcadre1')
    .executeTakeFirstOrThrow();
  const township1 = await k.as('township1');
  const drafted = await township1.post('/api/recommendations', {
    kind: 'supervision',
    subject: '阶梯测试监察建议',
    recipientUnitId: vcadre.unit_id,
    recipientPrincipal: '村委会主任',
    situation: '阶梯测试发现的情况',
    problems: '阶梯测试的问题及原因',
    requirements: '阶梯测试的整改要求',
    deadline: new Date(k.env.clock.nowMs() + 30 * 86_400_000).toISOString().slice(0, 10),
    reportBack: '书面报告整改情况',
  });
  expect(drafted.statusCode, drafted.body).toBe(201);
  const id = drafted.json().id as string;
  const sent = await township1.post(`/api/recommendations/${id}/submission`, { version: 1 });
  expect(sent.statusCode, sent.body).toBe(200);
  await decideAll(k.env, sent.json().approvalId as string);
  const issued = await township1.get(`/api/recommendations/${id}`);
  expect(issued.json().status).toBe('issued');
  const replied = await (
    await k.as('vcadre1')
  ).post(`/api/recommendations/${id}/reply`, {
    version: issued.json().version,
    measures: [{ problem: '阶梯测试的问题', measures: '阶梯测试的整改措施' }],
  });
  expect(replied.statusCode, replied.body).toBe(200);
  const made = { id, itemId: replied.json().items[0].id as string };
  ladderRecommendations.set(k.env, made);
  return made;
}

/** An evidence item (no provenance yet) registered by 案管 on the ladder's case. */
async function ladderEvidence(k: Kit): Promise<{ caseId: string; itemId: string }> {
  const caseId = await ladderCaseId(k);
  const res = await (
    await k.as('casemgr')
  ).post(`/api/cases/${caseId}/evidence`, {
    type: 'documentary',
    title: '阶梯测试证据',
    original: true,
  });
  expect(res.statusCode, res.body).toBe(201);
  return { caseId, itemId: res.json().id as string };
}

/** A seized item registered by 案管 on the ladder's case. */
async function ladderProperty(k: Kit, onCase?: string): Promise<{ caseId: string; itemId: string }> {
  const caseId = onCase ?? (await ladderCaseId(k));
  const res = await (
    await k.as('casemgr')
  ).post(`/api/cases/${caseId}/property`, {
    number: `阶梯-${Math.random().toString(16).slice(2, 8)}`,
    kind: 'goods',
    description: '阶梯测试物品',
    holder: '某某',
    seizedAt: '2026-11-20T03:00:00.000Z',
    place: '某地',
  });
  expect(res.statusCode, res.body).toBe(201);
  return { caseId, itemId: res.json().id as string };
}

/**
 * A review under way with its 审理报告 drafted, for the review rungs (one per run): a transferred
 * case accepted by the demo reviewer, a team of two reviewers, the report saved.
 */
const ladderReviews = new WeakMap<TestEnv, string>();
async function ladderReviewId(k: Kit): Promise<string> {
  const known = ladderReviews.get(k.env);
  if (known) return known;
  const made = await makeTransferredCase(k.env);
  const reviewer2 = await makeReviewer(k.env, 'ladder_reviewer2', '审理室干部（阶梯）');
  const ctx = await ctxAs(k.env, 'reviewer');
  const version = async () =>
    (
      await k.env
        .ctx()
        .db.selectFrom('reviews')
        .select('version')
        .where('id', '=', made.reviewId)
        .executeTakeFirstOrThrow()
    ).version;
  await decideAcceptance(ctx, made.reviewId, { version: await version(), decision: 'accept', reason: '符合受理条件' });
  const check = await checkReviewTeam(ctx, made.reviewId, [ctx.actor!.userId, reviewer2]);
  await setReviewTeam(ctx, made.reviewId, {
    version: await version(),
    checkId: check.checkId,
    members: [
      { userId: ctx.actor!.userId, role: 'leader' },
      { userId: reviewer2, role: 'member' },
    ],
  });
  const subject = await k.env
    .ctx()
    .db.selectFrom('case_subjects')
    .select('id')
    .where('case_id', '=', made.id)
    .executeTakeFirstOrThrow();
  await saveReviewReport(ctx, made.reviewId, {
    version: await version(),
    facts: '事实',
    analysis: '定性',
    opinion: '意见',
    proposedOutcomes: [{ subjectId: subject.id, summary: '党内警告' }],
    prosecution: false,
  });
  ladderReviews.set(k.env, made.reviewId);
  return made.reviewId;
}

/** A filed zone case for the case rungs (one per run). */
const ladderCases = new WeakMap<TestEnv, string>();
async function ladderCaseId(k: Kit): Promise<string> {
  const known = ladderCases.get(k.env);
  if (known) return known;
  const made = await makeCase(k.env);
  // Its team, authorised by the zone's commander (一案一授权), so the case may be worked.
  await addTeam(k.env, made.id, ['zone1', 'office1']);
  await authoriseCase(k.env, made.id);
  ladderCases.set(k.env, made.id);
  return made.id;
}

/** A clue registered by 案管 for the clue rungs (one per run). */
const ladderClues = new WeakMap<TestEnv, string>();
async function ladderClueId(k: Kit): Promise<string> {
  const known = ladderClues.get(k.env);
  if (known) return known;
  const made = await (
    await k.as('casemgr')
  ).post('/api/clues', {
    sourceKind: 'audit',
    sourceRef: '渑审移〔2026〕3号',
    summary: '审计发现村集体资金使用不规范',
    categories: ['collective_assets'],
    regionCode: await villageOf(k.env, 'township1'),
    subjects: [{ name: '梯某' }],
  });
  expect(made.statusCode, made.body).toBe(201);
  const id = made.json().id as string;
  ladderClues.set(k.env, id);
  return id;
}

/** A clue sent to the first zone's pool through an approved assignment opinion (one per run). */
const ladderPooled = new WeakMap<TestEnv, string>();
async function ladderPooledClueId(k: Kit): Promise<string> {
  const known = ladderPooled.get(k.env);
  if (known) return known;
  const casemgr = await k.as('casemgr');
  const made = await casemgr.post('/api/clues', {
    sourceKind: 'audit',
    summary: '审计发现村集体资金使用不规范',
    categories: ['collective_assets'],
    regionCode: await villageOf(k.env, 'township1'),
    subjects: [{ name: '池某', authority: 'county_managed' }],
  });
  expect(made.statusCode, made.body).toBe(201);
  const id = made.json().id as string;
  const targets = (await casemgr.get(`/api/clues/${id}/assignment-targets`)).json();
  const drafted = await casemgr.post(`/api/clues/${id}/assignment-opinion`, {
    version: 1,
    targetKind: targets.suggested.kind,
    targetId: targets.suggested.id,
    opinion: '由协作区办理',
  });
  expect(drafted.statusCode, drafted.body).toBe(201);
  const users = await k.env.ctx().db.selectFrom('users').select(['id', 'username']).execute();
  const approvalId = drafted.json().approvalId as string;
  for (let i = 0; i < 6; i++) {
    const a = (await casemgr.get(`/api/approvals/${approvalId}`)).json();
    if (a.status !== 'pending') break;
    const holder = users.find((u) => u.id === a.currentHolderId)!.username;
    const res = await (
      await k.as(holder)
    ).post(`/api/approvals/${approvalId}/decision`, { decision: 'approve', version: a.version });
    expect(res.statusCode, res.body).toBe(200);
  }
  ladderPooled.set(k.env, id);
  return id;
}

/** A clue moved into 谈话函询 with one requested round, for the inquiry document rung. */
async function ladderInquiry(k: Kit): Promise<{ clueId: string; roundId: string }> {
  const casemgr = await k.as('casemgr');
  const made = await casemgr.post('/api/clues', {
    sourceKind: 'audit',
    summary: '审计发现村集体资金使用不规范',
    categories: ['collective_assets'],
    regionCode: await villageOf(k.env, 'township1'),
    subjects: [{ name: '询某' }],
  });
  expect(made.statusCode, made.body).toBe(201);
  const clueId = made.json().id as string;
  await inTransaction(await ctxAs(k.env, 'casemgr'), async (tx) => {
    let v = 1;
    for (const status of ['assigned', 'disposal_proposed', 'inquiry'] as const)
      v = (await setClueState(tx, clueId, v, { status })).version;
  });
  const officer = (await (await k.as('office1')).get('/api/auth/me')).json().user.id as string;
  const req = await casemgr.post(`/api/clues/${clueId}/inquiries`, {
    version: (await casemgr.get(`/api/clues/${clueId}`)).json().version,
    mode: 'letter',
    reason: '反映问题较为笼统',
    officerIds: [officer],
    letter: { matters: ['请说明'], copyTo: '中共坡头乡委员会', contactPerson: '王某', contactPhone: '0398-1' },
  });
  expect(req.statusCode, req.body).toBe(201);
  return { clueId, roundId: req.json().id as string };
}

/** A small PNG for upload rungs. */
const LADDER_FILE = {
  name: 'ladder.png',
  bytes: samplePng(2),
};

/** A fresh approval drafted by 案管 about a made-up clue id (nothing uses the engine yet), for its readers. */
async function ladderApprovalId(k: Kit): Promise<string> {
  const ctx = await ctxAs(k.env, 'casemgr');
  const commission = await k.env
    .ctx()
    .db.selectFrom('units')
    .select(['id', 'path', 'region_path', 'county_code'])
    .where('id', '=', await unitOf(k.env, 'leader'))
    .executeTakeFirstOrThrow();
  // Read outside the transaction: SQLite's one connection is the transaction's until it ends.
  const draftingUnitId = await unitOf(k.env, 'casemgr');
  const made = await inTransaction(ctx, async (tx) =>
    startApproval(tx, {
      action: 'clue.assignment_opinion',
      targetLevel: 'ordinary',
      resourceType: 'clue',
      resourceId: MISSING_ID,
      title: '阶梯测试分办意见',
      content: { summary: '拟分办第一纪检监察室' },
      draftingUnitId,
      ownerUnitId: commission.id,
      ownerUnitPath: commission.path,
      regionPath: commission.region_path,
      countyCode: commission.county_code,
    }),
  );
  return made.id;
}

/** A fresh public report's id, as the intake officer lists it. */
async function ladderReportId(k: Kit): Promise<string> {
  await k.env.anon().post('/api/public/reports', ladderReport());
  return (await (await k.as('intake')).get('/api/reports?pageSize=1')).json().items[0].id as string;
}

/** A valid anonymous public report about the demo county (渑池县). */
function ladderReport() {
  return {
    regionCode: '411221000000',
    named: false,
    subject: { name: '某某' },
    content: '阶梯测试的举报内容，至少十个字。',
  };
}

/** Fills `{param}`s of an OpenAPI path with real ids (throws for an unknown parameter). */
function urlOf(path: string, ids: Ids): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const byPath: [RegExp, string, string][] = [
      [/^\/api\/auth\/sessions\//, 'id', MISSING_ID],
      [/^\/api\/regions\//, 'code', ids.regionCode],
      [/^\/api\/units\//, 'id', ids.unitId],
      [/^\/api\/zones\//, 'id', ids.zoneId],
      [/^\/api\/zones\//, 'membershipId', ids.membershipId],
      [/^\/api\/zones\//, 'roleId', ids.zoneRoleId],
      [/^\/api\/staff\//, 'id', ids.staffId],
      [/^\/api\/subjects\//, 'id', ids.subjectId],
      [/^\/api\/users\//, 'id', ids.userId],
      [/^\/api\/roles\//, 'id', ids.roleId],
      [/^\/api\/role-assignments\//, 'id', ids.assignmentId],
      [/^\/api\/calendar\/years\//, 'year', '2026'],
      [/^\/api\/timer-rules\//, 'kind', 'handle'],
      [/^\/api\/timer-rules\//, 'regionCode', '411221000000'],
      [/^\/api\/report-settings\//, 'regionCode', '411221000000'],
      [/^\/api\/recusal-settings\//, 'regionCode', '411221000000'],
      [/^\/api\/deadlines\//, 'id', MISSING_ID],
      [/^\/api\/reports\//, 'id', MISSING_ID],
      [/^\/api\/notifications\//, 'id', MISSING_ID],
      [/^\/api\/workbench\/seen\//, 'card', 'reports.new'],
      [/^\/api\/reports\//, 'attachmentId', MISSING_ID],
      [/^\/api\/reports\//, 'file', 'visit_record.pdf'],
      [/^\/api\/public\/documents\//, 'file', 'reporting_guide.pdf'],
      [/^\/api\/public\/regions\//, 'code', ids.regionCode],
      [/^\/api\/units\/.*numbering-patterns/, 'series', 'report'],
      [/^\/api\/declared-relations\//, 'id', MISSING_ID],
      [/^\/api\/conflict-checks\//, 'id', MISSING_ID],
      [/^\/api\/recusals\//, 'id', MISSING_ID],
      [/^\/api\/approvals\//, 'id', MISSING_ID],
      [/^\/api\/approvals\//, 'file', 'approval_form.pdf'],
      [/^\/api\/clues\//, 'id', MISSING_ID],
      [/^\/api\/clues\/.*\/verification\/documents\//, 'file', 'verification_plan.pdf'],
      [/^\/api\/clue-meetings\//, 'id', MISSING_ID],
      [/^\/api\/clues\/.*\/inquiries\/.*\/documents\//, 'file', 'inquiry_request.pdf'],
      [/^\/api\/clues\//, 'file', 'assignment_opinion.pdf'],
      [/^\/api\/clue-settings\//, 'regionCode', '411221000000'],
      [/^\/api\/clues\//, 'roundId', MISSING_ID],
      [/^\/api\/rectification-items\//, 'id', MISSING_ID],
      [/^\/api\/rectification-items\//, 'fileId', MISSING_ID],
      [/^\/api\/rectification-items\//, 'extensionId', MISSING_ID],
      [/^\/api\/rectification-items\//, 'escalationId', MISSING_ID],
      [/^\/api\/rectification-items\//, 'file', 'admonition_record.pdf'],
      [/^\/api\/cases\//, 'id', MISSING_ID],
      [/^\/api\/cases\//, 'itemId', MISSING_ID],
      [/^\/api\/cases\//, 'fileId', MISSING_ID],
      [/^\/api\/cases\/.*\/documents\//, 'file', 'property_list.pdf'],
      [/^\/api\/cases\//, 'recId', MISSING_ID],
      [/^\/api\/cases\/.*\/zone-documents\//, 'file', 'case_authorization.pdf'],
      [/^\/api\/cases\//, 'measureId', MISSING_ID],
      [/^\/api\/cases\/.*\/measures\/.*\/documents\//, 'file', 'detention_decision.pdf'],
      [/^\/api\/case-measures\/approver-levels\//, 'regionCode', '411221000000'],
      [/^\/api\/case-measures\//, 'id', MISSING_ID],
      [/^\/api\/cases\//, 'planId', MISSING_ID],
      [/^\/api\/cases\//, 'file', 'case_filing_decision.pdf'],
      [/^\/api\/quality-reviews\//, 'id', MISSING_ID],
      [/^\/api\/quality-reviews\//, 'caseId', MISSING_ID],
      [/^\/api\/quality-reviews\//, 'file', 'problem_list.pdf'],
      [/^\/api\/quality-problems\//, 'id', MISSING_ID],
      [/^\/api\/quality-problems\//, 'fileId', MISSING_ID],
      [/^\/api\/reviews\//, 'id', MISSING_ID],
      [/^\/api\/reviews\//, 'file', 'review_report.pdf'],
      [/^\/api\/review-settings\//, 'regionCode', '411221000000'],
      [/^\/api\/sanctions\//, 'id', MISSING_ID],
      [/^\/api\/sanctions\/.*\/documents\//, 'file', 'party_decision.pdf'],
      [/^\/api\/sanction-four-forms\//, 'regionCode', '411221000000'],
      [/^\/api\/integrity-files\//, 'id', MISSING_ID],
      [/^\/api\/sanctions\//, 'step', 'announced'],
      [/^\/api\/sanction-appeals\//, 'id', MISSING_ID],
      [/^\/api\/sanction-appeals\//, 'file', 'appeal_decision.pdf'],
      [/^\/api\/meetings\//, 'id', MISSING_ID],
      [/^\/api\/meetings\//, 'file', 'meeting_minutes.pdf'],
      [/^\/api\/recommendations\//, 'id', MISSING_ID],
      [/^\/api\/recommendations\//, 'file', 'recommendation.pdf'],
      [/^\/api\/rectification-items\//, 'id', MISSING_ID],
      [/^\/api\/rectification-items\//, 'file', 'notice.pdf'],
      [/^\/api\/checklist-templates\//, 'id', MISSING_ID],
      [/^\/api\/inspections\//, 'id', MISSING_ID],
      [/^\/api\/inspections\//, 'fileId', MISSING_ID],
      [/^\/api\/inspections\//, 'findingId', MISSING_ID],
      [/^\/api\/inspections\//, 'file', 'plan.pdf'],
      [/^\/api\/rectification-unit-escalations\//, 'id', MISSING_ID],
      [/^\/api\/rectification-unit-escalations\//, 'file', 'accountability_record.pdf'],
      ...DISCLOSURE_PATH_IDS,
      ...QR_SUPERVISION_PATH_IDS,
      ...GRID_PATH_IDS,
      [/^\/api\/micro-power-items\//, 'id', MISSING_ID],
      [/^\/api\/micro-power-uses\//, 'id', MISSING_ID],
      [/^\/api\/public\/micro-powers\//, 'code', ids.regionCode],
    ];
    const hit = byPath.find(([re, p]) => re.test(path) && p === name);
    if (!hit) throw new Error(`no id for {${name}} in ${path}: add it to urlOf()`);
    return hit[2];
  });
}

function request(env: TestEnv, client: Client | null, method: string, url: string, body?: unknown): Promise<Res> {
  const headers: Record<string, string> = {};
  if (client?.cookie) headers.cookie = client.cookie;
  if (client?.csrf) headers['x-csrf-token'] = client.csrf;
  const withBody = method !== 'GET' && method !== 'DELETE' && method !== 'HEAD';
  return env.app.inject({
    method: method as 'GET',
    url,
    headers,
    ...(withBody ? { payload: body ?? {} } : {}),
  });
}

function expectError(res: Res, status: number, code: string): void {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json().error.code).toBe(code);
}

/** `METHOD /path` of every operation in the OpenAPI document. */
function docRoutes(doc: { paths: Record<string, Record<string, unknown>> }): string[] {
  const out: string[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const method of Object.keys(ops)) out.push(`${method.toUpperCase()} ${path}`);
  }
  return out.filter((r) => !r.split(' ')[1]!.startsWith('/api/docs')).sort();
}

describe.each(testDialects())('access ladder on $name', ({ name }) => {
  let env: TestEnv;
  let kit: Kit;
  const cache = new Map<string, Client>();
  let restricted: Client;

  beforeAll(async () => {
    env = await startTestEnv(name);
    const passwords = new Map<string, string>();
    const as = async (username: string): Promise<Client> => {
      let c = cache.get(username);
      if (!c) {
        c = await env.as(username, passwords.get(username));
        cache.set(username, c);
      }
      return c;
    };
    const sys = await as('sysadmin');
    // norole: no role at all (every built-in role reads the organisation), the lacker of org.read;
    // target: the account the account-administration routes act on; restricted: must change its password.
    for (const username of ['norole', 'target', 'restricted']) {
      const made = await sys.post('/api/users', {
        username,
        displayName: `测试${username}`,
        password: 'Initial-Pass-2026',
      });
      expect(made.statusCode, made.body).toBe(201);
    }
    const first = await env.as('norole', 'Initial-Pass-2026');
    const changed = await first.post('/api/auth/password', {
      currentPassword: 'Initial-Pass-2026',
      newPassword: NEW_PASSWORD,
    });
    expect(changed.statusCode, changed.body).toBe(200);
    passwords.set('norole', NEW_PASSWORD);
    const norole = await as('norole');
    expect((await norole.get('/api/auth/me')).json().abilities).toEqual([]);
    restricted = await env.as('restricted', 'Initial-Pass-2026');

    const org = await as('orgadmin');
    const sec = await as('secadmin');
    const first1 = async (c: Client, url: string) => {
      const res = await c.get(url);
      expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
      const item = res.json().items[0];
      expect(item, url).toBeDefined();
      return item;
    };
    const zone = await first1(org, '/api/zones');
    const zoneDetail = (await org.get(`/api/zones/${zone.id}`)).json();
    const users = (await sys.get('/api/users?pageSize=200')).json().items as { id: string; username: string }[];
    const assignments = (await sec.get('/api/role-assignments')).json().items as { id: string; username: string }[];
    const roles = (await sec.get('/api/roles')).json().items as { id: string; key: string }[];
    kit = {
      env,
      as,
      fresh: (username, password) => env.as(username, password ?? passwords.get(username)),
      ids: {
        regionCode: (await first1(org, '/api/regions')).code,
        unitId: (await first1(org, '/api/units')).id,
        zoneId: zone.id,
        membershipId: zoneDetail.memberships[0].id,
        zoneRoleId: zoneDetail.roles[0].id,
        staffId: (await first1(org, '/api/staff')).id,
        subjectId: (await first1(org, '/api/subjects')).id,
        userId: users.find((u) => u.username === 'target')!.id,
        roleId: roles.find((r) => r.key === 'reviewer')!.id,
        assignmentId: assignments.find((a) => a.username === 'village1')!.id,
      },
    };
  });
  afterAll(async () => env?.close());

  it('every route of the app is in the ladder table, and the table names no stale route', async () => {
    const res = await env.anon().get('/api/docs/json');
    expect(res.statusCode).toBe(200);
    const documented = docRoutes(res.json());
    expect(documented.length).toBeGreaterThan(40);
    const missing = documented.filter((r) => !(r in ROUTES));
    expect(missing, 'routes without an access rule in test/api/ladder.test.ts').toEqual([]);
    const stale = Object.keys(ROUTES).filter((r) => !documented.includes(r));
    expect(stale, 'rules for routes that no longer exist').toEqual([]);
    // A route hidden from the OpenAPI document would escape every check here.
    const registered = registeredRoutes(env.app.printRoutes({ commonPrefix: false }));
    expect(registered.length).toBeGreaterThanOrEqual(documented.length);
    expect(
      registered.filter((r) => !documented.includes(r)),
      'routes missing from the OpenAPI document',
    ).toEqual([]);
  });

  for (const [route, rule] of Object.entries(ROUTES)) {
    const [method, path] = route.split(' ') as [string, string];
    const isRead = method === 'GET';

    it(`${route}: ${rule.access}`, async () => {
      const url = urlOf(path, kit.ids) + (rule.query ? `?${rule.query}` : '');

      // Rung 1: anonymous.
      const anon = await request(env, null, method, url);
      if (rule.access === 'public') {
        expect(anon.statusCode, anon.body).not.toBe(401);
      } else {
        expectError(anon, 401, 'UNAUTHENTICATED');
        // A session cookie that is not a session is anonymous too.
        const bogus = await env.app.inject({ method: method as 'GET', url, headers: { cookie: 'qf_session=forged' } });
        expectError(bogus, 401, 'UNAUTHENTICATED');
      }

      if (rule.access === 'informant') {
        // A staff session is not an informant's: 401 (and the reverse, in grid.test.ts).
        expectError(await request(env, await kit.as('leader'), method, url), 401, 'UNAUTHENTICATED');
      }

      if (rule.access !== 'public' && rule.access !== 'session' && rule.access !== 'informant') {
        // Rung 2: signed in without the permission.
        expect(rule.lacker, `${route} needs a lacker`).toBeDefined();
        const lacker = await kit.as(rule.lacker!);
        const denied = await request(env, lacker, method, url);
        expectError(denied, 403, 'FORBIDDEN');
        expect(denied.json().error.details).toEqual({ permission: rule.access });
        // Rung 3: an account that must change its password first.
        expectError(await request(env, restricted, method, url), 403, 'PASSWORD_CHANGE_REQUIRED');
      }

      if (!isRead && rule.access !== 'public') {
        // Rung 4: state-changing requests need the CSRF token of the session.
        const holder = rule.client ? await rule.client(kit) : await kit.as(rule.holder ?? 'leader');
        const noCsrf = await env.app.inject({
          method: method as 'POST',
          url,
          headers: { cookie: holder.cookie! },
          payload: {},
        });
        expectError(noCsrf, 403, 'CSRF_INVALID');
      }

      // Rung 5: the right account.
      let ok: Res;
      if (rule.exercise) {
        ok = await rule.exercise(kit);
        expect(ok.statusCode, ok.body).toBe(rule.expect ?? 200);
      } else if (isRead) {
        const holder = rule.client
          ? await rule.client(kit)
          : rule.holder === 'anon'
            ? null
            : await kit.as(rule.holder!);
        ok = await request(env, holder, method, url);
        expect(ok.statusCode, ok.body).toBe(200);
        expect(ok.headers['content-type']).toMatch(rule.contentType ?? /^application\/json/);
      } else {
        const holder = rule.client ? await rule.client(kit) : await kit.as(rule.holder!);
        ok = await request(env, holder, method, url, { surelyNotAField: true });
        expectError(ok, 400, 'VALIDATION_FAILED');
        expect(ok.json().error.details.part).toBe('body');
      }
    });
  }

  it('percent-encoded paths still go through the session check', async () => {
    // Routing decodes the path; the session hook must not be fooled by the raw URL.
    const leaks: string[] = [];
    for (const route of Object.keys(ROUTES)) {
      const [method, path] = route.split(' ') as [string, string];
      if (ROUTES[route]!.access === 'public') continue;
      // Missing ids and an empty body: nothing changes even when the check is skipped.
      const url = (
        method === 'GET'
          ? urlOf(path, kit.ids)
          : path.replace(/\{(\w+)\}/g, (_, p) => (p === 'year' ? '2026' : MISSING_ID))
      )
        .replace(/^\/api\//, '/%61pi/')
        .concat(ROUTES[route]!.query ? `?${ROUTES[route]!.query}` : '');
      const res = await request(env, null, method, url);
      const code = res.statusCode === 401 || res.statusCode === 404 ? res.json().error.code : null;
      if (code !== 'UNAUTHENTICATED' && code !== 'ROUTE_NOT_FOUND') leaks.push(`${method} ${url} → ${res.statusCode}`);
    }
    expect(leaks).toEqual([]);
  });

  describe('object scope', () => {
    let t1: Client;
    let t2: Client;
    let t2Staff: { id: string; unitId: string; version: number; name: string; position: string };
    let t2Subject: {
      id: string;
      version: number;
      name: string;
      position: string;
      employer: string;
      regionCode: string;
      cadreAuthority: string;
    };

    beforeAll(async () => {
      t1 = await kit.as('township1');
      t2 = await kit.as('township2');
      const staff2 = (await t2.get('/api/staff?pageSize=200')).json().items as (typeof t2Staff)[];
      const subjects2 = (await t2.get('/api/subjects?pageSize=200')).json().items as (typeof t2Subject)[];
      const staff1 = new Set(
        ((await t1.get('/api/staff?pageSize=200')).json().items as { id: string }[]).map((s) => s.id),
      );
      const subjects1 = new Set(
        ((await t1.get('/api/subjects?pageSize=200')).json().items as { id: string }[]).map((s) => s.id),
      );
      t2Staff = staff2.find((s) => !staff1.has(s.id))!;
      t2Subject = subjects2.find((s) => !subjects1.has(s.id))!;
      expect(t2Staff).toBeDefined();
      expect(t2Subject).toBeDefined();
    });

    it("township1 cannot read township2's staff member", async () => {
      expect((await t2.get(`/api/staff/${t2Staff.id}`)).statusCode).toBe(200);
      expectError(await t1.get(`/api/staff/${t2Staff.id}`), 404, 'NOT_FOUND');
    });

    it("township1 cannot read township2's subject", async () => {
      expect((await t2.get(`/api/subjects/${t2Subject.id}`)).statusCode).toBe(200);
      expectError(await t1.get(`/api/subjects/${t2Subject.id}`), 404, 'NOT_FOUND');
    });

    it("township1 cannot edit township2's staff member or subject, nor add or move records into its area", async () => {
      const { id, version, unitId, name, position } = t2Staff;
      expectError(await t1.patch(`/api/staff/${id}`, { unitId, name, position, version }), 404, 'NOT_FOUND');
      const s = t2Subject;
      const subjectBody = {
        name: s.name,
        position: s.position,
        employer: s.employer,
        regionCode: s.regionCode,
        cadreAuthority: s.cadreAuthority,
        version: s.version,
      };
      expectError(await t1.patch(`/api/subjects/${s.id}`, subjectBody), 404, 'NOT_FOUND');
      const added = await t1.post('/api/staff', { unitId, name: '越权新增', position: '干事' });
      expect([403, 404]).toContain(added.statusCode);
      // Nor move its own records over there.
      const mine = ((await t1.get('/api/staff?pageSize=1')).json().items as (typeof t2Staff)[])[0]!;
      const moved = await t1.patch(`/api/staff/${mine.id}`, {
        unitId,
        name: mine.name,
        position: mine.position,
        version: mine.version,
      });
      expect([403, 404]).toContain(moved.statusCode);
      const own = ((await t1.get('/api/subjects?pageSize=1')).json().items as (typeof t2Subject)[])[0]!;
      const ownBody = {
        name: own.name,
        position: own.position,
        employer: own.employer,
        cadreAuthority: own.cadreAuthority,
      };
      const relocated = await t1.patch(`/api/subjects/${own.id}`, {
        ...ownBody,
        regionCode: s.regionCode,
        version: own.version,
      });
      expect([403, 404]).toContain(relocated.statusCode);
      const foreign = await t1.post('/api/subjects', { ...ownBody, regionCode: s.regionCode });
      expect([403, 404]).toContain(foreign.statusCode);
      // Nothing changed for township2.
      expect((await t2.get(`/api/staff/${id}`)).json().version).toBe(version);
      expect((await t2.get(`/api/subjects/${s.id}`)).json().version).toBe(s.version);
    });

    it("township1's lists and exports filtered by township2's unit come back empty", async () => {
      const list = await t1.get(`/api/staff?unitId=${t2Staff.unitId}`);
      expect(list.statusCode).toBe(200);
      expect(list.json().items).toEqual([]);
      expect(list.json().total).toBe(0);
    });

    it('an export needs org.export on top of the read permission', async () => {
      const res = await t1.get('/api/staff/export.xlsx');
      expectError(res, 403, 'FORBIDDEN');
      expect(res.json().error.details).toEqual({ permission: 'org.export' });
      expectError(await t1.get('/api/subjects/export.xlsx'), 403, 'FORBIDDEN');
    });

    it('a zone-scoped investigator cannot read subjects outside the zone', async () => {
      const office1 = await kit.as('office1');
      const inZone = new Set(
        ((await office1.get('/api/subjects?pageSize=200')).json().items as { id: string }[]).map((s) => s.id),
      );
      const all = (await (await kit.as('leader')).get('/api/subjects?pageSize=200')).json().items as { id: string }[];
      const outside = all.find((s) => !inZone.has(s.id));
      expect(outside).toBeDefined();
      expectError(await office1.get(`/api/subjects/${outside!.id}`), 404, 'NOT_FOUND');
    });

    it('nobody can revoke another account’s session through their own session list', async () => {
      const other = await kit.fresh('intake');
      const otherId = ((await other.get('/api/auth/sessions')).json().items as { id: string; current: boolean }[]).find(
        (s) => s.current,
      )!.id;
      expectError(await t1.delete(`/api/auth/sessions/${otherId}`), 404, 'NOT_FOUND');
      expect((await other.get('/api/auth/me')).statusCode).toBe(200);
    });

    it("township2 cannot read or act on township1's sanction (404)", async () => {
      const id = await ladderSanctionId(kit);
      expect((await t1.get(`/api/sanctions/${id}/notices`)).statusCode).toBe(200);
      expectError(await t2.get(`/api/sanctions/${id}/notices`), 404, 'NOT_FOUND');
      expectError(await t2.get(`/api/sanctions/${id}/documents/state_decision.pdf`), 404, 'NOT_FOUND');
      expectError(
        await t2.post(`/api/sanctions/${id}/notices`, { recipient: '某单位', sentOn: '2026-09-02' }),
        404,
        'NOT_FOUND',
      );
    });

    it("township2 cannot open the integrity file of a person whose records are township1's or the county's", async () => {
      const subjectId = await ladderSanctionSubject(kit);
      expect((await (await kit.as('casemgr')).get(`/api/integrity-files/${subjectId}`)).statusCode).toBe(200);
      expectError(await t2.get(`/api/integrity-files/${subjectId}`), 404, 'NOT_FOUND');
    });
  });
});
