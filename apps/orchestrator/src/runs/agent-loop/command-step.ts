/**
 * One command in plain words. `setup` steps (cd, export, echo) only prepare the others;
 * `minor` ones (mkdir, git add, ls) matter when nothing else happens.
 */
export interface Step {
  phrase: string;
  weight: 'main' | 'minor' | 'setup';
  kind?: 'read' | 'list' | 'search' | 'feed';
}

export const TESTS = 'Running the test suite';
export const INSTALL = 'Installing dependencies';
export const BUILD = 'Building the project';
export const START = 'Starting the app';
export const LINT = 'Checking the code for problems';
export const FORMAT = 'Formatting the code';
export const TYPECHECK = 'Checking the code for errors';
export const SERVER = 'Starting a web server';
export const RUN_PROGRAM = 'Running the program';
export const FILES = 'Looking at the project\'s files';
export const NEW_PROJECT = 'Setting up a new project';
export const DATABASE = 'Updating the database structure';

export const main = (phrase: string, kind?: Step['kind']): Step => ({ phrase, weight: 'main', kind });
export const minor = (phrase: string, kind?: Step['kind']): Step => ({ phrase, weight: 'minor', kind });
export const setup = (phrase: string, kind?: Step['kind']): Step => ({ phrase, weight: 'setup', kind });

/** The words that are not options, skipping the values of the options in `valued`. */
export function operands(args: string[], valued: string[] = []): string[] {
  const found: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') return [...found, ...args.slice(i + 1)];
    if (valued.includes(arg)) i++;
    else if (!arg.startsWith('-') || arg === '-') found.push(arg);
  }
  return found;
}

export const has = (args: string[], ...flags: string[]) => args.some((a) => flags.includes(a) || flags.some((f) => f.startsWith('--') && a.startsWith(`${f}=`)));
export const base = (path: string) => path.replace(/\/+$/, '').split('/').pop() ?? path;
