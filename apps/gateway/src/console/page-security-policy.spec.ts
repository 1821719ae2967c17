import { pageSecurityPolicy } from './page-security-policy';

const directive = (policy: string, name: string) => policy.split('; ').find((d) => d.startsWith(`${name} `));

describe('the console page\'s Content-Security-Policy', () => {
  it('in dev mode allows only the console\'s own scripts, styles and API', () => {
    const policy = pageSecurityPolicy({ authMode: 'dev' });
    expect(directive(policy, 'script-src')).toBe("script-src 'self'");
    expect(directive(policy, 'style-src')).toBe("style-src 'self'");
    expect(directive(policy, 'connect-src')).toBe("connect-src 'self'");
    expect(directive(policy, 'frame-ancestors')).toBe("frame-ancestors 'none'");
  });

  it('with Clerk adds the instance\'s Frontend API, yet still no inline script', () => {
    const policy = pageSecurityPolicy({ authMode: 'clerk', clerkPublishableKey: 'pk_test_x', clerkFrontendApi: 'fond-owl-12.clerk.accounts.dev' });
    expect(directive(policy, 'script-src')).toBe("script-src 'self' https://fond-owl-12.clerk.accounts.dev https://challenges.cloudflare.com https://*.protect.clerk.com");
    expect(directive(policy, 'connect-src')).toContain('https://fond-owl-12.clerk.accounts.dev');
    expect(directive(policy, 'img-src')).toContain('https://img.clerk.com');
    expect(directive(policy, 'script-src')).not.toContain('unsafe-inline');
  });
});
