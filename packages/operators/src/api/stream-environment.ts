import { WeirError } from '../errors/weir-error.js';
import { collectionSource } from '../source/collection-source.js';
import type { Source } from '../source/source.js';
import { WatermarkStrategy } from '../source/watermark-strategy.js';
import { DataStream } from './data-stream.js';
import { DEFAULT_MAX_PARALLELISM } from './key.js';
import { LogicalGraph } from './logical-graph.js';

/** Options of a {@link StreamEnvironment}. */
export interface StreamEnvironmentOptions {
  /** Default number of parallel instances per step (1). */
  readonly parallelism?: number;
  /** Number of key groups, the upper bound of keyed parallelism (128). */
  readonly maxParallelism?: number;
}

/**
 * Where a job's graph is built. A job module's default export receives one and adds
 * sources, transformations and sinks to it; building must be deterministic and free of
 * side effects, because every worker builds the same graph again.
 */
export class StreamEnvironment {
  readonly graph: LogicalGraph;

  constructor(options: StreamEnvironmentOptions = {}) {
    const parallelism = options.parallelism ?? 1;
    const maxParallelism = options.maxParallelism ?? DEFAULT_MAX_PARALLELISM;
    if (!Number.isInteger(parallelism) || parallelism < 1) {
      throw new WeirError('ERR_CONFIG_INVALID', `parallelism must be a positive integer, got ${parallelism}`, { domain: 'user' });
    }
    this.graph = new LogicalGraph(parallelism, maxParallelism);
  }

  /** The default parallelism of steps that do not set their own. */
  get parallelism(): number {
    return this.graph.parallelism;
  }

  /** Adds a source. Without a watermark strategy records carry no event time. */
  fromSource<T>(stepId: string, source: Source<T>, watermarks: WatermarkStrategy<T> = WatermarkStrategy.noWatermarks<T>()): DataStream<T> {
    const node = this.graph.addNode(
      stepId,
      `Source: ${source.name}`,
      { kind: 'source', source: source as Source<unknown>, watermarks: watermarks as WatermarkStrategy<unknown> },
      [],
    );
    return new DataStream<T>(this.graph, [{ node, sideOutput: undefined }]);
  }

  /** Adds a bounded source over an array (split across parallel subtasks). */
  fromCollection<T>(stepId: string, values: readonly T[], watermarks?: WatermarkStrategy<T>): DataStream<T> {
    return this.fromSource(stepId, collectionSource(values), watermarks);
  }
}
