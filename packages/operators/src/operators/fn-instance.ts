/**
 * Gives one parallel instance its own view of a user function object. Flink deserialises a
 * copy of the function for every subtask; here each instance gets an object whose prototype
 * is the user's, so whatever `open` stores on `this` (state handles, caches) belongs to that
 * instance alone, even when several subtasks run in the same thread. Module-level variables
 * a function closes over are still shared: keep per-instance data on `this` or in state.
 */
export function fnInstance<T extends object>(fn: T): T {
  return Object.create(fn) as T;
}
