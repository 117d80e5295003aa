/** Placeholder of issue 16's item page (one policy, project or fund) until its module lands. */
import { notYetPage } from './shell.js';

/** Shows the item `id`. */
export function itemPage(_id: string): void {
  notYetPage(null);
}
