import { createSign, generateKeyPairSync } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { Environment } from '@cofounder/config';
import { InvalidToken, TokenVerifier } from './token-verifier';

const b64url = (value: object | Buffer) =>
  (Buffer.isBuffer(value) ? value : Buffer.from(JSON.stringify(value))).toString('base64url');

function signJwt(claims: object, privateKey: string): string {
  const unsigned = `${b64url({ alg: 'RS256', typ: 'JWT', kid: 'local' })}.${b64url(claims)}`;
  const signature = createSign('RSA-SHA256').update(unsigned).sign(privateKey);
  return `${unsigned}.${b64url(signature)}`;
}

/** Clerk's reason for a refusal, so each test proves the check it names refused the token. */
async function refusalOf(verifying: Promise<unknown>): Promise<string | undefined> {
  const err = await verifying.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(InvalidToken);
  return ((err as Error).cause as { reason?: string } | undefined)?.reason;
}

describe('TokenVerifier', () => {
  describe('dev mode', () => {
    const verifier = new TokenVerifier(new Environment({}));

    it('accepts dev:<userId>', async () => {
      await expect(verifier.verify('dev:alice')).resolves.toEqual({ id: 'dev_alice' });
    });

    it.each(['alice', 'dev:', 'dev:a b', 'dev:../x'])('refuses %p', async (token) => {
      await expect(verifier.verify(token)).rejects.toThrow(InvalidToken);
    });

    it('refuses to start in production', () => {
      expect(() => new TokenVerifier(new Environment({ NODE_ENV: 'production' })).onModuleInit()).toThrow(/refused/);
    });
  });

  describe('clerk mode, verified offline with a local key pair', () => {
    const pair = () => generateKeyPairSync('rsa', {
      modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    const { publicKey, privateKey } = pair();
    const clerk = (env: NodeJS.ProcessEnv = {}) => new TokenVerifier(new Environment({ AUTH_MODE: 'clerk', CLERK_JWT_KEY: publicKey, ...env }));
    const verifier = clerk();
    const now = Math.floor(Date.now() / 1000);
    const session = { sub: 'user_2abc', iat: now, nbf: now - 5, exp: now + 60, iss: 'https://clerk.example.com' };

    it('accepts a session token signed by the instance key', async () => {
      await expect(verifier.verify(signJwt(session, privateKey))).resolves.toEqual({ id: 'user_2abc' });
    });

    // Both windows are missed by minutes, far beyond Clerk's default clock skew of 5 s.
    it('refuses an expired token', async () => {
      const token = signJwt({ ...session, iat: now - 600, nbf: now - 600, exp: now - 300 }, privateKey);
      expect(await refusalOf(verifier.verify(token))).toBe('token-expired');
    });

    it('refuses a token not valid yet', async () => {
      const token = signJwt({ ...session, nbf: now + 300, exp: now + 600 }, privateKey);
      expect(await refusalOf(verifier.verify(token))).toBe('token-not-active-yet');
    });

    it('refuses a token signed by another key (a foreign issuer)', async () => {
      const token = signJwt({ ...session, iss: 'https://clerk.elsewhere.example' }, pair().privateKey);
      expect(await refusalOf(verifier.verify(token))).toBe('token-invalid-signature');
    });

    it('refuses a token whose payload was changed after signing', async () => {
      const [header, , signature] = signJwt(session, privateKey).split('.');
      const token = `${header}.${b64url({ ...session, sub: 'user_victim' })}.${signature}`;
      expect(await refusalOf(verifier.verify(token))).toBe('token-invalid-signature');
    });

    it('refuses a token that names no user', async () => {
      const { sub: _sub, ...anonymous } = session;
      expect(await refusalOf(verifier.verify(signJwt(anonymous, privateKey)))).toBe('token-verification-failed');
    });

    it('refuses a dev token', async () => {
      await expect(verifier.verify('dev:alice')).rejects.toThrow(InvalidToken);
    });

    describe('with authorized parties', () => {
      const guarded = clerk({ CLERK_AUTHORIZED_PARTIES: ' https://app.example.com , ,https://console.example.com' });

      it.each(['https://app.example.com', 'https://console.example.com'])('accepts a token minted for %s', async (azp) => {
        await expect(guarded.verify(signJwt({ ...session, azp }, privateKey))).resolves.toEqual({ id: 'user_2abc' });
      });

      it('refuses a token minted for another app of the instance', async () => {
        const token = signJwt({ ...session, azp: 'https://other-app.example.com' }, privateKey);
        expect(await refusalOf(guarded.verify(token))).toBe('token-invalid-authorized-parties');
      });

      it('refuses a token that names no party', async () => {
        expect(await refusalOf(guarded.verify(signJwt(session, privateKey)))).toBe('token-invalid-authorized-parties');
      });
    });

    describe('at start in production', () => {
      afterEach(() => jest.restoreAllMocks());

      it('warns when no authorized parties are set', () => {
        const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
        clerk({ NODE_ENV: 'production' }).onModuleInit();
        expect(warn).toHaveBeenCalledWith(expect.objectContaining({ msg: expect.stringMatching(/CLERK_AUTHORIZED_PARTIES/) }));
      });

      it('is quiet when they are', () => {
        const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
        clerk({ NODE_ENV: 'production', CLERK_AUTHORIZED_PARTIES: 'https://app.example.com' }).onModuleInit();
        expect(warn).not.toHaveBeenCalled();
      });
    });
  });
});
