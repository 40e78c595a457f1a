import type { LogicalNode } from './logical-graph.js';

/** One upstream output a stream reads: a node's main output or one of its side outputs. */
export interface Port {
  readonly node: LogicalNode;
  readonly sideOutput: string | undefined;
}
