// Who is signed in, and the token the founder API is called with: a dev token this browser
// remembers until sign-out, or the session Clerk's own components signed in.

const DEV_TOKEN_KEY = 'cofounder.devToken';
export const DEV_TOKEN_PATTERN = /^dev:[A-Za-z0-9_-]{1,64}$/;

export function devSession() {
  const stored = () => localStorage.getItem(DEV_TOKEN_KEY);
  return {
    mode: 'dev',
    isSignedIn: () => stored() !== null,
    founderName: () => stored()?.slice('dev:'.length) ?? '',
    token: async () => stored(),
    signIn: (token) => localStorage.setItem(DEV_TOKEN_KEY, token),
    signOut: async () => localStorage.removeItem(DEV_TOKEN_KEY),
    onChange: () => {},
  };
}

/**
 * Clerk's script-tag install: its UI bundle, then ClerkJS, both served by the instance's
 * Frontend API (the page's CSP allows that host and nothing else of Clerk's).
 */
export async function clerkSession({ clerkPublishableKey, clerkFrontendApi }) {
  const origin = `https://${clerkFrontendApi}`;
  await loadScript(`${origin}/npm/@clerk/ui@1/dist/ui.browser.js`);
  await loadScript(`${origin}/npm/@clerk/clerk-js@6/dist/clerk.browser.js`, { 'data-clerk-publishable-key': clerkPublishableKey });
  const clerk = window.Clerk;
  await clerk.load({ ui: { ClerkUI: window.__internal_ClerkUICtor } });
  return {
    mode: 'clerk',
    isSignedIn: () => Boolean(clerk.isSignedIn),
    founderName: () => clerk.user?.primaryEmailAddress?.emailAddress ?? clerk.user?.username ?? '',
    // Session tokens live a minute: ask Clerk each time, it caches and refreshes them.
    token: async () => (clerk.session ? clerk.session.getToken() : null),
    // Back to the address the founder came for, once signed in.
    mountSignIn: (el) => clerk.mountSignIn(el, { forceRedirectUrl: location.href, signUpForceRedirectUrl: location.href }),
    signOut: () => clerk.signOut(),
    /** Only signing in or out: Clerk also calls its listeners at each token refresh, about once a minute. */
    onChange: (listener) => {
      let signedIn = Boolean(clerk.isSignedIn);
      clerk.addListener(() => {
        if (Boolean(clerk.isSignedIn) === signedIn) return;
        signedIn = !signedIn;
        listener();
      });
    },
  };
}

function loadScript(src, attributes = {}) {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.async = true;
    script.crossOrigin = 'anonymous';
    for (const [name, value] of Object.entries(attributes)) script.setAttribute(name, value);
    script.addEventListener('load', resolve, { once: true });
    script.addEventListener('error', () => reject(new Error(`Could not load ${src}`)), { once: true });
    document.head.append(script);
  });
}
