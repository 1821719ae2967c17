import { isVisible, resumeAfter } from './event-visibility';

describe('isVisible', () => {
  it('shows tool-level events only when verbose', () => {
    expect(isVisible('tool.started', true)).toBe(true);
    expect(isVisible('tool.completed', false)).toBe(false);
    expect(isVisible('tool.progress', false)).toBe(false);
  });

  it('shows the batch only when not verbose, so nothing is told twice', () => {
    expect(isVisible('tools.batched', false)).toBe(true);
    expect(isVisible('tools.batched', true)).toBe(false);
  });

  it('always shows what the agent says and how the run stands', () => {
    for (const verbose of [true, false]) {
      expect(isVisible('agent.message', verbose)).toBe(true);
      expect(isVisible('run.completed', verbose)).toBe(true);
      expect(isVisible('run.status', verbose)).toBe(true);
    }
  });
});

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
