import { WeirError } from '../errors/weir-error.js';
import type { LogicalGraph, LogicalNode } from './logical-graph.js';

const invalid = (message: string, stepId?: string): WeirError =>
  new WeirError('ERR_GRAPH_INVALID', message, { domain: 'user', ...(stepId !== undefined && { stepId }) });

/**
 * Checks a logical graph before it runs and throws a {@link WeirError} that names the
 * offending step: unknown inputs, cycles, keyed operators on non-keyed inputs, bad
 * parallelism, forward edges between different parallelisms, a graph without sources.
 * Returns the nodes in a topological order.
 */
export function validateGraph(graph: LogicalGraph): LogicalNode[] {
  const { nodes } = graph;
  if (nodes.length === 0) throw invalid('the job graph is empty: add a source with env.fromSource(...)');
  if (!Number.isInteger(graph.maxParallelism) || graph.maxParallelism < 1 || graph.maxParallelism > 32768) {
    throw new WeirError('ERR_CONFIG_INVALID', `maxParallelism must be an integer in 1…32768, got ${graph.maxParallelism}`, { domain: 'user' });
  }
  const seen = new Set<string>();
  for (const node of nodes) {
    if (seen.has(node.stepId)) {
      throw new WeirError('ERR_GRAPH_DUPLICATE_STEP_ID', `step id '${node.stepId}' is used twice`, { domain: 'user', stepId: node.stepId });
    }
    seen.add(node.stepId);
    const p = graph.parallelismOf(node);
    if (!Number.isInteger(p) || p < 1) throw invalid(`step '${node.stepId}' has parallelism ${p}; it must be a positive integer`, node.stepId);
    const isSource = node.operator.kind === 'source';
    if (isSource && node.inputs.length > 0) throw invalid(`source '${node.stepId}' cannot have inputs`, node.stepId);
    if (!isSource && node.inputs.length === 0) throw invalid(`step '${node.stepId}' has no input`, node.stepId);
    for (const edge of node.inputs) {
      const from = nodes[edge.from];
      if (from === undefined) throw invalid(`step '${node.stepId}' reads from unknown node #${edge.from}`, node.stepId);
      if (edge.partition === 'forward' && graph.parallelismOf(from) !== p) {
        throw invalid(
          `forward edge '${from.stepId}' → '${node.stepId}' joins parallelism ${graph.parallelismOf(from)} to ${p}; use rebalance() or equal parallelism`,
          node.stepId,
        );
      }
      if (edge.partition === 'hash' && edge.keySelector === undefined) {
        throw invalid(`hash edge into '${node.stepId}' has no key selector`, node.stepId);
      }
    }
    const op = node.operator;
    if (op.kind !== 'source' && op.factory.requiresKeyedInput) {
      const keyedInputs = node.inputs.filter((e) => e.partition !== 'broadcast');
      if (keyedInputs.some((e) => e.partition !== 'hash')) {
        throw new WeirError(
          'ERR_GRAPH_KEYED_INPUT_REQUIRED',
          `step '${node.stepId}' (${node.name}) uses keyed state or timers, so its input must be keyed: call keyBy(...) before it`,
          { domain: 'user', stepId: node.stepId },
        );
      }
      if (p > graph.maxParallelism) {
        throw invalid(`keyed step '${node.stepId}' has parallelism ${p} above maxParallelism ${graph.maxParallelism}`, node.stepId);
      }
    }
  }
  return topologicalOrder(nodes);
}

/** Kahn's algorithm; a node left over sits on a cycle. */
function topologicalOrder(nodes: readonly LogicalNode[]): LogicalNode[] {
  const indegree = nodes.map((n) => n.inputs.length);
  const consumers: number[][] = nodes.map(() => []);
  for (const n of nodes) for (const e of n.inputs) consumers[e.from]!.push(n.id);
  const queue = nodes.filter((n) => n.inputs.length === 0).map((n) => n.id);
  const order: LogicalNode[] = [];
  while (queue.length > 0) {
    const id = queue.shift()!;
    order.push(nodes[id]!);
    for (const c of consumers[id]!) if (--indegree[c]! === 0) queue.push(c);
  }
  if (order.length !== nodes.length) {
    const onCycle = nodes.filter((n) => indegree[n.id]! > 0).map((n) => `'${n.stepId}'`);
    throw new WeirError('ERR_GRAPH_CYCLE', `the job graph has a cycle through ${onCycle.join(', ')}: a job must be a DAG`, {
      domain: 'user',
      ...(onCycle.length > 0 && { stepId: nodes.find((n) => indegree[n.id]! > 0)!.stepId }),
    });
  }
  return order;
}
