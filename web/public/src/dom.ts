/** A tiny element builder: no framework, no innerHTML (every text goes in as text). */

type Child = Node | string | null | undefined | false;
type Attrs = Record<string, string | boolean | undefined | ((ev: Event) => void)>;

/** Creates `<tag>` with attributes (`on…` functions become listeners) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, value);
  }
  for (const child of children) if (child) el.append(child);
  return el;
}

/**
 * Replaces the page content for a new step: the document title names the step (its heading),
 * and focus moves to that heading, so a screen reader announces where the reporter now is
 * (the page is not one big live region; status messages have their own small ones).
 */
export function show(...nodes: Child[]): void {
  const app = document.getElementById('app')!;
  app.replaceChildren(...nodes.filter((n): n is Node | string => Boolean(n)));
  const heading = app.querySelector('h1');
  if (heading) {
    document.title = `${heading.textContent ?? ''} · 清风`;
    heading.tabIndex = -1;
    heading.focus({ preventScroll: true });
  }
  window.scrollTo(0, 0);
}
