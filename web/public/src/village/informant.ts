/** Placeholder of issue 16's informant app until the grid module lands. */
import { notYetPage } from './shell.js';

/** Shows the informant app. */
export function informantApp(): void {
  notYetPage(null);
}
