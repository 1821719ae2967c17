/**
 * The Clerk instance's Frontend API host, as Clerk encodes it in a publishable key:
 * `pk_test_` or `pk_live_`, then base64 of the host followed by `$`. Null for anything else,
 * so a mistyped key is reported at start rather than as a page that never signs anyone in.
 */
export function clerkFrontendApi(publishableKey: string): string | null {
  const match = /^pk_(?:test|live)_([A-Za-z0-9+/=_-]+)$/.exec(publishableKey);
  if (!match) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  if (!decoded.endsWith('$')) return null;
  const host = decoded.slice(0, -1);
  return /^[a-z0-9.-]+(:\d+)?$/i.test(host) ? host : null;
}
