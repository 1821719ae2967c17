/**
 * An archive that would write outside the workspace, or holds what a workspace never needs
 * (hard links, devices): nothing of it is trusted, and the restore stops at that entry.
 */
export class ArchiveRefused extends Error {
  constructor(readonly entryPath: string, readonly why: string) {
    super(`snapshot archive refused at ${JSON.stringify(entryPath)}: ${why}`);
    this.name = 'ArchiveRefused';
  }
}

/** The store holds no object of that name (deleted by pruning, or never written). */
export class SnapshotObjectMissing extends Error {
  constructor(readonly objectName: string) {
    super(`snapshot object ${objectName} is not in the store`);
    this.name = 'SnapshotObjectMissing';
  }
}

/** The bytes read back are not the bytes written (the store's digest disagrees). */
export class SnapshotCorrupt extends Error {
  constructor(readonly objectName: string, detail: string) {
    super(`snapshot object ${objectName} is corrupt: ${detail}`);
    this.name = 'SnapshotCorrupt';
  }
}
