import { NotFound } from '@cofounder/contracts';
import { httpStatusOf } from './errors.filter';

describe('httpStatusOf', () => {
  it('answers 503 while PostgreSQL is out of reach, so a founder is told to try again', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(httpStatusOf(refused)).toBe(503);
    expect(httpStatusOf(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(503);
  });

  it('keeps a bug a 500 and a domain error its own status', () => {
    expect(httpStatusOf(new TypeError('x is undefined'))).toBe(500);
    expect(httpStatusOf(new NotFound('Run not found'))).toBe(404);
  });
});
