// The first module a slot's worker thread loads. When Weir runs from its TypeScript sources
// (through tsx), a worker thread does not inherit the main thread's loader hooks on Node 20,
// so this plain-JavaScript entry registers tsx in the worker before importing the real entry.
import { workerData } from 'node:worker_threads';

if (workerData.entry.endsWith('.ts')) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import(workerData.entry);
