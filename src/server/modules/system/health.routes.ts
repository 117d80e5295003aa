import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import { Enum, Nullable, Obj, Str } from '../../http/schema.js';
import { currentSchemaVersion } from '../../db/migrate.js';

let cachedVersion: string | null | undefined;

/** GET /api/health: liveness, database engine and schema version. */
export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/health',
    {
      config: { access: { public: true } },
      schema: {
        tags: ['system'],
        summary: 'Health check',
        response: {
          200: Obj(
            {
              status: Type.Literal('ok', { description: 'ok when the database answers' }),
              dialect: Enum(['sqlite', 'postgres'] as const, 'Database engine'),
              schemaVersion: Nullable(Str('Newest applied migration')),
            },
            { description: 'Health' },
          ),
        },
      },
    },
    async (req) => {
      await sql`select 1`.execute(req.ctx.db);
      cachedVersion ??= await currentSchemaVersion(req.ctx.db, req.ctx.config.pgSchema);
      return { status: 'ok' as const, dialect: req.ctx.dialect.name, schemaVersion: cachedVersion };
    },
  );
};
