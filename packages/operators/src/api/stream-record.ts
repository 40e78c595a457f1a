/**
 * A record moving through a job: a value and its event timestamp (`NaN` when it has none).
 *
 * The runtime reuses record objects between calls (as Flink does with object reuse): a
 * record passed to an operator is valid only for the duration of that call. An operator
 * that keeps data for later stores `record.value` and `record.timestamp`, not the record.
 */
export interface StreamRecord<T> {
  value: T;
  timestamp: number;
}
