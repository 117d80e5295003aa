/** Placeholder of issue 16's village page `powers` until its module lands: says so plainly. */
import { notYetPage } from './shell.js';

/** Shows the page for `regionCode`. */
export function powersPage(regionCode: string): void {
  notYetPage(regionCode);
}
