import type { StreamEnvironment } from './stream-environment.js';

/** Arguments a job is started with (the REST API's programArg, the CLI's trailing words). */
export type JobArgs = Readonly<Record<string, string>>;

/**
 * The default export of a job module: builds the job's graph on `env` from `args`.
 * It runs once in the client and again in every worker, so it must be deterministic and
 * free of side effects (no I/O, no random ids, no clock reads).
 */
export type JobBuilder = (env: StreamEnvironment, args: JobArgs) => void;

/** Declares a job module's builder with its type checked. */
export function defineJob(builder: JobBuilder): JobBuilder {
  return builder;
}
