import { QueryFailedError, TypeORMError } from 'typeorm';
import { isDatabaseUnavailable } from './database-unavailable';

const pgError = (code: string, message = 'pg error') => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['a connection cut mid-query', new Error('Connection terminated unexpectedly')],
    ['a pool that could not connect in time', new Error('timeout exceeded when trying to connect')],
    ['an admin shutdown (57P01)', new QueryFailedError('SELECT 1', [], pgError('57P01', 'terminating connection due to administrator command'))],
    ['a connection exception (08006)', new QueryFailedError('SELECT 1', [], pgError('08006'))],
    ['TypeORM without a driver', new TypeORMError('Driver not Connected')],
    ['an outage wrapped as a cause', new Error('saving the reply failed', { cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) })],
    ['every address refused', new AggregateError([Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })])],
  ])('says yes for %s', (_what, err) => {
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it.each([
    ['a unique violation', new QueryFailedError('INSERT', [], pgError('23505', 'duplicate key value'))],
    ['a syntax error', new QueryFailedError('SELEC', [], pgError('42601', 'syntax error'))],
    ['a plain bug', new TypeError('cannot read properties of undefined')],
    ['nothing at all', undefined],
  ])('says no for %s', (_what, err) => {
    expect(isDatabaseUnavailable(err)).toBe(false);
  });
});
