import { WeirError } from '../errors/weir-error.js';

/**
 * The ERR_STATE_NOT_KEYED error for `action` (e.g. "getState('count')") in step `stepId`.
 * It names the step, so `userFunctionError` passes it through unchanged instead of hiding
 * it behind ERR_USER_FUNCTION.
 */
export function notKeyedError(stepId: string, action: string, why: string): WeirError {
  return new WeirError('ERR_STATE_NOT_KEYED', `step '${stepId}': ${action} needs a keyed context, but ${why}`, {
    domain: 'user',
    stepId,
  });
}
