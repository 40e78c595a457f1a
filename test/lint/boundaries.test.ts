import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { repoRoot } from '../harness/index.js';

/**
 * The lint rule that enforces docs/architecture.md §1's one-way dependencies. Each case
 * lints a snippet as if it stood in a package's src/ and expects the rule to fire or not.
 */
// The snippets are not files on disk, so the type-aware rules (which need the TypeScript
// project service) are switched off; the import bans do not need types.
const eslint = new ESLint({ cwd: repoRoot, overrideConfig: [tseslint.configs.disableTypeChecked] });

async function violations(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(repoRoot, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('package boundaries (eslint)', () => {
  const cases: [file: string, code: string, banned: boolean][] = [
    ['packages/operators/src/probe.ts', "import '@weir/runtime';", true],
    ['packages/operators/src/probe.ts', "import '@weir/connectors';", true],
    ['packages/operators/src/probe.ts', "import 'node:net';", true],
    ['packages/operators/src/probe.ts', "import 'kafkajs';", true],
    ['packages/connectors/src/probe.ts', "import '@weir/runtime';", true],
    ['packages/connectors/src/probe.ts', "import '@weir/operators';", false],
    ['packages/runtime/src/probe.ts', "import '@weir/connectors';", true],
    ['packages/runtime/src/probe.ts', "import '@weir/operators';", false],
    ['packages/runtime/src/probe.ts', "import '@weir/operators/src/index.js';", true],
    ['packages/dashboard/src/probe.ts', "import '@weir/runtime';", true],
  ];
  for (const [file, code, banned] of cases) {
    it(`${banned ? 'rejects' : 'allows'} ${code} in ${file.split('/src/')[0]}`, async () => {
      const found = await violations(file, code);
      assert.equal(found.length > 0, banned, found.join('\n') || 'no violation reported');
    });
  }
});
