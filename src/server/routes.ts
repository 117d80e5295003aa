import type { FastifyInstance } from 'fastify';
import { MODULES } from './modules.js';

/** Registers every module's routes, in the order of `MODULES`. */
export async function registerRoutes(app: FastifyInstance): Promise<void> {
  for (const module of MODULES) for (const routes of module.routes ?? []) await app.register(routes);
}
