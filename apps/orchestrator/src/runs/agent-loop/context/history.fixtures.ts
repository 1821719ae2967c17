import { HistoryMessage } from './history';

/** Test data only: one turn is an assistant message calling a tool and the user message answering it. */
export interface FakeCall {
  tool?: string;
  output?: string;
  isError?: boolean;
}

export function fakeTurn(n: number, calls: FakeCall[] = [{}]): HistoryMessage[] {
  const ids = calls.map((_, k) => `toolu_${n}_${k}`);
  return [
    {
      role: 'assistant',
      content: [
        { type: 'text', text: `Step ${n}: checking.` },
        ...calls.map((c, k) => ({ type: 'tool_use' as const, id: ids[k], name: c.tool ?? 'bash', input: { command: `echo ${n}` } })),
      ],
    },
    {
      role: 'user',
      content: calls.map((c, k) => ({
        type: 'tool_result' as const,
        tool_use_id: ids[k],
        content: c.output ?? `exit code: 0\nstdout:\n${'x'.repeat(400)}\nstderr:\n`,
        is_error: c.isError ?? false,
      })),
    },
  ];
}

export function fakeHistory(goal: string, turns: number, calls?: FakeCall[]): HistoryMessage[] {
  return [{ role: 'user', content: goal }, ...Array.from({ length: turns }, (_, i) => fakeTurn(i + 1, calls)).flat()];
}

/** A small deterministic generator, so the soak test is the same run every time. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
