import { Logger } from '@nestjs/common';
import { Environment } from '@cofounder/config';
import { ConsoleSettings } from './console-settings';

const clerkMode = new Environment({ AUTH_MODE: 'clerk' });
const clerkWith = (publishableKey: string) => new Environment({ AUTH_MODE: 'clerk', CLERK_PUBLISHABLE_KEY: publishableKey });
const key = `pk_live_${Buffer.from('clerk.example.com$').toString('base64')}`;

describe('ConsoleSettings', () => {
  afterEach(() => jest.restoreAllMocks());

  it('in dev mode tells the page only that', () => {
    expect(new ConsoleSettings(new Environment({ CLERK_PUBLISHABLE_KEY: key })).config).toEqual({ authMode: 'dev' });
  });

  it('with Clerk gives the page the publishable key and the Frontend API it names', () => {
    expect(new ConsoleSettings(clerkWith(key)).config)
      .toEqual({ authMode: 'clerk', clerkPublishableKey: key, clerkFrontendApi: 'clerk.example.com' });
  });

  it('stops the start on a key that is not a publishable key', () => {
    expect(() => new ConsoleSettings(clerkWith('sk_live_abc'))).toThrow(/CLERK_PUBLISHABLE_KEY/);
  });

  it('without a key keeps the API up and warns that nobody can sign in on the page', () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    expect(new ConsoleSettings(clerkMode).config).toEqual({ authMode: 'clerk', clerkPublishableKey: null, clerkFrontendApi: null });
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ msg: expect.stringMatching(/CLERK_PUBLISHABLE_KEY/) }));
  });
});
