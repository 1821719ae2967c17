import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Min, ValidateNested } from 'class-validator';
import { rpc } from './rpc';

/** Every sandbox call names the run and its owner: a run of another owner is not found. */
export class SandboxRequestV1 {
  @IsUUID() runId!: string;
  @IsString() @Length(1, 200) ownerId!: string;
}

export const SNAPSHOT_REASONS = ['turn', 'pause', 'sleep', 'kill', 'manual'] as const;
export type SnapshotReason = (typeof SNAPSHOT_REASONS)[number];

export class SandboxSnapshotRequestV1 extends SandboxRequestV1 {
  @IsOptional() @IsIn(SNAPSHOT_REASONS) reason?: SnapshotReason;
  /** Take one only when the latest is older than this (a turn's periodic snapshot); absent: always. */
  @IsOptional() @IsInt() @Min(0) ifOlderThanMs?: number;
}

export class SandboxRestoreRequestV1 extends SandboxRequestV1 {
  /** A snapshot of the run by its sequence number; absent: the latest. */
  @IsOptional() @IsInt() @Min(1) seq?: number;
}

/** A workspace snapshot as other services may keep it (the sleeping run persists it). */
export class SnapshotRefV1 {
  @IsInt() @Min(1) seq!: number;
  @IsISO8601() takenAt!: string;
  @IsInt() @Min(0) bytes!: number;
  @IsInt() @Min(0) files!: number;
}

export const SANDBOX_STATUSES = ['active', 'paused', 'killed'] as const;
export type SandboxStatusV1 = (typeof SANDBOX_STATUSES)[number];

export class SandboxReplyV1 {
  @IsIn(SANDBOX_STATUSES) status!: SandboxStatusV1;
  /** The provider's id of the sandbox now serving the run (it changes when a sandbox is re-created). */
  @IsOptional() @IsString() sandboxId!: string | null;
  /** The snapshot this call took or restored, if any. */
  @IsOptional() @ValidateNested() @Type(() => SnapshotRefV1) snapshot!: SnapshotRefV1 | null;
  /** True when the workspace was gone or not the run's and came back from a snapshot. */
  @IsBoolean() restored!: boolean;
}

export const SandboxPause = rpc('sandbox.pause', SandboxRequestV1, SandboxReplyV1);
export const SandboxResume = rpc('sandbox.resume', SandboxRequestV1, SandboxReplyV1);
export const SandboxSnapshot = rpc('sandbox.snapshot', SandboxSnapshotRequestV1, SandboxReplyV1);
export const SandboxRestore = rpc('sandbox.restore', SandboxRestoreRequestV1, SandboxReplyV1);
export const SandboxKill = rpc('sandbox.kill', SandboxRequestV1, SandboxReplyV1);
