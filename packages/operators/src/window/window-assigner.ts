import type { TimeWindow } from './time-window.js';
import type { TimeDomain } from '../time/timer.js';

/**
 * Assigns records to time windows. Tumbling and sliding windows are fixed; session windows
 * start as [t, t + gap) per record and merge when they overlap.
 */
export type WindowAssigner =
  | { readonly kind: 'tumbling'; readonly domain: TimeDomain; readonly size: number; readonly offset: number }
  | { readonly kind: 'sliding'; readonly domain: TimeDomain; readonly size: number; readonly slide: number; readonly offset: number }
  | { readonly kind: 'session'; readonly domain: TimeDomain; readonly gap: number };

const positive = (name: string, v: number): number => {
  if (!(Number.isFinite(v) && v > 0)) throw new RangeError(`${name} must be a positive number of milliseconds, got ${v}`);
  return v;
};
const offsetOk = (size: number, offset: number): number => {
  if (!(Number.isFinite(offset) && Math.abs(offset) < size)) throw new RangeError(`window offset must be smaller than its size`);
  return offset;
};

/** Fixed, non-overlapping event-time windows of `size` ms. */
export function tumblingEventTimeWindows(size: number, offset = 0): WindowAssigner {
  return { kind: 'tumbling', domain: 'event-time', size: positive('size', size), offset: offsetOk(size, offset) };
}
/** Fixed, non-overlapping processing-time windows of `size` ms. */
export function tumblingProcessingTimeWindows(size: number, offset = 0): WindowAssigner {
  return { kind: 'tumbling', domain: 'processing-time', size: positive('size', size), offset: offsetOk(size, offset) };
}
/** Event-time windows of `size` ms starting every `slide` ms. */
export function slidingEventTimeWindows(size: number, slide: number, offset = 0): WindowAssigner {
  return { kind: 'sliding', domain: 'event-time', size: positive('size', size), slide: positive('slide', slide), offset: offsetOk(slide, offset) };
}
/** Processing-time windows of `size` ms starting every `slide` ms. */
export function slidingProcessingTimeWindows(size: number, slide: number, offset = 0): WindowAssigner {
  return { kind: 'sliding', domain: 'processing-time', size: positive('size', size), slide: positive('slide', slide), offset: offsetOk(slide, offset) };
}
/** Event-time sessions: a key's session closes after `gap` ms without records. */
export function eventTimeSessionWindows(gap: number): WindowAssigner {
  return { kind: 'session', domain: 'event-time', gap: positive('gap', gap) };
}
/** Processing-time sessions. */
export function processingTimeSessionWindows(gap: number): WindowAssigner {
  return { kind: 'session', domain: 'processing-time', gap: positive('gap', gap) };
}

/** The windows a record with this timestamp belongs to (before any session merging). */
export function assignWindows(assigner: WindowAssigner, timestamp: number): TimeWindow[] {
  switch (assigner.kind) {
    case 'tumbling': {
      const rem = (timestamp - assigner.offset) % assigner.size;
      const start = rem < 0 ? timestamp - (rem + assigner.size) : timestamp - rem;
      return [{ start, end: start + assigner.size }];
    }
    case 'sliding': {
      const out: TimeWindow[] = [];
      const rem = (timestamp - assigner.offset) % assigner.slide;
      const last = rem < 0 ? timestamp - (rem + assigner.slide) : timestamp - rem;
      for (let start = last; start > timestamp - assigner.size; start -= assigner.slide) {
        out.push({ start, end: start + assigner.size });
      }
      return out;
    }
    case 'session':
      return [{ start: timestamp, end: timestamp + assigner.gap }];
  }
}
