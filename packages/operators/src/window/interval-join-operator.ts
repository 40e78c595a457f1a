import { defineTwoInputOperator } from '../api/define-operator.js';
import type { TwoInputOperator } from '../api/operator.js';
import type { TwoInputOperatorFactory } from '../api/operator-factory.js';
import type { OperatorContext } from '../api/operator-context.js';
import type { Collector, Output } from '../api/output.js';
import type { StreamRecord } from '../api/stream-record.js';
import { WeirError } from '../errors/weir-error.js';
import type { MapState } from '../state/keyed-state.js';
import { mapState } from '../state/state-descriptor.js';
import type { Timer, TimerService } from '../time/timer.js';
import type { IntervalJoinBounds, IntervalJoinContext, ProcessJoinFn } from './interval-join.js';
import { OwnedValues } from './owned-values.js';

/** The keyed map states buffering each side, keyed by event timestamp. */
const INTERVAL_JOIN_LEFT_STATE = 'interval-join-left';
const INTERVAL_JOIN_RIGHT_STATE = 'interval-join-right';

/**
 * Joins two keyed streams (keyed alike) on time, as Flink's interval join does: a left
 * record at `tl` and a right record at `tr` of the same key are joined when `tr − tl` lies
 * within [lowerBound, upperBound] (each end inclusive or not), whichever arrives first.
 *
 * - Each side is buffered in keyed map state keyed by timestamp (a list of values per
 *   timestamp, grown in place until a checkpoint can see it: see {@link OwnedValues}); every
 *   record is buffered and matched against the other side's whole buffer for its key.
 * - A pair is emitted with the later of the two timestamps.
 * - A record whose timestamp is below the current watermark is late and dropped (Flink's
 *   rule); a record without a timestamp throws ERR_WINDOW_NO_TIMESTAMP.
 * - Cleanup timers (event time) free a buffered timestamp once no future record can join
 *   it: a left record at tl + max(upperBound, 0), a right record at tr + max(−lowerBound, 0).
 *   The buffered timestamp travels in the timer's namespace, so cleanup never depends on
 *   inverting floating-point arithmetic.
 */
export function intervalJoinOperator<L, R, O>(bounds: IntervalJoinBounds, fn: ProcessJoinFn<L, R, O>): TwoInputOperatorFactory<L, R, O> {
  validateBounds(bounds);
  return defineTwoInputOperator<L, R, O>({
    name: 'IntervalJoin',
    requiresKeyedInput: true,
    create: () => new IntervalJoinOperator<L, R, O>(bounds, fn),
  });
}

function validateBounds(b: IntervalJoinBounds): void {
  const { lowerBound: lo, upperBound: hi } = b;
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
    throw new WeirError('ERR_CONFIG_INVALID', `interval join bounds must be finite numbers of milliseconds, got [${lo}, ${hi}]`, { domain: 'user' });
  }
  if (lo > hi || (lo === hi && !(b.lowerBoundInclusive && b.upperBoundInclusive))) {
    throw new WeirError('ERR_CONFIG_INVALID', `interval join bounds [${lo}, ${hi}] (with their inclusivity) select no interval: lowerBound must not exceed upperBound`, {
      domain: 'user',
    });
  }
}

/** The one context and collector handed to the join function for every pair. */
class JoinContext<O> implements IntervalJoinContext, Collector<O> {
  leftTimestamp = Number.NaN;
  rightTimestamp = Number.NaN;
  timestamp = Number.NaN;
  out: Output<O> | undefined;

  collect(value: O): void {
    this.out!.collect(value, this.timestamp);
  }
}

class IntervalJoinOperator<L, R, O> implements TwoInputOperator<L, R, O> {
  private readonly lower: number;
  private readonly upper: number;
  private readonly lowerInclusive: boolean;
  private readonly upperInclusive: boolean;
  /** How long after its own timestamp a buffered record may still find a partner. */
  private readonly leftRetention: number;
  private readonly rightRetention: number;
  private readonly joinCtx = new JoinContext<O>();
  private readonly owned = new OwnedValues();
  private op!: OperatorContext;
  private timers!: TimerService;
  private left!: MapState<number, L[]>;
  private right!: MapState<number, R[]>;

