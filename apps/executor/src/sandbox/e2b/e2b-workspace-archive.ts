import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { WORKSPACE } from '../sandbox';
import { drain } from './drain-stream';
import { E2bCommandRunner } from './e2b-command-runner';
import { E2bSandboxHandle } from './e2b-sdk';

/** find's -name pattern matching exactly `name`: its wildcards escaped. */
function literalPattern(name: string): string {
  return name.replace(/[\\*?[\]]/g, '\\$&');
}

/** Single-quoted for bash. */
function quote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** The workspace of one e2b VM as a tar.gz archive: packed and unpacked inside the VM. */
export class E2bWorkspaceArchive {
  constructor(
    private readonly sdk: E2bSandboxHandle,
    private readonly runner: E2bCommandRunner,
  ) {}

  /**
   * Packed inside the VM into a temporary file and streamed out, so neither side holds the
   * archive whole. Only files, folders and symbolic links go in, as the snapshot manifest
   * accepts nothing else: a hard link is packed as a file of its own (--hard-dereference),
   * a FIFO, socket or device is left out. find lists them (an excluded name is pruned at any
   * depth, matched literally) and tar packs that list only (--no-recursion).
   */
  async *export(exclude: readonly string[]): AsyncIterable<Uint8Array> {
    const archive = `/tmp/cofounder-export-${randomUUID()}.tar.gz`;
    try {
      const pruned = exclude.map((name) => `-name ${quote(literalPattern(name))} -prune -o `).join('');
      const list = `find . ${pruned}\\( -type f -o -type d -o -type l \\) -print0`;
      // Exit code 1 is tar's "a file changed as it was read": the archive is whole, that file as tar saw it.
      // --ignore-failed-read: a file removed between the listing and the packing is left out, not a failed snapshot.
      const pack = `tar -czf ${archive} --null --no-recursion --hard-dereference --ignore-failed-read -T -`;
      await this.runner.runScript(`cd ${WORKSPACE} && ${list} | ${pack} || [ $? -eq 1 ]`, 'packing the workspace');
      yield* drain(await this.sdk.files.read(archive, { format: 'stream' }));
    } finally {
      await this.sdk.files.remove(archive);
    }
  }

  /**
   * The archive is uploaded as a stream: the SDK sends a ReadableStream as it reads it
   * (application/octet-stream), except against an envd older than 0.5.7, where it falls back
   * to multipart and holds the whole archive in memory first; nothing here can bound that.
   *
   * Unpacked into a folder beside the workspace, then swapped in, so a broken archive leaves
   * the workspace as it was. GNU tar refuses members with `..` and strips a leading `/`; a
   * link pointing outside (absolute or with `..`) is written as a placeholder until the end
   * of the extraction, so no member is written through it. -p keeps the modes as archived
   * (a user's tar would apply its umask).
   */
  async import(archive: AsyncIterable<Uint8Array>): Promise<void> {
    const id = randomUUID();
    const upload = `/tmp/cofounder-import-${id}.tar.gz`;
    const staging = `${path.posix.dirname(WORKSPACE)}/.cofounder-import-${id}`;
    try {
      await this.sdk.files.write(upload, ReadableStream.from(archive));
      await this.runner.runScript(
        [
          'set -e',
          `mkdir ${staging}`,
          `tar -xzpf ${upload} -C ${staging}`,
          `find ${WORKSPACE} -mindepth 1 -maxdepth 1 -exec rm -rf -- {} +`,
          `find ${staging} -mindepth 1 -maxdepth 1 -exec mv -t ${WORKSPACE} -- {} +`,
        ].join('\n'),
        'unpacking the workspace',
      );
    } finally {
      await this.runner.runScript(`rm -rf ${upload} ${staging}`, 'removing the unpacked archive');
    }
  }
}
