// Pieces every screen has: where it sits, and its heading (which takes the focus on arrival).
import { h } from './dom.js';

/** `[['Projects', '/'], ['Blog', '/projects/…'], ['Run']]`: the last is this page. */
export function breadcrumb(steps) {
  return h('nav', { className: 'breadcrumb', 'aria-label': 'Breadcrumb' },
    h('ol', {}, steps.map(([label, href], i) => (i === steps.length - 1
      ? h('li', { 'aria-current': 'page' }, label)
      : h('li', {}, h('a', { href }, label))))));
}

export function pageHeading(text) {
  return h('h1', { className: 'page-title', tabIndex: -1 }, text);
}

/** The first line of a goal, short enough for a heading or a list. */
export function goalTitle(goal, max = 90) {
  const line = goal.trim().split('\n', 1)[0];
  return line.length > max ? `${line.slice(0, max - 1).trimEnd()}…` : line;
}
