import { CreateSnapshots1767484800000 } from './migrations/1767484800000-create-snapshots';
import { SnapshotEntity } from './snapshot.entity';
import { SnapshotRunEntity } from './snapshot-run.entity';

/** What the snapshots add to the executor's schema, for its module and for tests. */
export const SNAPSHOT_ENTITIES = [SnapshotRunEntity, SnapshotEntity];
export const SNAPSHOT_MIGRATIONS = [CreateSnapshots1767484800000];
