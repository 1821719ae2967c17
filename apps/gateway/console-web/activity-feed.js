// The activity feed: at most FEED_LIMIT entries, older ones folded into a count, following the
// newest unless the founder scrolled up to read.
import { fill, h } from './dom.js';
import { clockTime } from './formats.js';

export const FEED_LIMIT = 200;
/** How close to the end still counts as reading the newest. */
const FOLLOW_SLACK_PX = 32;
/** A replay arrives in one burst; this long without a new entry, the feed has caught up. */
const REPLAY_QUIET_MS = 500;

export class ActivityFeed {
  constructor(limit = FEED_LIMIT) {
    this.limit = limit;
    this.folded = 0;
    this.byKey = new Map();
    this.fold = h('p', { className: 'feed-fold', hidden: true });
    // The list is the live region: a new entry is announced, the fold's count is not.
    this.list = h('ol', { className: 'feed-list', role: 'log', 'aria-live': 'polite', 'aria-label': 'Activity' });
    this.scroller = h('div', { className: 'feed', tabIndex: 0, role: 'region', 'aria-label': 'Activity, newest last' }, this.fold, this.list);
    this.jump = h('button', { type: 'button', className: 'feed-jump', hidden: true, onclick: () => this.followNewest() }, 'New activity below');
    this.scroller.addEventListener('scroll', () => { if (this.atEnd()) this.jump.hidden = true; });
    this.el = h('div', { className: 'feed-frame' }, this.scroller, this.jump);
  }

  /** Adds an entry at the end; one with a `key` can be changed later by `put`. */
  add(entry) {
    this.settle();
    const following = this.atEnd();
    const item = renderEntry(entry);
    this.list.append(item);
    if (entry.key) this.byKey.set(entry.key, item);
    this.foldOldest(following);
    this.keepInView(following);
  }

  /** Changes the entry with this key where it stands, or adds it when it is gone (folded, or never shown). */
  put(entry) {
    const item = this.byKey.get(entry.key);
    if (!item) return this.add(entry);
    this.settle();
    const following = this.atEnd();
    const changed = renderEntry(entry);
    item.replaceWith(changed);
    this.byKey.set(entry.key, changed);
    this.keepInView(following);
  }

  /**
   * Adds `entry` at the end in place of a recent entry for which `test` holds: what is said
   * twice (the agent's last message, then the same words as the run's summary) is shown once.
   */
  replaceRecent(test, entry, within = 8) {
    let item = this.list.lastElementChild;
    for (let i = 0; item && i < within; i += 1, item = item.previousElementSibling) {
      if (!test(item.entry)) continue;
      this.forget(item);
      item.remove();
      break;
    }
    this.add(entry);
  }

  /** Empties the feed for a replay, which screen readers are spared: the log is busy until it has caught up. */
  clear() {
    this.list.setAttribute('aria-busy', 'true');
    this.settle();
    this.list.replaceChildren();
    this.byKey.clear();
    this.folded = 0;
    this.showFold();
    this.jump.hidden = true;
  }

  settle() {
    clearTimeout(this.quiet);
    if (this.list.getAttribute('aria-busy')) this.quiet = setTimeout(() => this.list.removeAttribute('aria-busy'), REPLAY_QUIET_MS);
  }

  followNewest() {
    this.scroller.scrollTop = this.scroller.scrollHeight;
    this.jump.hidden = true;
  }

  atEnd() {
    const { scrollHeight, scrollTop, clientHeight } = this.scroller;
    return scrollHeight - scrollTop - clientHeight <= FOLLOW_SLACK_PX;
  }

  foldOldest(following) {
    let removedHeight = 0;
    while (this.list.childElementCount > this.limit) {
      const oldest = this.list.firstElementChild;
      if (!following) removedHeight += oldest.offsetHeight;
      this.forget(oldest);
      oldest.remove();
      this.folded += 1;
    }
    this.showFold();
    // Reading further up, the founder keeps their place while the oldest entries fold away.
    if (removedHeight) this.scroller.scrollTop -= removedHeight;
  }

  showFold() {
    this.fold.hidden = this.folded === 0;
    this.fold.textContent = `${this.folded} earlier ${this.folded === 1 ? 'activity' : 'activities'}`;
  }

  keepInView(following) {
    if (following) this.followNewest();
    else this.jump.hidden = false;
  }

  forget(item) {
    const key = item.entry?.key;
    if (key && this.byKey.get(key) === item) this.byKey.delete(key);
  }
}

/**
 * `{kind, text, at, title?, details?, key?}` as a list item. Text keeps its line breaks
 * (CSS `white-space: pre-wrap`), so a multi-line summary reads as written.
 */
function renderEntry(entry) {
  const body = h('div', { className: 'entry-body' },
    entry.title ? h('p', { className: 'entry-title' }, entry.title) : null,
    entry.text ? h('p', { className: 'entry-text' }, entry.text) : null,
    entry.details?.length ? details(entry) : null);
  const item = h('li', { className: `entry entry-${entry.kind}`, 'data-kind': entry.kind },
    h('span', { className: 'entry-mark', 'aria-hidden': 'true' }), body,
    entry.at ? h('time', { className: 'entry-time', dateTime: entry.at }, clockTime(entry.at)) : null);
  item.entry = entry;
  return item;
}

function details(entry) {
  const list = fill(h('ul', { className: 'entry-details' }), entry.details.map((line) => h('li', {}, line)));
  const label = entry.detailsLabel ?? 'Details';
  if (entry.detailsOpen) return h('div', { className: 'entry-more' }, h('p', { className: 'entry-details-label' }, label), list);
  return h('details', { className: 'entry-more' }, h('summary', {}, label), list);
}
