import { WeirError } from '../errors/weir-error.js';
import type { Source } from '../source/source.js';
import type { WatermarkStrategy } from '../source/watermark-strategy.js';
import type { Key } from './key.js';
import { DEFAULT_MAX_PARALLELISM } from './key.js';
import type { OneInputOperatorFactory, TwoInputOperatorFactory } from './operator-factory.js';

/**
 * How records travel along an edge: `forward` keeps subtask i → subtask i (and may chain),
 * `rebalance` round-robins, `hash` routes by key group, `broadcast` copies to every subtask,
 * `default` becomes `forward` when both ends have the same parallelism, else `rebalance`.
 */
export type PartitionKind = 'default' | 'forward' | 'rebalance' | 'hash' | 'broadcast';

/** An edge into a node. */
export interface LogicalEdge {
  /** The upstream node's id. */
  readonly from: number;
  /** Set when the edge reads a side output of the upstream node. */
  readonly sideOutput: string | undefined;
  readonly partition: PartitionKind;
  /** The key of each record, for `hash` edges. */
  readonly keySelector: ((value: unknown) => Key) | undefined;
  /** Which input of a two-input operator the edge feeds (0 for one-input operators). */
  readonly input: 0 | 1;
}

/** What a node runs. */
export type NodeOperator =
  | { readonly kind: 'source'; readonly source: Source<unknown>; readonly watermarks: WatermarkStrategy<unknown> }
  | { readonly kind: 'one-input'; readonly factory: OneInputOperatorFactory<unknown, unknown>; readonly isSink: boolean }
  | { readonly kind: 'two-input'; readonly factory: TwoInputOperatorFactory<unknown, unknown, unknown> };

/** A node of the logical graph: one step of the job as its author wrote it. */
export interface LogicalNode {
  readonly id: number;
  readonly stepId: string;
  /** What the operator is ("Map", "Source: nexmark", …). */
  readonly name: string;
  readonly operator: NodeOperator;
  readonly inputs: readonly LogicalEdge[];
  /** Parallel instances; undefined takes the environment's default. */
  parallelism: number | undefined;
}

const STEP_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/**
 * The graph a job author builds through `StreamEnvironment`: nodes in creation order
 * (which is a topological order for graphs built with the fluent API). Validated before a
 * job runs; the runtime turns it into a job graph with chained tasks.
 */
export class LogicalGraph {
  readonly nodes: LogicalNode[] = [];
  private readonly byStepId = new Map<string, LogicalNode>();

  constructor(
    /** Default parallelism of nodes that do not set their own. */
    public parallelism = 1,
    /** Number of key groups: the upper bound of any keyed node's parallelism. */
    public maxParallelism = DEFAULT_MAX_PARALLELISM,
  ) {}

  /** Adds a node; a duplicate or malformed step id is rejected right away. */
  addNode(stepId: string, name: string, operator: NodeOperator, inputs: readonly LogicalEdge[]): LogicalNode {
    if (typeof stepId !== 'string' || !STEP_ID.test(stepId)) {
      throw new WeirError(
        'ERR_GRAPH_INVALID_STEP_ID',
        `step id ${JSON.stringify(stepId)} is invalid: use 1–128 characters from [A-Za-z0-9._:-], starting with a letter or digit`,
        { domain: 'user' },
      );
    }
    if (this.byStepId.has(stepId)) {
      throw new WeirError('ERR_GRAPH_DUPLICATE_STEP_ID', `step id '${stepId}' is used twice: every step of a job needs its own id`, {
        domain: 'user',
        stepId,
      });
    }
    const node: LogicalNode = { id: this.nodes.length, stepId, name, operator, inputs, parallelism: undefined };
    this.nodes.push(node);
    this.byStepId.set(stepId, node);
    return node;
  }

  /** The node with this step id. */
  node(stepId: string): LogicalNode | undefined {
    return this.byStepId.get(stepId);
  }

  /** A node's parallelism after defaults. */
  parallelismOf(node: LogicalNode): number {
    return node.parallelism ?? this.parallelism;
  }
}
