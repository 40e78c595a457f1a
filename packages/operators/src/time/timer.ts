import type { Key } from '../api/key.js';

/** Which clock a timer follows. */
export type TimeDomain = 'event-time' | 'processing-time';

/** A timer that fired: for its key (and namespace, for operators that need one, such as windows). */
export interface Timer {
  readonly timestamp: number;
  readonly domain: TimeDomain;
  readonly key: Key;
  readonly namespace: string;
}

/**
 * Timers of the current key. Registering the same (key, namespace, time) twice keeps one
 * timer. Event-time timers fire when the watermark reaches them, in timestamp order;
 * processing-time timers when the injected clock does.
 */
export interface TimerService {
  currentProcessingTime(): number;
  currentWatermark(): number;
  registerEventTimeTimer(timestamp: number, namespace?: string): void;
  registerProcessingTimeTimer(timestamp: number, namespace?: string): void;
  deleteEventTimeTimer(timestamp: number, namespace?: string): void;
  deleteProcessingTimeTimer(timestamp: number, namespace?: string): void;
}
