import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_TYPES_FILE, generateApiTypes } from '../../scripts/api-types.js';

// The console's generated API types must match docs/openapi.json (which openapi-file.test.ts
// keeps in step with the route schemas). No server needed. Regenerate with `npm run api-types`.
describe('web/console/src/api/schema.gen.ts', () => {
  it('is generated from the current docs/openapi.json', async () => {
    expect(readFileSync(API_TYPES_FILE, 'utf8')).toBe(await generateApiTypes());
  });
});
