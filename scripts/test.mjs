#!/usr/bin/env node
// `npm test`: type-check and lint every package, bring up the real services the tests use,
// then run every test file in one node:test run so that one summary (tests/pass/fail/skipped)
// closes the output. `--unit` runs only the tests beside the packages' code, with no services.
// Extra arguments narrow the run to files whose path contains one of them.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const unitOnly = args.includes('--unit');
const filters = args.filter((a) => !a.startsWith('--'));
// The AWS SDK warns on every process that its releases after January 2027 need Node 22;
// the project pins a Node 20 release (docs/decisions.md), so the warning is noise here.
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };

/** Runs a step, streaming its output; exits the whole run when it fails. */
function step(title, command, commandArgs) {
  console.log(`\n== ${title}`);
  const res = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit', env });
  if (res.status !== 0) {
    console.error(`\n== ${title} failed (exit ${res.status ?? res.signal})`);
    process.exit(res.status || 1);
  }
}

/** Every *.test.ts below a folder, skipping dependencies and generated folders. */
function findTests(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.') || name === 'dist') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...findTests(path));
    else if (name.endsWith('.test.ts')) out.push(relative(root, path));
  }
  return out;
}

const unitRoots = ['packages', 'examples', 'jobs', 'bench'];
const roots = unitOnly ? unitRoots : [...unitRoots, 'test'];
let files = roots.flatMap((r) => {
  try {
    return findTests(join(root, r));
  } catch {
    return [];
  }
});
if (filters.length > 0) files = files.filter((f) => filters.some((x) => f.includes(x)));
if (files.length === 0) {
  console.error('no test files found: refusing to report success for a run that tests nothing');
  process.exit(1);
}

if (filters.length === 0) step('type-check and lint every package', 'npx', ['turbo', 'run', 'typecheck', 'lint', '--log-prefix=none']);
if (!unitOnly) step('real services (PostgreSQL, Kafka, S3)', 'node', ['--import', 'tsx', 'test/harness/cli.ts', 'up']);

console.log(`\n== ${files.length} test files`);
const res = spawnSync(
  'node',
  ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...files],
  { cwd: root, stdio: 'inherit', env },
);
process.exit(res.status ?? 1);
