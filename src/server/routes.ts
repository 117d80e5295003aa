import type { FastifyInstance } from 'fastify';
import { accessRoutes } from './modules/access/access.routes.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import { calendarRoutes } from './modules/calendar/calendar.routes.js';
import { orgRoutes } from './modules/org/org.routes.js';
import { organisationTransferRoutes } from './modules/org/org-transfer.routes.js';
import { peopleRoutes } from './modules/people/people.routes.js';
import { notificationRoutes } from './modules/notifications/notifications.routes.js';
import { numberingRoutes } from './modules/numbering/numbering.routes.js';
import { reportFileRoutes } from './modules/reports/reports.files.routes.js';
import { reportDocumentRoutes } from './modules/reports/reports.documents.routes.js';
import { reportRoutes } from './modules/reports/reports.routes.js';
import { healthRoutes } from './modules/system/health.routes.js';
import { userRoutes } from './modules/access/users.routes.js';
import { zoneRoutes } from './modules/zones/zones.routes.js';

/** Registers every module's routes; the one place that lists them. */
export async function registerRoutes(app: FastifyInstance): Promise<void> {
  await app.register(healthRoutes);
  await app.register(authRoutes);
  await app.register(orgRoutes);
  await app.register(organisationTransferRoutes);
  await app.register(zoneRoutes);
  await app.register(peopleRoutes);
  await app.register(userRoutes);
  await app.register(accessRoutes);
  await app.register(auditRoutes);
  await app.register(calendarRoutes);
  await app.register(reportRoutes);
  await app.register(reportFileRoutes);
  await app.register(reportDocumentRoutes);
  await app.register(notificationRoutes);
  await app.register(numberingRoutes);
}
