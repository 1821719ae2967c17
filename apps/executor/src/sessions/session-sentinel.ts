import { COFOUNDER_FOLDER, Sandbox } from '../sandbox/sandbox';
import { SandboxFileError } from '../sandbox/sandbox-errors';

/** In the workspace, so that a workspace replaced or wiped behind our back is told apart from the run's own. */
export const SENTINEL_PATH = `${COFOUNDER_FOLDER}/session`;

/** The awake period's id the workspace holds, or null when the sentinel is missing or unreadable. */
export async function readSentinel(sandbox: Sandbox): Promise<string | null> {
  try {
    return Buffer.from(await sandbox.readFile(SENTINEL_PATH)).toString('utf8').trim();
  } catch (err) {
    if (err instanceof SandboxFileError) return null;
    throw err;
  }
}

export function writeSentinel(sandbox: Sandbox, sessionId: string): Promise<void> {
  return sandbox.writeFile(SENTINEL_PATH, `${sessionId}\n`);
}
