/** Placeholder of issue 16's village page `finance-screen` until its module lands: says so plainly. */
import { notYetPage } from './shell.js';

/** Shows the page for `regionCode`. */
export function financeScreen(regionCode: string): void {
  notYetPage(regionCode);
}
