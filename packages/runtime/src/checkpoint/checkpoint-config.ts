import { WeirError } from '@weir/operators';

/** How a job checkpoints (Flink's execution.checkpointing.* options). */
export interface CheckpointConfig {
  /** Time between the start of two periodic checkpoints. */
  readonly intervalMs: number;
  /** A checkpoint not complete after this long fails (default 60 s). */
  readonly timeoutMs?: number;
  /** Least time between the end of one checkpoint and the start of the next (default 0). */
  readonly minPauseMs?: number;
  /** 'exactly-once' aligns barriers; 'at-least-once' does not (default exactly-once). */
  readonly mode?: 'exactly-once' | 'at-least-once';
  /** Completed checkpoints kept in storage (default 1). */
  readonly retained?: number;
}

/** A checkpoint configuration with defaults applied. */
export type ResolvedCheckpointConfig = Required<CheckpointConfig>;

/** Applies defaults and rejects bad values with ERR_CONFIG_INVALID. */
export function resolveCheckpointConfig(c: CheckpointConfig): ResolvedCheckpointConfig {
  const positive = (name: string, v: number, min: number): number => {
    if (!(Number.isFinite(v) && v >= min)) throw new WeirError('ERR_CONFIG_INVALID', `checkpoint ${name} must be a number >= ${min}, got ${v}`, { domain: 'user' });
    return v;
  };
  const mode = c.mode ?? 'exactly-once';
  if (mode !== 'exactly-once' && mode !== 'at-least-once') {
    throw new WeirError('ERR_CONFIG_INVALID', `checkpoint mode must be 'exactly-once' or 'at-least-once', got ${String(mode)}`, { domain: 'user' });
  }
  const retained = positive('retained', c.retained ?? 1, 1);
  if (!Number.isInteger(retained)) throw new WeirError('ERR_CONFIG_INVALID', `checkpoint retained must be an integer, got ${retained}`, { domain: 'user' });
  return {
    intervalMs: positive('intervalMs', c.intervalMs, 10),
    timeoutMs: positive('timeoutMs', c.timeoutMs ?? 60_000, 1),
    minPauseMs: positive('minPauseMs', c.minPauseMs ?? 0, 0),
    mode,
    retained,
  };
}
