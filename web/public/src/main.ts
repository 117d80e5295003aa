/**
 * The public pages (`/r/…`): the report form reached from a QR code (`/r/<regionCode>`) and the
 * receipt look-up (`/r/receipt`). Nothing personal is kept in storage: the receipt lives only in
 * memory, shown once after submission. This entry only picks the page; each lives in `pages/`.
 */
import './styles.css';
import { guidePage } from './pages/guide.js';
import { invalidPage } from './pages/invalid-link.js';
import { lookupPage } from './pages/receipt.js';

/** A region code as the server accepts it: 12 digits, or 15 for a villager group (村民小组). */
const REGION_CODE = /^(\d{12}|\d{15})$/;

const segment = location.pathname.replace(/^\/r\/?/, '').replace(/\/$/, '');
if (segment === 'receipt') lookupPage();
else if (REGION_CODE.test(segment)) guidePage(segment);
else invalidPage();
