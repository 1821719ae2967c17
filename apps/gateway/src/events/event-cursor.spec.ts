import { resumeAfter } from './event-cursor';

describe('resumeAfter', () => {
  it('replays from the start with no cursor', () => {
    expect(resumeAfter(undefined, undefined)).toBe(0);
  });
  it('lets the Last-Event-ID header win over ?after=', () => {
    expect(resumeAfter('12', '3')).toBe(12);
    expect(resumeAfter(undefined, '3')).toBe(3);
  });
  it('refuses a cursor that is not a sequence number', () => {
    expect(resumeAfter('abc', undefined)).toBe('invalid');
    expect(resumeAfter(undefined, '-1')).toBe('invalid');
  });
});
