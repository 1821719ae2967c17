import { ApiError } from './api-error';
import { callTarget, parseMessageRequest } from './message-request';

describe('callTarget', () => {
  it.each([
    [{ metadata: { user_id: 'run-1' } }, { kind: 'turn', runId: 'run-1' }],
    [{ metadata: { user_id: 'run-1:compact' } }, { kind: 'compact', runId: 'run-1' }],
    [{ metadata: {} }, { kind: 'anonymous' }],
    [{}, { kind: 'anonymous' }],
    ['not an object', { kind: 'anonymous' }],
  ])('reads %j as %j', (body, expected) => {
    expect(callTarget(body)).toEqual(expected);
  });
});

describe('parseMessageRequest', () => {
  const ok = { model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] };

  it.each([
    [{ ...ok, model: undefined }, 'model: Field required'],
    [{ ...ok, max_tokens: 0 }, 'max_tokens: must be a positive integer'],
    [{ ...ok, messages: undefined }, 'messages: Field required'],
    [{ ...ok, messages: [] }, 'messages: must be a non-empty list'],
    [{ ...ok, messages: [{ role: 'user' }] }, 'messages.0: must have a role and a content'],
    [{ ...ok, stop_sequences: 'END' }, 'stop_sequences: must be a list of strings'],
  ])('refuses %j as an invalid request', (body, message) => {
    let caught: unknown;
    try {
      parseMessageRequest(body, 'messages');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ApiError);
    expect((caught as ApiError).body('req_1')).toEqual({ type: 'error', error: { type: 'invalid_request_error', message }, request_id: 'req_1' });
  });

  it('does not ask count_tokens for max_tokens', () => {
    expect(parseMessageRequest({ model: 'm', messages: ok.messages }, 'count_tokens').model).toBe('m');
  });
});
