import { parseCommandLine } from './shell-line';

const words = (line: string) => parseCommandLine(line).map((pipeline) => pipeline.map((stage) => stage.words));

describe('parseCommandLine', () => {
  it.each([
    ['cd app && npm test', [[['cd', 'app']], [['npm', 'test']]]],
    ['a; b || c & d', [[['a']], [['b']], [['c']], [['d']]]],
    ['npm test 2>&1 | tail -20', [[['npm', 'test'], ['tail', '-20']]]],
    ['git commit -m "two words" -m \'and more\'', [[['git', 'commit', '-m', 'two words', '-m', 'and more']]]],
    ['echo "a \\"quoted\\" word" x\\ y', [[['echo', 'a "quoted" word', 'x y']]]],
    ['(cd web && make)', [[['cd', 'web']], [['make']]]],
    ['echo $(git rev-parse HEAD) `date`', [[['echo', '$(git rev-parse HEAD)', '`date`']]]],
    ['cat notes.txt # attempt 1', [[['cat', 'notes.txt']]]],
    ['one\ntwo \\\n  three', [[['one']], [['two', 'three']]]],
    ['cat > a.ts <<EOF\nrm -rf /\nEOF\nls', [[['cat']], [['ls']]]],
    ['', []],
  ])('%j', (line, expected) => {
    expect(words(line)).toEqual(expected);
  });

  it('keeps the files a stage writes or reads, not the descriptors it copies', () => {
    expect(parseCommandLine('node build.js > out.log 2>&1 < in.txt >> all.log')[0][0].redirects).toEqual([
      { op: '>', target: 'out.log' }, { op: '<', target: 'in.txt' }, { op: '>>', target: 'all.log' },
    ]);
  });
});
