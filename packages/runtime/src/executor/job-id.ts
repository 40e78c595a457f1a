import { randomBytes } from 'node:crypto';

/** A job id: 32 lowercase hex characters, as Flink's JobID. */
export type JobId = string & { readonly __brand: 'JobId' };

/** A fresh job id (the one place a run is allowed randomness: it names the run, not data). */
export function newJobId(): JobId {
  return randomBytes(16).toString('hex') as JobId;
}
