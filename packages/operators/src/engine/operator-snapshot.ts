import { keyGroupRange } from '../api/key.js';
import { WeirError } from '../errors/weir-error.js';
import type { BroadcastStateSnapshot } from './broadcast-state-store.js';
import { selectKeyedStateGroups, type KeyedStateSnapshot } from './keyed-state-snapshot.js';
import { selectTimerGroups, type TimersSnapshot } from './timers-snapshot.js';

/**
 * The state of one operator instance at a checkpoint, keyed by its step id. Plain data
 * (structured clone and msgpack safe); the parts that do not exist are left out.
 */
export interface OperatorSnapshot {
  readonly stepId: string;
  /** What the operator's own `snapshotState` returned (absent when it has none or returned undefined). */
  readonly operatorState?: unknown;
  /** Keyed state: present for keyed operators. */
  readonly keyed?: KeyedStateSnapshot;
  /** Timers: present for keyed operators. */
  readonly timers?: TimersSnapshot;
  /** Broadcast state: present when the operator declared (or restored) any. */
  readonly broadcast?: BroadcastStateSnapshot;
  /**
   * Restore input only: after a change of parallelism, the operator states of the old
   * subtasks this subtask takes over (old i → new i % parallelism), each handed to
   * `restoreState` in turn; possibly none.
   */
  readonly operatorStates?: readonly unknown[];
}

/**
 * What subtask `subtaskIndex` of a step running at `parallelism` restores from the
 * snapshots its step's old subtasks took (`snapshots[i]` from old subtask i, all of them):
 * the keyed state and timers of the key groups it now owns (Flink's rule, see
 * `keyGroupRange`), the broadcast state of the first old subtask, and the operator state:
 * at an unchanged parallelism the old subtask's with the same index; after a rescale those
 * of the old subtasks i with i % parallelism === subtaskIndex (`operatorStates`), so that
 * list-like operator state (pending commits, source splits) is spread, never lost.
 *
 * Returns undefined when there is nothing to restore (`snapshots` is empty).
 *
 * @throws WeirError ERR_STATE_UNKNOWN when the snapshots belong to different steps.
 */
export function operatorSnapshotForSubtask(
  snapshots: readonly OperatorSnapshot[],
  subtaskIndex: number,
  parallelism: number,
  maxParallelism: number,
): OperatorSnapshot | undefined {
  const first = snapshots[0];
  if (first === undefined) return undefined;
  const stepId = first.stepId;
  for (const s of snapshots) {
    if (s.stepId !== stepId) throw new WeirError('ERR_STATE_UNKNOWN', `snapshots of steps '${stepId}' and '${s.stepId}' cannot be restored together`, { stepId });
  }
  const range = keyGroupRange(subtaskIndex, maxParallelism, parallelism);
  const keyed = snapshots.flatMap((s) => (s.keyed === undefined ? [] : [s.keyed]));
  const timers = snapshots.flatMap((s) => (s.timers === undefined ? [] : [s.timers]));
  const broadcast = snapshots.find((s) => s.broadcast !== undefined)?.broadcast;
  const rescaled = snapshots.length !== parallelism;
  const operatorState = rescaled ? undefined : snapshots[subtaskIndex]?.operatorState;
  const operatorStates = rescaled
    ? snapshots.filter((s, i) => i % parallelism === subtaskIndex && s.operatorState !== undefined).map((s) => s.operatorState)
    : undefined;
  return {
    stepId,
    ...(operatorState !== undefined && { operatorState }),
    ...(operatorStates !== undefined && { operatorStates }),
    ...(keyed.length > 0 && { keyed: selectKeyedStateGroups(keyed, range, maxParallelism) }),
    ...(timers.length > 0 && { timers: selectTimerGroups(timers, range, maxParallelism) }),
    ...(broadcast !== undefined && { broadcast }),
  };
}
