import { APIError } from '@anthropic-ai/sdk';

/** The SDK's error for a call that must fail; anything else thrown, or a success, fails the test. */
export async function rejectionOf(promise: Promise<unknown>): Promise<APIError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof APIError) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}
