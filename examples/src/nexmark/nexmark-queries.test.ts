/**
 * The Nexmark queries as Weir jobs against the reference results, row for row, on 100 000
 * events: at parallelism 1 in this thread (`executeInline`, over the pre-generated events)
 * and at parallelism 2 in worker threads (`executeModule` on each query's job module, whose
 * workers generate their own splits).
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { resultSink, StreamEnvironment, type Sink } from '@weir/operators';
import { executeInline, executeModule } from '@weir/runtime';
import { createGeneratorConfig } from './generator-config.js';
import { nexmarkEvents } from './generator.js';
import { nexmarkArraySource, nexmarkWatermarks } from './nexmark-source.js';
import { REFERENCE_QUERIES, type ReferenceQuery, type ReferenceQueryName } from './queries-reference.js';
import { sortRows } from './row-order.js';
import type { NexmarkInput } from './queries/nexmark-streams.js';
import { q0 } from './queries/q0.js';
import { q1 } from './queries/q1.js';
import { q2 } from './queries/q2.js';
import { q3 } from './queries/q3.js';
import { q4 } from './queries/q4.js';
import { q5 } from './queries/q5.js';
import { q7 } from './queries/q7.js';
import { q8 } from './queries/q8.js';
import { q11 } from './queries/q11.js';
import { q19 } from './queries/q19.js';
import { q22 } from './queries/q22.js';

const EVENTS = 100_000;
const SEED = 0;
const events = Array.from(nexmarkEvents(createGeneratorConfig({ maxEvents: EVENTS, seed: SEED })));

/** A query seen without its row type: what the test needs is to sink its rows. */
type Query = (env: StreamEnvironment, input: NexmarkInput) => { sinkTo(stepId: string, sink: Sink<never>): unknown };
const QUERIES: Record<ReferenceQueryName, Query> = { q0, q1, q2, q3, q4, q5, q7, q8, q11, q19, q22 };

for (const name of Object.keys(QUERIES) as ReferenceQueryName[]) {
  const reference = REFERENCE_QUERIES[name] as unknown as ReferenceQuery<Record<string, unknown>>;
  let expected: Record<string, unknown>[] = [];
  const sorted = (rows: unknown[] | undefined): Record<string, unknown>[] => sortRows((rows ?? []) as Record<string, unknown>[], reference.orderBy);

  describe(`Nexmark ${name}`, () => {
    before(() => {
      expected = reference.run(events);
    });

    it('equals the reference at parallelism 1 (executeInline)', async () => {
      const env = new StreamEnvironment({ parallelism: 1 });
      QUERIES[name](env, env.fromSource('nexmark', nexmarkArraySource(events), nexmarkWatermarks())).sinkTo(`${name}-sink`, resultSink(name));
      const result = await executeInline(env).done;
      assert.equal(result.status, 'FINISHED');
      assert.equal(result.counts.get('nexmark')?.recordsOut, EVENTS);
      assert.ok(expected.length > 0, `the reference ${name} has rows`);
      assert.deepEqual(sorted(result.results.get(name)), expected);
    });

    it('equals the reference at parallelism 2 (executeModule, worker threads)', async () => {
      const module = new URL(`./queries/${name}.ts`, import.meta.url);
      const job = await executeModule(module, { parallelism: 2, args: { events: String(EVENTS), seed: String(SEED) } });
      const result = await job.done;
      assert.equal(result.status, 'FINISHED');
      assert.equal(result.counts.get('nexmark')?.recordsOut, EVENTS, 'the two source splits read every event once');
      assert.deepEqual(sorted(result.results.get(name)), expected);
    });
  });
}
