import { createSign, generateKeyPairSync } from 'node:crypto';
import { Environment } from '@cofounder/config';
import { InvalidToken, TokenVerifier } from './token-verifier';

const b64url = (value: object | Buffer) =>
  (Buffer.isBuffer(value) ? value : Buffer.from(JSON.stringify(value))).toString('base64url');

function signJwt(claims: object, privateKey: string): string {
  const unsigned = `${b64url({ alg: 'RS256', typ: 'JWT', kid: 'local' })}.${b64url(claims)}`;
  const signature = createSign('RSA-SHA256').update(unsigned).sign(privateKey);
  return `${unsigned}.${b64url(signature)}`;
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
    const { publicKey, privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    const verifier = new TokenVerifier(new Environment({ AUTH_MODE: 'clerk', CLERK_JWT_KEY: publicKey }));
    const now = Math.floor(Date.now() / 1000);

    it('accepts a session token signed by the instance key', async () => {
      const token = signJwt({ sub: 'user_2abc', iat: now, nbf: now - 5, exp: now + 60, iss: 'https://clerk.example.com' }, privateKey);
      await expect(verifier.verify(token)).resolves.toEqual({ id: 'user_2abc' });
    });

    it('refuses an expired token', async () => {
      const token = signJwt({ sub: 'user_2abc', iat: now - 600, nbf: now - 600, exp: now - 300 }, privateKey);
      await expect(verifier.verify(token)).rejects.toThrow(InvalidToken);
    });

    it('refuses a token signed by another key', async () => {
      const other = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
      const token = signJwt({ sub: 'user_2abc', iat: now, nbf: now - 5, exp: now + 60 }, other.privateKey);
      await expect(verifier.verify(token)).rejects.toThrow(InvalidToken);
    });

    it('refuses a dev token', async () => {
      await expect(verifier.verify('dev:alice')).rejects.toThrow(InvalidToken);
    });
  });
});
