import { Type } from 'class-transformer';
import {
  IsArray, IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsPositive, IsString, Max, Min, ValidateNested,
} from 'class-validator';

/** Prices in microdollars per million tokens. */
export class PriceConfig {
  @IsInt() @Min(0) input!: number;
  @IsInt() @Min(0) output!: number;
  @IsInt() @Min(0) cacheWrite!: number;
  @IsInt() @Min(0) cacheRead!: number;
  /** A cache write kept for an hour (`ttl: "1h"`); absent: twice `input`, as Anthropic prices it. */
  @IsOptional() @IsInt() @Min(0) cacheWrite1h?: number;
}

export class ModelConfig {
  @IsInt() @IsPositive() contextWindow!: number;
  @IsInt() @IsPositive() maxOutputTokens!: number;
  @ValidateNested() @Type(() => PriceConfig) price!: PriceConfig;
}

export class TierConfig {
  @IsString() model!: string;
  @IsInt() @Min(0) monthlyBudgetMicrodollars!: number;
  @IsInt() @IsPositive() toolCallCap!: number;
  @IsInt() @Min(0) awakePeriodCapMicrodollars!: number;
  /**
   * No longer read: the per-run cap gave way to reservations against the founder's limits
   * (docs/billing.md). Still accepted so that configuration files written before keep loading.
   */
  @IsOptional() @IsInt() @Min(0) runCapMicrodollars?: number;
  @IsArray() @IsString({ each: true }) stripePriceIds!: string[];
  /**
   * One usual turn of this tier's model (billing's 3x warning: an awake period whose calls
   * cost on average more than three of these is logged and counted, seed pitfall 8).
   */
  @IsInt() @Min(0) usualTurnInputTokens = 30_000;
  @IsInt() @Min(0) usualTurnOutputTokens = 1_000;
  /** Extended thinking on every turn with this many tokens to think in; absent or 0: none. */
  @IsOptional() @IsInt() @Min(0) thinkingBudgetTokens?: number;
}

export class TimeConfig {
  @IsInt() @IsPositive() dayMs!: number;
  /** The SSE comment heartbeat: the event contract (docs/events.md) promises one at least every 15 s, also while a tool runs for minutes. */
  @IsInt() @IsPositive() @Max(15_000) heartbeatMs!: number;
  @IsInt() @IsPositive() toolProgressMs!: number;
  @IsInt() @IsPositive() leaseMs!: number;
  /** A reservation its call never settled (the caller died) is released after this long. */
  @IsInt() @IsPositive() reservationTtlMs = 900_000;
  /** Activity within this long of a digest's first event goes to the founder's stream as one tools.batched. */
  @IsInt() @IsPositive() batchWindowMs = 2_000;
  /** How often the scheduler's leader looks for due wake timers: a wake is published at most this late. */
  @IsInt() @IsPositive() schedulerTickMs = 250;
}

export class LimitsConfig {
  @IsInt() @IsPositive() toolTimeoutMs!: number;
  @IsInt() @IsPositive() toolTimeoutMaxMs!: number;
  @IsInt() @IsPositive() toolOutputChars!: number;
  @IsInt() @IsPositive() rpcTimeoutMs!: number;
  @IsInt() @IsPositive() modelTimeoutMs!: number;
  /**
   * How long a model call that fails for a passing reason (429, 529, 5xx, a dropped connection
   * or stream) is tried again on its own before the founder is asked. Must stay under
   * `time.reservationTtlMs` (checked at load), so the call's budget reservation outlives the wait.
   */
  @IsInt() @IsPositive() modelBusyForMs = 600_000;
  /** The first retry's wait; each next one doubles, with jitter, up to modelRetryMaxMs, unless the API says how long. */
  @IsInt() @IsPositive() modelRetryBaseMs = 1000;
  /** The longest wait between two model calls, whatever retry-after asks. */
  @IsInt() @IsPositive() modelRetryMaxMs = 30_000;
  /** How many times a JetStream message is delivered before it is given up on. */
  @IsInt() @Min(1) @Max(100) maxDeliver!: number;
  @IsInt() @IsPositive() ackWaitMs!: number;
  @IsInt() @IsPositive() eventsMaxAgeDays!: number;
  /**
   * The EVENTS stream's duplicate window: a cheap first guard against an event published twice.
   * Publishing once does not rest on it (a long outage outlasts any window); a test shortens it to
   * prove that. nats-server refuses less than 100 ms.
   */
  @IsInt() @Min(100) eventsDuplicateWindowMs = 600_000;
}

