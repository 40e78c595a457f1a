/**
 * @weir/operators/engine — the pieces every executor shares: heap keyed state, timers,
 * broadcast state, and the runners that drive one operator instance through its lifecycle.
 * The runtime builds on it; job authors use `@weir/operators` and `@weir/operators/testing`.
 */
export { HeapKeyedStateBackend, type HeapKeyedStateBackendOptions } from './heap-keyed-state-backend.js';
export type { KeyedStateSnapshot, KeyGroupStateSnapshot, StateSnapshot, KeyedStateEntrySnapshot, StateKind } from './keyed-state-snapshot.js';
export { HeapTimerService, type HeapTimerServiceOptions } from './heap-timer-service.js';
export type { TimersSnapshot, KeyGroupTimersSnapshot, TimerSnapshotEntry } from './timers-snapshot.js';
export { BroadcastStateStore, type BroadcastStateSnapshot } from './broadcast-state-store.js';
export { OperatorRunner, type OperatorRunnerOptions } from './operator-runner.js';
export { OneInputOperatorRunner, type OneInputOperatorRunnerOptions } from './one-input-operator-runner.js';
export { TwoInputOperatorRunner, type TwoInputOperatorRunnerOptions } from './two-input-operator-runner.js';
export { type OperatorSnapshot, operatorSnapshotForSubtask } from './operator-snapshot.js';
