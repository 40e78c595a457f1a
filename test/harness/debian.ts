import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { stateDir } from './paths.js';
import { run, withLock } from './process.js';
import { ServiceUnavailableError } from './service-error.js';

/**
 * Installs a Debian package on demand (the harness runs as root, as CI does) unless the
 * file it provides already exists. Returns that file's path.
 */
export async function ensureDebianPackage(pkg: string, provides: string): Promise<string> {
  if (existsSync(provides)) return provides;
  await withLock(join(stateDir, 'apt.lock'), async () => {
    if (existsSync(provides)) return;
    try {
      run('apt-get', ['update', '-qq'], { timeoutMs: 300_000 });
      run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', pkg], { timeoutMs: 900_000 });
    } catch (err) {
      throw new ServiceUnavailableError(pkg, `apt-get install ${pkg} failed`, { cause: err });
    }
  });
  if (!existsSync(provides)) throw new ServiceUnavailableError(pkg, `installing ${pkg} did not provide ${provides}`);
  return provides;
}