export const SANDBOX_NETWORKS = ['none', 'outbound'] as const;
export type SandboxNetwork = (typeof SANDBOX_NETWORKS)[number];

export class SandboxConfig {
  /** Where the local provider keeps one workspace folder per run. */
  @IsString() dataDir!: string;
  /** Per command: what it may allocate (RLIMIT_DATA). */
  @IsInt() @IsPositive() memoryLimitMb!: number;
  /** Per process of a command: CPU seconds before it is stopped (RLIMIT_CPU). */
  @IsInt() @IsPositive() cpuSeconds = 600;
  /** Processes a sandbox may have at once (RLIMIT_NPROC, counted in the sandbox's own user namespace). */
  @IsInt() @IsPositive() maxProcesses = 256;
  /** The largest file a command may write (RLIMIT_FSIZE). */
  @IsInt() @IsPositive() maxFileSizeMb = 1024;
  /** none: no network at all; outbound: the internet, never the host's own addresses. */
  @IsIn(SANDBOX_NETWORKS) network: SandboxNetwork = 'none';
  /** Run commands on the host when bubblewrap is missing (a warning at every start); never for founders' code. */
  @IsBoolean() allowUnconfined = false;
  /** Variables a command sees besides PATH, HOME, LANG and TERM; nothing of the executor's own environment. */
  @IsObject() env: Record<string, string> = {};
  /** A turn that changed files takes a snapshot when the last one is older than this. */
  @IsInt() @IsPositive() snapshotEveryMs = 600_000;
  /** Snapshots kept per run; older ones are deleted. */
  @IsInt() @Min(1) snapshotsKept = 3;
  /** How long the snapshots of an ended run are kept. */
  @IsInt() @IsPositive() snapshotRetentionMs = 7 * 24 * 3_600_000;
  /** Folder names left out of snapshots wherever they are: reinstalled, not restored. */
  @IsArray() @IsString({ each: true }) snapshotExclude: string[] = ['node_modules', '.venv', '__pycache__'];
  /** The e2b template new sandboxes start from. */
  @IsString() e2bTemplate = 'base';
}

/** The gateway's founder streams (docs/events.md). */
export class SseConfig {
  /**
   * Events a client may have waiting behind a socket that stopped taking them; past this it
   * is dropped (its browser reconnects with Last-Event-ID and replays), so it never slows
   * the other clients of its run nor grows the gateway's memory.
   */
  @IsInt() @Min(1) clientBufferEvents = 512;
  /** The per-run feed's idle heartbeat from NATS: two missed, and the feed is set up again from its last event. */
  @IsInt() @Min(500) @Max(30_000) feedHeartbeatMs = 2_000;
}

/** Prompt caching of each model call (docs/configuration.md). */
export class CachingConfig {
  /** Off: no request asks for caching, every turn pays full input price for the whole history. */
  @IsBoolean() enabled = true;
  /** A run whose last model call is further back than this asks for the 1-hour cache instead of the 5-minute one. */
  @IsInt() @IsPositive() longTtlAfterGapMs = 240_000;
}

export class CofounderConfig {
  /** Validated entry by entry in parseConfig: class-validator does not walk plain records. */
  @IsObject() models!: Record<string, ModelConfig>;
  @IsObject() tiers!: Record<string, TierConfig>;
  @IsString() defaultTier!: string;
  /** A founder without a subscription has periods of this many pacing days. */
  @IsInt() @Min(1) periodDays = 30;
  @ValidateNested() @Type(() => TimeConfig) time!: TimeConfig;
  @ValidateNested() @Type(() => LimitsConfig) limits!: LimitsConfig;
  @ValidateNested() @Type(() => SandboxConfig) sandbox!: SandboxConfig;
  @ValidateNested() @Type(() => SseConfig) sse: SseConfig = new SseConfig();
  @ValidateNested() @Type(() => CachingConfig) caching: CachingConfig = new CachingConfig();
  @IsOptional() @IsString() demoGoal?: string;
}

/** A run's tier as configured, or the default tier's when the tier was removed since the run began. */
export function tierOf(config: CofounderConfig, tier: string): TierConfig {
  return config.tiers[tier] ?? config.tiers[config.defaultTier];
}
