import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { errorCodes } from '@weir/operators';
import { repoRoot } from '../harness/index.js';

describe('error code registry', () => {
  const page = readFileSync(join(repoRoot, 'docs', 'errors.md'), 'utf8');
  const documented = new Set([...page.matchAll(/^\| `(ERR_[A-Z_]+)` \|/gm)].map((m) => m[1]));

  it('documents every code in docs/errors.md', () => {
    const missing = Object.keys(errorCodes).filter((c) => !documented.has(c));
    assert.deepEqual(missing, [], `undocumented codes: ${missing.join(', ')}`);
  });

  it('documents no code that does not exist', () => {
    const stale = [...documented].filter((c) => !(c! in errorCodes));
    assert.deepEqual(stale, [], `stale codes in docs/errors.md: ${stale.join(', ')}`);
  });

  it('names every code ERR_<AREA>_<REASON>', () => {
    for (const code of Object.keys(errorCodes)) assert.match(code, /^ERR_[A-Z]+_[A-Z_]+$/);
  });
});
