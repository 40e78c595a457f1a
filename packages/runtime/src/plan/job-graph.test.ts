import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  LogicalGraph,
  StreamEnvironment,
  WeirError,
  collectionSource,
  keyedProcessOperator,
  mapOperator,
  tumblingEventTimeWindows,
  type OneInputOperatorFactory,
} from '@weir/operators';
import { buildJobGraph, vertexIdOf } from './job-graph.js';

const isWeirError = (code: string, stepId?: string) => (err: unknown) => {
  assert.ok(err instanceof WeirError, `expected a WeirError, got ${String(err)}`);
  assert.equal(err.code, code);
  if (stepId !== undefined) assert.equal(err.stepId, stepId);
  return true;
};

describe('job graph', () => {
  it('chains forward steps of equal parallelism and breaks chains at keyBy', () => {
    const env = new StreamEnvironment({ parallelism: 2 });
    env
      .fromCollection('src', [1, 2, 3])
      .map('double', (x) => x * 2)
      .filter('even', (x) => x % 2 === 0)
      .keyBy((x) => x % 3)
      .reduce('sum', (a, b) => a + b)
      .map('format', (x) => `${x}`)
      .sinkTo('out', { name: 'discard', createWriter: () => ({ write() {} }) });
    const g = buildJobGraph(env.graph);
    assert.deepEqual(
      g.vertices.map((v) => v.name),
      ['Source: collection -> Map -> Filter', 'Reduce -> Map -> Sink: discard'],
    );
    assert.equal(g.edges.length, 1);
    assert.equal(g.edges[0]!.partition, 'hash');
    assert.equal(g.vertices[0]!.id, vertexIdOf('src'));
    assert.match(g.vertices[0]!.id, /^[0-9a-f]{32}$/);
  });

  it('does not chain across a change of parallelism, and rebalances there by default', () => {
    const env = new StreamEnvironment({ parallelism: 1 });
    env.fromCollection('src', [1]).map('wide', (x) => x).setParallelism(2).sinkTo('out', { name: 'discard', createWriter: () => ({ write() {} }) });
    const g = buildJobGraph(env.graph);
    assert.deepEqual(g.vertices.map((v) => [v.name, v.parallelism]), [['Source: collection', 1], ['Map', 2], ['Sink: discard', 1]]);
    assert.deepEqual(g.edges.map((e) => e.partition), ['rebalance', 'rebalance']);
  });

  it('is deterministic: the same builder gives the same fingerprint and vertex ids', () => {
    const build = () => {
      const env = new StreamEnvironment({ parallelism: 2 });
      env.fromCollection('src', [1]).keyBy((x) => x).reduce('r', (a, b) => a + b);
      return buildJobGraph(env.graph);
    };
    assert.equal(build().fingerprint, build().fingerprint);
    assert.deepEqual(build().vertices.map((v) => v.id), build().vertices.map((v) => v.id));
  });

  it('rejects a duplicate step id, naming it', () => {
    const env = new StreamEnvironment();
    const s = env.fromCollection('src', [1]);
    s.map('twice', (x) => x);
    assert.throws(() => s.map('twice', (x) => x + 1), isWeirError('ERR_GRAPH_DUPLICATE_STEP_ID', 'twice'));
    assert.throws(() => s.map('twice', (x) => x + 1), /step id 'twice' is used twice/);
  });

  it('rejects malformed step ids', () => {
    const env = new StreamEnvironment();
    assert.throws(() => env.fromCollection('', [1]), isWeirError('ERR_GRAPH_INVALID_STEP_ID'));
    assert.throws(() => env.fromCollection('has space', [1]), isWeirError('ERR_GRAPH_INVALID_STEP_ID'));
  });

  it('rejects a cycle before anything runs, naming the steps on it', () => {
    const graph = new LogicalGraph();
    const map = mapOperator<unknown, unknown>((x) => x) as OneInputOperatorFactory<unknown, unknown>;
    const edge = (from: number) => ({ from, sideOutput: undefined, partition: 'forward' as const, keySelector: undefined, input: 0 as const });
    graph.addNode('src', 'Source', { kind: 'source', source: collectionSource([1]) as never, watermarks: undefined as never }, []);
    graph.addNode('a', 'Map', { kind: 'one-input', factory: map, isSink: false }, [edge(0), edge(2)]);
    graph.addNode('b', 'Map', { kind: 'one-input', factory: map, isSink: false }, [edge(1)]);
    assert.throws(() => buildJobGraph(graph), isWeirError('ERR_GRAPH_CYCLE'));
    assert.throws(() => buildJobGraph(graph), /cycle through 'a', 'b'/);
  });

  it('rejects a keyed operator on a non-keyed stream, naming the step', () => {
    const env = new StreamEnvironment();
    const keyedOnly = keyedProcessOperator<number, number, number>({ processElement: (v, _c, out) => out.collect(v) });
    env.fromCollection('src', [1]).transform('needs-key', keyedOnly);
    assert.throws(() => buildJobGraph(env.graph), isWeirError('ERR_GRAPH_KEYED_INPUT_REQUIRED', 'needs-key'));
    assert.throws(() => buildJobGraph(env.graph), /call keyBy\(\.\.\.\) before it/);
  });

  it('rejects a window smuggled onto a non-keyed stream', () => {
    const env = new StreamEnvironment();
    const keyed = env.fromCollection('src', [1]).keyBy((x) => x);
    const windowed = keyed.window(tumblingEventTimeWindows(1000)).reduce('w', (a, b) => a + b);
    const windowFactory = env.graph.node('w')!.operator;
    assert.equal(windowed.ports.length, 1);
    assert.ok(windowFactory.kind === 'one-input');
    env.fromCollection('plain', [2]).transform('window-without-key', windowFactory.factory as OneInputOperatorFactory<number, number>);
    assert.throws(() => buildJobGraph(env.graph), isWeirError('ERR_GRAPH_KEYED_INPUT_REQUIRED', 'window-without-key'));
  });

  it('rejects a forward edge between different parallelisms', () => {
    const env = new StreamEnvironment();
    env.fromCollection('src', [1]).forward().map('m', (x) => x).setParallelism(2);
    assert.throws(() => buildJobGraph(env.graph), isWeirError('ERR_GRAPH_INVALID', 'm'));
  });
});
