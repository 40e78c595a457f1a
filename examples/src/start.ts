/**
 * `npm start`: runs the word-count job on the local mini-cluster (one worker thread per
 * slot) and prints the most frequent words. Until the Info Mart pipelines exist this is
 * the smallest end-to-end run of Weir. Flags: --parallelism N, --repeat N.
 */
import { parseArgs } from 'node:util';
import { executeModule } from '@weir/runtime';
import type { WordCount } from './word-count/word-count-job.js';

const { values } = parseArgs({ options: { parallelism: { type: 'string', default: '2' }, repeat: { type: 'string', default: '1000' } } });
const parallelism = Number(values.parallelism);
const job = await executeModule(new URL('./word-count/word-count-job.ts', import.meta.url), { parallelism, args: { repeat: values.repeat } });
console.log(`weir: running word count as job ${job.jobId} at parallelism ${parallelism}`);
const result = await job.done;
const totals = new Map<string, number>();
for (const { word, count } of result.results.get('counts') as WordCount[]) totals.set(word, Math.max(count, totals.get(word) ?? 0));
const top = [...totals].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 10);
console.log(`weir: ${result.status} in ${result.durationMs} ms; ${totals.size} distinct words; top 10:`);
for (const [word, count] of top) console.log(`  ${word.padEnd(12)} ${count}`);
for (const [step, c] of result.counts) console.log(`  step ${step.padEnd(8)} in ${c.recordsIn} out ${c.recordsOut}`);
