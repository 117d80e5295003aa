// Entry of the verification worker when running from TypeScript sources (tsx, vitest): it
// registers tsx in this worker thread, then loads the real worker. The build uses the compiled
// audit-verify.worker.js directly.
import { register } from 'tsx/esm/api';

register();
await import('./audit-verify.worker.ts');
