import { founderNote } from './founder-note';

describe('founderNote: what the model reads of the founder\'s answer', () => {
  it('gives guidance as the founder wrote it', () => {
    expect(founderNote({ action: 'guide', guidance: 'Use pnpm.' }, 'retries')).toBe('Guidance from the founder: Use pnpm.');
  });

  it('keeps the words typed beside another choice, after what the choice means', () => {
    expect(founderNote({ action: 'retry', guidance: 'The file is in docs/.' }, 'retries'))
      .toBe('The founder asked you to try again. They add: The file is in docs/.');
    expect(founderNote({ action: 'continue', guidance: 'Finish the tests first.' }, 'tool_call_cap'))
      .toBe('The founder adds: Finish the tests first.');
  });

  it('says nothing new to a model that is only called again, unless the founder wrote something', () => {
    expect(founderNote({ action: 'retry' }, 'model_error')).toBeNull();
    expect(founderNote({ action: 'continue', guidance: '  ' }, 'budget')).toBeNull();
  });

  it('tells nothing on a stop: the run ends', () => {
    expect(founderNote({ action: 'stop', guidance: 'never mind' }, 'retries')).toBeNull();
  });
});
