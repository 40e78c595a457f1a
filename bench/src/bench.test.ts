/**
 * A smoke run of the benchmarks, so that they keep working: `main.ts B1 --smoke` in a child
 * process (a tiny event count, one pair), checking what it prints. It never asserts on speed.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('../..', import.meta.url));
const main = fileURLToPath(new URL('./main.ts', import.meta.url));

describe('npm run bench -- B1 --smoke', () => {
  it('prints a parseable JSON line per case, every one with equal outputs', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', main, 'B1', '--smoke'], { cwd: root, timeout: 120_000 });
    const lines = stdout.split('\n').filter((line) => line.startsWith('{'));
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const ratios = records.filter((r) => 'ratio' in r);
    assert.deepEqual(
      ratios.map((r) => r.case),
      ['q0', 'q1', 'q2', 'q22'],
    );
    for (const r of ratios) {
      assert.deepEqual(Object.keys(r), ['id', 'case', 'unit', 'framework', 'baseline', 'ratio', 'min_ratio', 'max_ratio', 'pairs', 'outputs_equal']);
      assert.equal(r.id, 'B1');
      assert.equal(r.unit, 'events/s');
      assert.equal(r.pairs, 1);
      assert.equal(r.outputs_equal, true, `${String(r.case)}: framework and baseline outputs differ`);
      for (const field of ['framework', 'baseline', 'ratio']) assert.equal(typeof r[field], 'number', `${String(r.case)}.${field}`);
    }
    for (const r of records.filter((x) => !('ratio' in x))) {
      assert.deepEqual(Object.keys(r), ['id', 'case', 'unit', 'value']);
      assert.equal(typeof r.value, 'number');
    }
  });

  it('rejects an unknown benchmark id', async () => {
    await assert.rejects(promisify(execFile)(process.execPath, ['--import', 'tsx', main, 'B99'], { cwd: root, timeout: 60_000 }), (err: { code?: number; stderr?: string }) => {
      assert.equal(err.code, 2);
      assert.match(err.stderr ?? '', /unknown benchmark B99/);
      return true;
    });
  });
});

describe('npm run bench -- B5 --smoke', () => {
  it('prints the four B5 cases with equal outputs for the overhead pair', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', main, 'B5', '--smoke'], { cwd: root, timeout: 120_000 });
    const records = stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.deepEqual(
      records.map((r) => r.case),
      ['checkpoint-overhead', 'checkpoint-upload', 'recovery', 'catch-up'],
    );
    const overhead = records[0]!;
    assert.equal(overhead.outputs_equal, true, 'the job with checkpoints gives the output of the job without');
    assert.ok(Number(overhead.state_bytes) > 0, 'checkpoints held state');
    for (const r of records.slice(1)) assert.equal(typeof r.value, 'number');
  });
});

/**
 * B3 and B4 against the real services (the test suite starts them; the benchmark itself fails
 * with the harness's ServiceUnavailableError when one is missing): a tiny run of each.
 */
for (const [id, cases] of [
  ['B3', ['kafka-at-least-once', 'kafka-exactly-once']],
  ['B4', ['pg-load']],
] as const) {
  describe(`npm run bench -- ${id} --smoke`, () => {
    it('prints a parseable JSON line per case, every one with equal outputs', async () => {
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', main, id, '--smoke'], { cwd: root, timeout: 180_000 });
      const records = stdout
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      const ratios = records.filter((r) => 'ratio' in r);
      assert.deepEqual(
        ratios.map((r) => r.case),
        [...cases],
      );
      for (const r of ratios) {
        assert.deepEqual(Object.keys(r), ['id', 'case', 'unit', 'framework', 'baseline', 'ratio', 'min_ratio', 'max_ratio', 'pairs', 'outputs_equal']);
        assert.equal(r.id, id);
        assert.equal(r.pairs, 1);
        assert.equal(r.outputs_equal, true, `${String(r.case)}: framework and baseline outputs differ`);
        for (const field of ['framework', 'baseline', 'ratio']) assert.equal(typeof r[field], 'number', `${String(r.case)}.${field}`);
      }
      for (const r of records.filter((x) => !('ratio' in x))) {
        assert.deepEqual(Object.keys(r), ['id', 'case', 'unit', 'value']);
        assert.equal(typeof r.value, 'number');
      }
    });
  });
}

describe('npm run bench -- B3 without Kafka', () => {
  it("fails with the harness's ServiceUnavailableError message, never skips", async () => {
    const env = { ...process.env, WEIR_SERVICES_AUTOSTART: '0', WEIR_KAFKA_PORT: '1' };
    await assert.rejects(promisify(execFile)(process.execPath, ['--import', 'tsx', main, 'B3', '--smoke'], { cwd: root, env, timeout: 60_000 }), (err: { code?: number; stdout?: string; stderr?: string }) => {
      assert.equal(err.code, 1);
      assert.match(err.stderr ?? '', /bench: B3 failed: kafka is not available: nothing answers at/);
      assert.equal(err.stdout?.includes('{'), false, 'no JSON line');
      return true;
    });
  });
});
