/** rxjs interop: an Observable source with a bounded buffer, and an Observable sink. */
export { observableSource, type ObservableSource, type ObservableSourceStats } from './observable-source.js';
export { observableSink, type ObservableSink } from './observable-sink.js';
export type { ObservableSourceOptions, OverflowPolicy } from './config.js';
