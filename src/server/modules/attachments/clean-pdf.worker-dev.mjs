// Entry of the PDF cleaning worker when running from TypeScript sources (tsx, vitest): it
// registers tsx in this worker thread, then loads the real worker. The build uses the compiled
// clean-pdf.worker.js directly.
import { register } from 'tsx/esm/api';

register();
await import('./clean-pdf.worker.ts');
