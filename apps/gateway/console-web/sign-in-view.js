// Signing in: a dev token (remembered in this browser until sign-out), or Clerk's own sign-in.
import { h } from './dom.js';
import { DEV_TOKEN_PATTERN } from './session.js';
import { pageHeading } from './page-parts.js';

export function showSignIn(main, { session, config, onSignedIn }) {
  if (session.mode === 'clerk') return showClerkSignIn(main, session);
  const token = h('input', {
    id: 'dev-token', name: 'token', required: true, autocomplete: 'username', spellcheck: false, placeholder: 'dev:your-name',
  });
  token.setAttribute('aria-describedby', 'dev-token-hint');
  const error = h('p', { className: 'form-error', role: 'alert' });
  const form = h('form', { className: 'card sign-in', onsubmit: (e) => {
    e.preventDefault();
    const value = token.value.trim();
    if (!DEV_TOKEN_PATTERN.test(value)) {
      error.textContent = 'A dev token is dev: followed by a name of letters, digits, - or _ (for example dev:alice).';
      token.focus();
      return;
    }
    session.signIn(value);
    onSignedIn();
  } },
  h('label', { for: 'dev-token' }, 'Dev token'),
  h('p', { className: 'hint', id: 'dev-token-hint' },
    config.authMode === 'dev' ? 'This server runs in dev mode: any dev:<name> signs you in as that founder. This browser remembers it until you sign out.' : ''),
  h('div', { className: 'inline-row' }, token, h('button', { type: 'submit', className: 'button primary' }, 'Sign in')),
  error);
  main.replaceChildren(pageHeading('Sign in'), form);
  return { title: 'Sign in' };
}

function showClerkSignIn(main, session) {
  const mount = h('div', { className: 'clerk-sign-in' });
  main.replaceChildren(pageHeading('Sign in'), mount);
  session.mountSignIn(mount);
  return { title: 'Sign in' };
}
