/**
 * The closed registry of Weir's error codes (`ERR_<AREA>_<REASON>`). Every code is
 * documented in docs/errors.md; a test keeps the two in step.
 */
export const errorCodes = {
  ERR_GRAPH_DUPLICATE_STEP_ID: 'Two nodes of a job graph use the same step id.',
  ERR_GRAPH_INVALID_STEP_ID: 'A step id is empty or contains characters outside [A-Za-z0-9._-].',
  ERR_GRAPH_CYCLE: 'The job graph has a cycle.',
  ERR_GRAPH_KEYED_INPUT_REQUIRED: 'A keyed operator (window, keyed process, keyed state) is applied to a stream that is not keyed.',
  ERR_GRAPH_INVALID: 'The job graph is malformed (unknown input, bad parallelism, missing source or sink).',
  ERR_CONFIG_INVALID: 'A configuration value is missing or out of range.',
  ERR_USER_FUNCTION: 'A user function or operator threw while processing.',
  ERR_STATE_NOT_KEYED: 'Keyed state or timers were used outside a keyed context.',
  ERR_STATE_UNKNOWN: 'A state descriptor was redeclared with another kind, or restored state is malformed.',
  ERR_WINDOW_NO_TIMESTAMP: 'A record reached an event-time window without a timestamp.',
  ERR_SOURCE_OVERFLOW: 'A bounded buffer of a source overflowed under the "error" policy.',
  ERR_SOURCE_FAILED: 'A source failed while reading.',
  ERR_CHECKPOINT_STATE_UNMAPPED: 'A checkpoint or savepoint holds state of steps the job no longer has (allowNonRestoredState drops it).',
  ERR_CHECKPOINT_DECLINED: 'A checkpoint failed: a task could not take or upload its snapshot, it timed out, or the job stopped first.',
  ERR_SINK_STORAGE: 'A sink could not write, commit or delete in its storage (S3, files).',
  ERR_KAFKA_DESERIALIZE: 'A Kafka record could not be deserialized and the source has no dead-letter topic.',
  ERR_KAFKA_PRODUCE: 'A Kafka producer (sink, or a source sending to its dead-letter topic) could not send.',
  ERR_KAFKA_TRANSACTION: 'An exactly-once Kafka sink could not commit an epoch in a transaction (it was aborted; recovery re-commits it).',
  ERR_JOB_FAILED: 'A job failed; the cause names the step and the original error.',
  ERR_JOB_MODULE_INVALID: 'A job module does not export a graph-building default function.',
  ERR_CHECKPOINT_STORAGE: 'Checkpoint storage (a local directory or S3) failed to read, write, list or delete.',
  ERR_CHECKPOINT_CORRUPT: 'Checkpoint metadata or a state path is malformed: wrong magic, version, length or checksum.',
  ERR_CHECKPOINT_NOT_FOUND: 'No completed checkpoint or savepoint (no _metadata), or no state file, at the given location.',
  ERR_POSTGRES_COMMIT: 'A PostgreSQL sink could not commit an epoch (its transaction rolled back; the epoch stays staged and the restarted job re-commits it).',
  ERR_POSTGRES_QUERY: 'A PostgreSQL source or connector query failed (connection, permission, or a bad query or column).',
  ERR_RUNTIME_INTERNAL: 'An invariant of the runtime was broken: a bug in Weir.',
  ERR_TEST_INJECTED_FAILURE: 'A failure injected on purpose by a test source.',
} as const;

/** One of Weir's error codes. */
export type ErrorCode = keyof typeof errorCodes;
