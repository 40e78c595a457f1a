import type { Key } from '../api/key.js';
import type { OperatorContext } from '../api/operator-context.js';
import type { Collector, Output } from '../api/output.js';
import type { OutputTag } from '../api/output-tag.js';
import type { MapStateDescriptor } from '../state/state-descriptor.js';
import type { MapState } from '../state/keyed-state.js';
import type { TimeDomain, TimerService } from '../time/timer.js';

/**
 * The one mutable context object a function-based operator hands to its user function on
 * every call (no allocation per record). It satisfies every *Context interface of
 * functions/process-fn.ts; the operator updates `out` and `timestamp` before each call.
 */
export class FnContext<O> implements Collector<O> {
  out: Output<O> | undefined;
  timestamp = Number.NaN;
  domain: TimeDomain = 'event-time';
  private op: OperatorContext | undefined;

  bind(op: OperatorContext): void {
    this.op = op;
  }
  private get ctx(): OperatorContext {
    if (this.op === undefined) throw new Error('the operator was not opened');
    return this.op;
  }
  collect(value: O): void {
    this.out!.collect(value, this.timestamp);
  }
  output<S>(tag: OutputTag<S>, value: S): void {
    this.out!.collectSide(tag, value, this.timestamp);
  }
  currentWatermark(): number {
    return this.ctx.currentWatermark();
  }
  currentProcessingTime(): number {
    return this.ctx.clock.now();
  }
  get key(): Key {
    return this.ctx.currentKey();
  }
  get timers(): TimerService {
    return this.ctx.timers;
  }
  getBroadcastState<K extends string | number, V>(descriptor: MapStateDescriptor<K, V>): MapState<K, V> {
    return this.ctx.getBroadcastState(descriptor);
  }
  /** Sets the context for a firing timer: event-time timers stamp their output with their time. */
  forTimer(out: Output<O>, timestamp: number, domain: TimeDomain): void {
    this.out = out;
    this.domain = domain;
    this.timestamp = domain === 'event-time' ? timestamp : Number.NaN;
  }
}

/**
 * The lifecycle every function-based operator shares: `open` binds the context and opens
 * the user's function, `close` closes it.
 */
export function fnLifecycle<O>(c: FnContext<O>, fn: { open?(ctx: OperatorContext): void | Promise<void>; close?(): void | Promise<void> }) {
  return {
    open(ctx: OperatorContext): void | Promise<void> {
      c.bind(ctx);
      return fn.open?.(ctx);
    },
    close: (): void | Promise<void> => fn.close?.(),
  };
}
