import { parseScenario, ScenarioError } from './parse-scenario';

const valid = () => ({
  name: 'fix-failing-test',
  steps: [
    { content: [{ type: 'text', text: 'Let me run the tests.' }, { type: 'tool_use', name: 'bash', input: { command: 'npm test' } }] },
    { error: { status: 529, type: 'overloaded_error', message: 'Overloaded', retryAfterSeconds: 2 }, times: 2 },
    { content: [{ type: 'text', text: 'Done.' }], stop_reason: 'end_turn', usage: { output_tokens: 1200 }, delayMs: 0 },
  ],
});

describe('parseScenario', () => {
  it('accepts the documented scenario shape and applies the defaults', () => {
    const s = parseScenario(valid(), 'x.json');
    expect(s).toMatchObject({ name: 'fix-failing-test', contextWindow: 200_000, repeatLast: false, source: 'x.json' });
    expect(s.steps).toHaveLength(3);
  });

  it('accepts an error step with retry-after-ms that breaks a stream off', () => {
    const raw = valid();
    Object.assign(raw.steps[1].error!, { retryAfterMs: 1500, midStream: true });
    expect(parseScenario(raw, 'x.json').steps[1].error).toMatchObject({ retryAfterMs: 1500, midStream: true });
  });

  it.each([
    ['an error status out of range', (r: any) => { r.steps[1].error.status = 99; }, /x\.json: steps\.1\.error\.status/],
    ['an unknown stop reason', (r: any) => { r.steps[2].stop_reason = 'done'; }, /x\.json: steps\.2\.stop_reason/],
    ['a block of unknown type', (r: any) => { r.steps[0].content[0].type = 'image'; }, /x\.json: steps\.0\.content\.0\.type/],
    ['a tool_use without input', (r: any) => { delete r.steps[0].content[1].input; }, /x\.json: steps\.0\.content\.1\.input/],
    ['a negative usage figure', (r: any) => { r.steps[2].usage.output_tokens = -1; }, /x\.json: steps\.2\.usage\.output_tokens/],
    ['a misspelt field', (r: any) => { r.steps[2].delay_ms = 5; }, /x\.json: steps\.2\.delay_ms/],
    ['a name with a space', (r: any) => { r.name = 'two words'; }, /x\.json: name/],
    ['no steps', (r: any) => { r.steps = []; }, /x\.json: steps/],
    ['a step with both content and error', (r: any) => { r.steps[2].error = r.steps[1].error; }, /x\.json: steps\.2: a step has either/],
    ['a step with neither', (r: any) => { r.steps[0] = { delayMs: 5 }; }, /x\.json: steps\.0: a step has either/],
    ['`times` on a reply', (r: any) => { r.steps[0].times = 2; }, /x\.json: steps\.0\.times/],
    ['`forMs` on a reply', (r: any) => { r.steps[0].forMs = 2; }, /x\.json: steps\.0\.forMs/],
    ['both `times` and `forMs`', (r: any) => { r.steps[1].forMs = 2; }, /x\.json: steps\.1: an error step repeats/],
    ['a midStream that is not a boolean', (r: any) => { r.steps[1].error.midStream = 'yes'; }, /x\.json: steps\.1\.error\.midStream/],
    ['a negative retryAfterMs', (r: any) => { r.steps[1].error.retryAfterMs = -1; }, /x\.json: steps\.1\.error\.retryAfterMs/],
  ])('names the field for %s', (_what, spoil, expected) => {
    const raw = valid();
    spoil(raw);
    expect(() => parseScenario(raw, 'x.json')).toThrow(ScenarioError);
    expect(() => parseScenario(raw, 'x.json')).toThrow(expected);
  });

  it('refuses a file that is not an object', () => {
    expect(() => parseScenario([], 'x.json')).toThrow('x.json: expected a JSON object at the top level');
  });
});
