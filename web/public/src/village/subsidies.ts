/** Placeholder of issue 16's village page `subsidies` until its module lands: says so plainly. */
import { notYetPage } from './shell.js';

/** Shows the page for `regionCode`. */
export function subsidiesPage(regionCode: string): void {
  notYetPage(regionCode);
}
