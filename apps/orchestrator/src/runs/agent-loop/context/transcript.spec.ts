import { clearedPlaceholder } from './clear-old-tool-results';
import { HistoryMessage } from './history';
import { cutMiddle, cutToJsonChars, fitTranscript, jsonChars, RESULT_CHARS, transcriptEntries } from './transcript';

describe('cutMiddle', () => {
  it('keeps the head and the tail within the limit and says how much went', () => {
    const text = `exit code: 1\n${'x'.repeat(1000)}\nError: boom`;
    const cut = cutMiddle(text, 100);
    expect(cut.length).toBeLessThanOrEqual(100);
    expect(cut.startsWith('exit code: 1')).toBe(true);
    expect(cut.endsWith('boom')).toBe(true);
    const [, n] = /\[…(\d+) chars cut…\]/.exec(cut) ?? [];
    expect(cut.length - ` […${n} chars cut…] `.length + Number(n)).toBe(text.length);
    expect(cutMiddle('short', 100)).toBe('short');
  });

  it('does not split a surrogate pair, which JSON would escape as six characters', () => {
    const text = '😀'.repeat(200);
    for (const max of [50, 51, 52, 53]) expect(jsonChars(cutMiddle(text, max))).toBeLessThanOrEqual(max);
  });
});

describe('cutToJsonChars', () => {
  it('counts escaped quotes and newlines against the limit', () => {
    const text = '"\n'.repeat(500);
    const cut = cutToJsonChars(text, 200);
    expect(jsonChars(cut)).toBeLessThanOrEqual(200);
    expect(jsonChars(cut)).toBeGreaterThan(150);
    expect(cutToJsonChars(text, 5)).toBe('');
  });
});

describe('transcriptEntries', () => {
  it('renders text, one-line tool calls and shortened results, and keeps cleared placeholders', () => {
    const placeholder = clearedPlaceholder('read', { type: 'tool_result', tool_use_id: 'x', content: '1 a' });
    const history: HistoryMessage[] = [
      { role: 'user', content: 'Fix the tests.' },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Running them.' },
          { type: 'tool_use', id: 'a', name: 'bash', input: { command: 'npm test' } },
          { type: 'tool_use', id: 'b', name: 'read', input: { path: 'src/a.ts' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'a', content: `exit code: 1\n${'y'.repeat(5000)}\nFAIL a.spec.ts`, is_error: true },
          { type: 'tool_result', tool_use_id: 'b', content: placeholder },
          { type: 'image' },
        ],
      },
    ];
    const entries = transcriptEntries(history);
    expect(entries.slice(0, 4)).toEqual(['User: Fix the tests.', 'Agent: Running them.', '→ bash({"command":"npm test"})', '→ read({"path":"src/a.ts"})']);
    expect(entries[4]).toMatch(/^← bash \(error\): exit code: 1\n {2}y+ \[…\d+ chars cut…\] y*\n {2}FAIL a\.spec\.ts$/);
    expect(entries[4].length).toBeLessThan(RESULT_CHARS + 40);
    expect(entries[5]).toBe(`← read: ${placeholder}`);
    expect(entries[6]).toBe('User: [image]');
  });

  it('keeps a call on one line whatever its input', () => {
    const [only] = transcriptEntries([{ role: 'assistant', content: [{ type: 'tool_use', id: 'w', name: 'write', input: { path: 'a', content: 'x\n'.repeat(1000) } }] }]);
    expect(only).not.toContain('\n');
    expect(only.length).toBeLessThan(250);
  });
});

describe('fitTranscript', () => {
  const entries = Array.from({ length: 100 }, (_, i) => `entry ${i} ${'z'.repeat(50)}`);

  it('joins everything when it fits', () => {
    expect(fitTranscript(entries, 1, 100_000)).toBe(entries.join('\n'));
  });

  it('keeps the head and the latest entries, and marks how many in between were left out', () => {
    const text = fitTranscript(['GOAL NOTE', ...entries], 1, 2_000);
    expect(jsonChars(text)).toBeLessThanOrEqual(2_000);
    const lines = text.split('\n');
    expect(lines[0]).toBe('GOAL NOTE');
    const left = Number(/\[… (\d+) entries from the middle/.exec(lines[1])?.[1]);
    expect(lines.slice(2)).toEqual(entries.slice(left));
    expect(lines.length).toBeGreaterThan(10);
  });

  it('cuts a head too long to leave room for the latest work', () => {
    const text = fitTranscript(['N'.repeat(10_000), ...entries], 1, 2_000);
    expect(jsonChars(text)).toBeLessThanOrEqual(2_000);
    expect(text).toContain(entries[99]);
    expect(text.startsWith('NNN')).toBe(true);
  });
});
