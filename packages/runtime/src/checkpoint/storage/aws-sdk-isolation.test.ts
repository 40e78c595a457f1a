import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';

const packageDir = fileURLToPath(new URL('../../../', import.meta.url));
const storageIndex = new URL('./index.ts', import.meta.url).href;

/**
 * Guards docs/architecture.md §1: importing `@weir/runtime` (or its checkpoint storage, and
 * using it with a file:// root) never loads the AWS SDK. A child process runs with a resolve
 * hook that fails any `@aws-sdk/*` import; `@weir/runtime/s3` is the control that it bites.
 */
describe('AWS SDK isolation', () => {
  let dir: string;
  let register: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'weir-sdk-isolation-'));
    writeFileSync(
      join(dir, 'hook.mjs'),
      `export async function resolve(specifier, context, next) {
  if (specifier.startsWith('@aws-sdk/')) throw new Error('AWS SDK loaded: ' + specifier + ' imported by ' + context.parentURL);
  return next(specifier, context);
}
`,
    );
    writeFileSync(join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister('./hook.mjs', import.meta.url);\n`);
    register = pathToFileURL(join(dir, 'register.mjs')).href;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const run = (code: string) =>
    spawnSync(process.execPath, ['--import', 'tsx', '--import', register, '--input-type=module', '-e', code], {
      cwd: packageDir,
      encoding: 'utf8',
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      timeout: 60_000,
    });

  it('importing @weir/runtime and using file checkpoint storage loads no @aws-sdk module', () => {
    const root = pathToFileURL(join(dir, 'chk')).href;
    const res = run(
      `await import('@weir/runtime');
const storage = await import(${JSON.stringify(storageIndex)});
const s = await storage.createCheckpointStorage(${JSON.stringify(root)});
const loc = s.checkpointLocation('job', 1);
await s.writeMetadata(loc, storage.encodeMetadata({ ok: true }));
console.log('completed', JSON.stringify(await s.listCompletedCheckpoints('job')));`,
    );
    assert.equal(res.status, 0, res.stderr);
    assert.match(res.stdout, /completed \[1\]/);
  });

  it('the hook does catch the SDK: @weir/runtime/s3 loads it', () => {
    const res = run(`await import('@weir/runtime/s3');`);
    assert.notEqual(res.status, 0);
    assert.match(res.stderr, /AWS SDK loaded: @aws-sdk\/client-s3 imported by .*s3-checkpoint-storage\.ts/);
  });
});
