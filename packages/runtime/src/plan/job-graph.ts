import { createHash } from 'node:crypto';
import { validateGraph, type Key, type LogicalGraph, type LogicalNode, type PartitionKind } from '@weir/operators';

/** A 32-character hex id (Flink's JobVertexID format), derived from the head step id. */
export type VertexId = string & { readonly __brand: 'VertexId' };

/** An edge between two job vertices (an exchange between tasks). */
export interface JobEdge {
  readonly id: number;
  readonly fromVertex: VertexId;
  /** The node inside the upstream vertex that emits into the edge. */
  readonly fromNode: number;
  readonly sideOutput: string | undefined;
  readonly toVertex: VertexId;
  /** Always the head node of the downstream vertex. */
  readonly toNode: number;
  readonly input: 0 | 1;
  readonly partition: Exclude<PartitionKind, 'default'>;
  readonly keySelector: ((value: unknown) => Key) | undefined;
}

/** A chain of operators that run together in one task, calling each other directly. */
export interface JobVertex {
  readonly id: VertexId;
  /** "Source: x -> Map -> Filter", for plans and the dashboard. */
  readonly name: string;
  readonly parallelism: number;
  readonly maxParallelism: number;
  /** The first node; the only one with inputs from other vertices. */
  readonly head: number;
  /** Every node of the chain, head first, in topological order. */
  readonly nodes: readonly number[];
  readonly inputs: readonly JobEdge[];
  readonly outputs: readonly JobEdge[];
}

/** The executable plan: vertices of chained operators and the exchanges between them. */
export interface JobGraph {
  readonly logical: LogicalGraph;
  readonly vertices: readonly JobVertex[];
  readonly edges: readonly JobEdge[];
  /** Per logical node: the vertex it runs in. */
  readonly vertexOfNode: ReadonlyMap<number, VertexId>;
  /** A digest of the structure, so that every worker can check it built the same graph. */
  readonly fingerprint: string;
}

/** Derives a vertex id from a step id: stable across runs, so savepoints and URLs keep it. */
export function vertexIdOf(stepId: string): VertexId {
  return createHash('sha256').update(`weir-vertex:${stepId}`).digest('hex').slice(0, 32) as VertexId;
}

/**
 * Turns a validated logical graph into a job graph. A node joins its input's chain when it
 * has exactly one input, the edge is forward (explicitly, or by default between equal
 * parallelisms) and the upstream is not a sink; everything else starts a new vertex.
 */
export function buildJobGraph(graph: LogicalGraph): JobGraph {
  const order = validateGraph(graph);
  const p = (n: LogicalNode): number => graph.parallelismOf(n);
  const resolve = (from: LogicalNode, to: LogicalNode, partition: PartitionKind): Exclude<PartitionKind, 'default'> =>
    partition === 'default' ? (p(from) === p(to) ? 'forward' : 'rebalance') : partition;

  const headOf = new Map<number, number>();
  const members = new Map<number, number[]>();
  for (const node of order) {
    const [only, ...more] = node.inputs;
    const from = only === undefined ? undefined : graph.nodes[only.from]!;
    const chainable =
      only !== undefined &&
      more.length === 0 &&
      node.operator.kind === 'one-input' &&
      from !== undefined &&
      !(from.operator.kind === 'one-input' && from.operator.isSink) &&
      resolve(from, node, only.partition) === 'forward';
    const head = chainable ? headOf.get(from!.id)! : node.id;
    headOf.set(node.id, head);
    if (!members.has(head)) members.set(head, []);
    members.get(head)!.push(node.id);
  }

  const vertexOfNode = new Map<number, VertexId>();
  for (const [head, nodes] of members) {
    const id = vertexIdOf(graph.nodes[head]!.stepId);
    for (const n of nodes) vertexOfNode.set(n, id);
  }

  const edges: JobEdge[] = [];
  for (const node of order) {
    if (headOf.get(node.id) !== node.id) continue;
    for (const e of node.inputs) {
      const from = graph.nodes[e.from]!;
      edges.push({
        id: edges.length,
        fromVertex: vertexOfNode.get(from.id)!,
        fromNode: from.id,
        sideOutput: e.sideOutput,
        toVertex: vertexOfNode.get(node.id)!,
        toNode: node.id,
        input: e.input,
        partition: resolve(from, node, e.partition),
        keySelector: e.keySelector,
      });
    }
  }

  const vertices: JobVertex[] = [...members].map(([head, nodes]) => {
    const id = vertexOfNode.get(head)!;
    const headNode = graph.nodes[head]!;
    return {
      id,
      name: nodes.map((n) => graph.nodes[n]!.name).join(' -> '),
      parallelism: p(headNode),
      maxParallelism: graph.maxParallelism,
      head,
      nodes,
      inputs: edges.filter((e) => e.toVertex === id),
      outputs: edges.filter((e) => e.fromVertex === id),
    };
  });

  const fingerprint = createHash('sha256')
    .update(
      JSON.stringify([
        graph.maxParallelism,
        graph.nodes.map((n) => [n.stepId, n.name, p(n), n.inputs.map((e) => [e.from, e.sideOutput ?? '', e.partition, e.input])]),
      ]),
    )
    .digest('hex');
  return { logical: graph, vertices, edges, vertexOfNode, fingerprint };
}
