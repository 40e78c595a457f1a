import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (two levels above this file). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Where running services keep their data, pid files and logs (git-ignored). */
export const stateDir = process.env.WEIR_STATE_DIR ?? join(repoRoot, '.weir', 'services');

/** Where downloaded Maven artifacts are cached between runs (outside the work tree). */
export const cacheDir = process.env.WEIR_CACHE_DIR ?? join(homedir(), '.cache', 'weir');

/** Where tests write artifacts a person may want to look at (screenshots, reports). */
export const testOutputDir = join(repoRoot, '.weir', 'test-output');

/** The POM files that pin each service's Maven artifacts. */
export const servicesPomDir = join(repoRoot, 'services');
