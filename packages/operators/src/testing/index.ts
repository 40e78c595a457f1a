/**
 * @weir/operators/testing — test tools for job and operator authors: operator harnesses
 * with a manual clock, snapshots and restore; a bounded test source that can inject a
 * failure; and a collecting sink.
 */
export { OneInputOperatorHarness, type OneInputOperatorHarnessOptions } from './one-input-operator-harness.js';
export { TwoInputOperatorHarness, type TwoInputOperatorHarnessOptions } from './two-input-operator-harness.js';
export type { OperatorHarnessOptions } from './abstract-operator-harness.js';
export type { OutputRecord } from './collecting-output.js';
export { createTestSource, TestSource, type TestSourceOptions } from './test-source.js';
export { CollectSink, collectSink, type CollectedRecord } from './collect-sink.js';