  constructor(
    bounds: IntervalJoinBounds,
    private readonly fn: ProcessJoinFn<L, R, O>,
  ) {
    this.lower = bounds.lowerBound;
    this.upper = bounds.upperBound;
    this.lowerInclusive = bounds.lowerBoundInclusive;
    this.upperInclusive = bounds.upperBoundInclusive;
    this.leftRetention = Math.max(bounds.upperBound, 0);
    this.rightRetention = Math.max(-bounds.lowerBound, 0);
  }

  open(ctx: OperatorContext): void {
    this.op = ctx;
    this.timers = ctx.timers;
    this.left = ctx.getState(mapState<number, L[]>(INTERVAL_JOIN_LEFT_STATE));
    this.right = ctx.getState(mapState<number, R[]>(INTERVAL_JOIN_RIGHT_STATE));
  }

  processElement1(record: StreamRecord<L>, out: Output<O>): void {
    const tl = record.timestamp;
    if (this.isLate(tl, 'left')) return;
    const value = record.value;
    this.buffer(this.left, tl, value);
    const c = this.joinCtx;
    c.out = out;
    c.leftTimestamp = tl;
    for (const [tr, rights] of this.right.entries()) {
      if (!this.inBounds(tr - tl)) continue;
      c.rightTimestamp = tr;
      c.timestamp = tr > tl ? tr : tl;
      for (const r of rights) this.fn(value, r, c, c);
    }
    this.timers.registerEventTimeTimer(tl + this.leftRetention, `L${tl}`);
  }

  processElement2(record: StreamRecord<R>, out: Output<O>): void {
    const tr = record.timestamp;
    if (this.isLate(tr, 'right')) return;
    const value = record.value;
    this.buffer(this.right, tr, value);
    const c = this.joinCtx;
    c.out = out;
    c.rightTimestamp = tr;
    for (const [tl, lefts] of this.left.entries()) {
      if (!this.inBounds(tr - tl)) continue;
      c.leftTimestamp = tl;
      c.timestamp = tr > tl ? tr : tl;
      for (const l of lefts) this.fn(l, value, c, c);
    }
    this.timers.registerEventTimeTimer(tr + this.rightRetention, `R${tr}`);
  }

  /** The join has no state of its own besides keyed state and timers. */
  snapshotState(): undefined {
    this.owned.checkpoint();
    return undefined;
  }

  onTimer(timer: Timer): void {
    if (timer.domain !== 'event-time') return;
    const ns = timer.namespace;
    const ts = Number(ns.slice(1));
    if (ns.startsWith('L')) this.left.remove(ts);
    else if (ns.startsWith('R')) this.right.remove(ts);
  }

  /** Whether right.ts − left.ts lies within the bounds (one expression for both arrival orders). */
  private inBounds(d: number): boolean {
    if (this.lowerInclusive ? d < this.lower : d <= this.lower) return false;
    return this.upperInclusive ? d <= this.upper : d < this.upper;
  }

  /** Appends a value to the list buffered under its timestamp. */
  private buffer<T>(state: MapState<number, T[]>, timestamp: number, value: T): void {
    const list = state.get(timestamp);
    if (list === undefined) {
      state.put(timestamp, this.owned.own([value]));
    } else {
      const writable = this.owned.writableList(list);
      writable.push(value);
      state.put(timestamp, writable);
    }
  }

  private isLate(timestamp: number, side: 'left' | 'right'): boolean {
    if (Number.isNaN(timestamp)) {
      throw new WeirError(
        'ERR_WINDOW_NO_TIMESTAMP',
        `step '${this.op.stepId}': a ${side} record without a timestamp reached an interval join; ` +
          'assign timestamps in the source’s WatermarkStrategy (withTimestampAssigner)',
        { domain: 'user', stepId: this.op.stepId },
      );
    }
    return timestamp < this.op.currentWatermark();
  }
}
