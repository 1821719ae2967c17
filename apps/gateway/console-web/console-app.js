// The console's frame: who is signed in, which screen the address shows, and moving between
// screens without reloading (a reload or a shared link lands on the same screen).
import { founderApi } from './api.js';
import { h } from './dom.js';
import { showProject } from './project-view.js';
import { showProjects } from './projects-view.js';
import { showRun } from './run-view.js';
import { showSignIn } from './sign-in-view.js';

const ROUTES = [
  [/^\/$/, showProjects],
  [/^\/projects\/([^/]+)$/, showProject],
  [/^\/runs\/([^/]+)$/, showRun],
];

export class ConsoleApp {
  constructor({ main, account, session, config }) {
    Object.assign(this, { main, account, session, config });
    this.api = founderApi(session, { onSignedOut: () => this.signedOut() });
    this.view = null;
    this.renders = 0;
  }

  start() {
    document.addEventListener('click', (e) => this.followLink(e));
    // A change of the hash alone (Clerk's sign-in steps use it) is no change of screen.
    window.addEventListener('popstate', () => { if (location.pathname !== this.shownPath) this.render({ moved: true }); });
    this.session.onChange(() => this.render());
    return this.render();
  }

  navigate(path) {
    history.pushState(null, '', path);
    return this.render({ moved: true });
  }

  /**
   * Links to the console's own screens move within the page. Any other link (Clerk's, one with a
   * hash, a new tab, a download) is the browser's.
   */
  followLink(e) {
    const link = e.target.closest?.('a[href]');
    if (!link || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const url = new URL(link.href);
    if (url.origin !== location.origin || url.hash || link.target || link.hasAttribute('download')) return;
    if (!ROUTES.some(([pattern]) => pattern.test(url.pathname))) return;
    e.preventDefault();
    if (url.pathname !== location.pathname) this.navigate(url.pathname);
  }

  async render({ moved = false } = {}) {
    this.view?.dispose?.();
    this.view = null;
    const render = ++this.renders;
    this.shownPath = location.pathname;
    this.showAccount();
    // Each screen is built apart and shown once ready, so a slower earlier one never overwrites it.
    const screen = h('div', { className: 'screen' });
    const ctx = { api: this.api, session: this.session, config: this.config, navigate: (path) => this.navigate(path), onSignedIn: () => this.render({ moved: true }) };
    let view;
    if (!this.session.isSignedIn()) {
      view = showSignIn(screen, ctx);
    } else {
      const [show, param] = route(location.pathname);
      this.main.setAttribute('aria-busy', 'true');
      view = await show(screen, ctx, param).catch((err) => showProblem(screen, err));
      this.main.removeAttribute('aria-busy');
    }
    if (render !== this.renders) return view?.dispose?.();
    this.view = view;
    this.main.replaceChildren(screen);
    document.title = `${view.title} · Cofounder`;
    if (moved) screen.querySelector('h1')?.focus();
  }

  showAccount() {
    if (!this.session.isSignedIn()) return this.account.replaceChildren();
    this.account.replaceChildren(
      h('span', { className: 'account-name' }, h('span', { className: 'account-lead' }, 'Signed in as '), h('strong', {}, this.session.founderName())),
      h('button', { type: 'button', className: 'button quiet', onclick: async () => {
        await this.session.signOut();
        this.render({ moved: true });
      } }, 'Sign out'));
  }

  signedOut() {
    if (this.session.mode !== 'dev') return;
    this.session.signOut();
    this.render({ moved: true });
  }
}

function route(pathname) {
  for (const [pattern, show] of ROUTES) {
    const match = pattern.exec(pathname);
    if (match) return [show, match[1] && decodeURIComponent(match[1])];
  }
  return [(screen) => showProblem(screen, { status: 404 })];
}

function showProblem(screen, err) {
  const notFound = err.status === 404 || err.status === 400;
  screen.replaceChildren(
    h('h1', { className: 'page-title', tabIndex: -1 }, notFound ? 'Not found' : 'Something went wrong'),
    h('p', { className: 'card' }, notFound ? 'Nothing of yours is at this address.' : err.message),
    h('p', {}, h('a', { href: '/' }, 'Back to your projects')));
  return { title: notFound ? 'Not found' : 'Problem' };
}
