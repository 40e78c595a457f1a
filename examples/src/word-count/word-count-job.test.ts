import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StreamEnvironment } from '@weir/operators';
import { executeInline, executeModule } from '@weir/runtime';
import buildWordCount, { type WordCount } from './word-count-job.js';
import { WORD_COUNT_TEXT, words } from './text.js';

function totals(counts: readonly WordCount[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const { word, count } of counts) out.set(word, Math.max(count, out.get(word) ?? 0));
  return new Map([...out].sort());
}

function expected(repeat: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of WORD_COUNT_TEXT) for (const w of words(line)) out.set(w, (out.get(w) ?? 0) + repeat);
  return new Map([...out].sort());
}

describe('word count example', () => {
  it('counts every word in the calling thread', async () => {
    const env = new StreamEnvironment({ parallelism: 2 });
    buildWordCount(env, { repeat: '3' });
    const result = await executeInline(env).done;
    assert.deepEqual(totals(result.results.get('counts') as WordCount[]), expected(3));
  });

  it('counts every word in worker threads', async () => {
    const job = await executeModule(new URL('./word-count-job.ts', import.meta.url), { parallelism: 2, args: { repeat: '50' } });
    assert.deepEqual(totals((await job.done).results.get('counts') as WordCount[]), expected(50));
  });

  it('rejects a bad argument with a clear message', () => {
    assert.throws(() => buildWordCount(new StreamEnvironment(), { repeat: 'many' }), /repeat must be a positive integer, got many/);
  });
});
