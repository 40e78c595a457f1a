import { WeirError } from '@weir/operators';

/** What an Observable source does when its buffer is full and the Observable keeps emitting. */
export type OverflowPolicy = 'error' | 'drop-oldest';

/** Options of {@link observableSource}. */
export interface ObservableSourceOptions {
  /** Records buffered per subtask between the Observable and the job (required: no unbounded buffers). */
  readonly bufferSize: number;
  /** 'error' fails the job with ERR_SOURCE_OVERFLOW; 'drop-oldest' drops and counts. */
  readonly overflow: OverflowPolicy;
  /** Whether the Observable completes (bounded) or runs until the job is cancelled. */
  readonly boundedness?: 'bounded' | 'unbounded';
  readonly name?: string;
}

/** Validated options. */
export interface ObservableSourceConfig {
  readonly bufferSize: number;
  readonly overflow: OverflowPolicy;
  readonly boundedness: 'bounded' | 'unbounded';
  readonly name: string;
}

/** Validates options when the source is constructed; bad values fail with ERR_CONFIG_INVALID. */
export function observableSourceConfig(o: ObservableSourceOptions): ObservableSourceConfig {
  if (!Number.isInteger(o.bufferSize) || o.bufferSize < 1) {
    throw new WeirError('ERR_CONFIG_INVALID', `observableSource bufferSize must be a positive integer, got ${o.bufferSize}`, { domain: 'user' });
  }
  if (o.overflow !== 'error' && o.overflow !== 'drop-oldest') {
    throw new WeirError('ERR_CONFIG_INVALID', `observableSource overflow must be 'error' or 'drop-oldest', got ${String(o.overflow)}`, { domain: 'user' });
  }
  return { bufferSize: o.bufferSize, overflow: o.overflow, boundedness: o.boundedness ?? 'bounded', name: o.name ?? 'observable' };
}
