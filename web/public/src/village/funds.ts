/** Placeholder of issue 16's village page `funds` until its module lands: says so plainly. */
import { notYetPage } from './shell.js';

/** Shows the page for `regionCode`. */
export function fundsPage(regionCode: string): void {
  notYetPage(regionCode);
}
