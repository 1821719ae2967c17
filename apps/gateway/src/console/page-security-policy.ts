import type { ConsoleConfig } from './console-settings';

/**
 * The console page's Content-Security-Policy: its own scripts and styles only, no inline
 * script. With Clerk, the directives Clerk documents for its components: scripts and calls to
 * the instance's Frontend API, Cloudflare's bot check and Clerk's fraud protection, avatars from
 * img.clerk.com, and inline styles, which Clerk's components set at run time.
 */
export function pageSecurityPolicy(config: ConsoleConfig): string {
  const clerk = config.authMode === 'clerk' && config.clerkFrontendApi ? `https://${config.clerkFrontendApi}` : null;
  const bot = 'https://challenges.cloudflare.com';
  // Clerk's abuse and fraud protection; its hosts answer on other ports than 443 too.
  const protect = 'https://*.protect.clerk.com';
  const directives: Record<string, string[]> = {
    'default-src': ["'none'"],
    'script-src': ["'self'", ...(clerk ? [clerk, bot, protect] : [])],
    'style-src': ["'self'", ...(clerk ? ["'unsafe-inline'"] : [])],
    'connect-src': ["'self'", ...(clerk ? [clerk, `${protect}:*`] : [])],
    'img-src': ["'self'", 'data:', ...(clerk ? ['https://img.clerk.com'] : [])],
    'font-src': ["'self'"],
    'worker-src': ["'self'", ...(clerk ? ['blob:'] : [])],
    'frame-src': clerk ? [bot, protect] : ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  };
  return Object.entries(directives).map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');
}
