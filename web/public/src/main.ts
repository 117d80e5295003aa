/**
 * The public pages (`/r/…`), for phones. Nothing personal is kept in storage: the receipt lives
 * only in memory, shown once after submission. This entry only picks the page; each lives in
 * `pages/` (reporting) or `village/` (the village's sunshine pages, issue 16), loaded on demand so
 * every page stays small on a weak connection:
 *
 * - `/r/<regionCode>`: the reporting guide, then the report form (the QR poster's address);
 * - `/r/<regionCode>/finance`, `…/finance/screen`: the village's published accounts, and the
 *   display-screen carousel (大屏) of the village or township hall;
 * - `/r/<regionCode>/funds`: policies, projects and funds that concern the village (立码监督);
 * - `/r/<regionCode>/subsidies`: a villager's own subsidy look-up;
 * - `/r/<regionCode>/powers`: the small-powers list and its published uses (小微权力);
 * - `/r/item/<id>`: one policy, project or fund, reached from its own QR code;
 * - `/r/informant`: the informants' (廉情监督员) phone app; an invitation arrives as
 *   `/r/informant#invite=<token>` (a fragment never reaches a server log);
 * - `/r/receipt`: the receipt look-up.
 */
import './styles.css';
import { invalidPage } from './pages/invalid-link.js';

/** A region code as the server accepts it: 12 digits, or 15 for a villager group (村民小组). */
const REGION_CODE = /^(\d{12}|\d{15})$/;
/** A record id (UUID). */
const RECORD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The sunshine pages of one village, by the path segment after its code. */
const VILLAGE_PAGES: Record<string, (regionCode: string) => Promise<void>> = {
  finance: async (code) => (await import('./village/finance.js')).financePage(code),
  'finance/screen': async (code) => (await import('./village/finance-screen.js')).financeScreen(code),
  funds: async (code) => (await import('./village/funds.js')).fundsPage(code),
  subsidies: async (code) => (await import('./village/subsidies.js')).subsidiesPage(code),
  powers: async (code) => (await import('./village/powers.js')).powersPage(code),
};

/** Shows the page `path` (without `/r/`) names. */
async function route(path: string): Promise<void> {
  const [first = '', ...rest] = path.split('/');
  const tail = rest.join('/');
  if (path === 'receipt') return (await import('./pages/receipt.js')).lookupPage();
  if (path === 'informant') return (await import('./village/informant.js')).informantApp();
  if (first === 'item' && RECORD_ID.test(tail)) return (await import('./village/item.js')).itemPage(tail);
  if (REGION_CODE.test(first)) {
    if (!tail) return (await import('./pages/guide.js')).guidePage(first);
    const page = VILLAGE_PAGES[tail];
    if (page) return page(first);
  }
  invalidPage();
}

route(location.pathname.replace(/^\/r\/?/, '').replace(/\/$/, '')).catch(() => invalidPage());
