import { clerkFrontendApi } from './clerk-frontend-api';

const keyFor = (host: string, kind = 'test') => `pk_${kind}_${Buffer.from(`${host}$`).toString('base64')}`;

describe('clerkFrontendApi', () => {
  it('reads the Frontend API host from a development or production key', () => {
    expect(clerkFrontendApi(keyFor('fond-owl-12.clerk.accounts.dev'))).toBe('fond-owl-12.clerk.accounts.dev');
    expect(clerkFrontendApi(keyFor('clerk.example.com', 'live'))).toBe('clerk.example.com');
  });

  it.each([
    ['a secret key', `sk_test_${Buffer.from('clerk.example.com$').toString('base64')}`],
    ['a key without the closing $', `pk_test_${Buffer.from('clerk.example.com').toString('base64')}`],
    ['a host with a path in it', keyFor('evil.example/x')],
    ['an empty key', ''],
  ])('refuses %s', (_what, key) => {
    expect(clerkFrontendApi(key)).toBeNull();
  });
});
