import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir, servicesPomDir } from './paths.js';
import { run, withLock } from './process.js';
import { ServiceUnavailableError } from './service-error.js';

/**
 * Copies the runtime jars that `services/<name>/pom.xml` pins into the cache, once per
 * version of that POM. Returns the folder holding the jars. Maven resolves from Maven
 * Central through the machine's ordinary set-up; a second call with the same POM is free.
 */
export async function resolveJars(name: string): Promise<string> {
  const pom = join(servicesPomDir, name, 'pom.xml');
  const digest = createHash('sha256').update(readFileSync(pom)).digest('hex').slice(0, 12);
  const dir = join(cacheDir, `${name}-${digest}`);
  const marker = join(dir, '.complete');
  if (existsSync(marker)) return dir;
  return withLock(join(cacheDir, `${name}.lock`), async () => {
    if (existsSync(marker)) return dir;
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    try {
      run('mvn', ['-B', '-q', '-f', pom, 'dependency:copy-dependencies', '-DincludeScope=runtime', `-DoutputDirectory=${dir}`]);
    } catch (err) {
      throw new ServiceUnavailableError(name, `could not resolve its jars from Maven Central with ${pom}`, { cause: err });
    }
    if (!readdirSync(dir).some((f) => f.endsWith('.jar'))) {
      throw new ServiceUnavailableError(name, `Maven resolved no jars for ${pom}`);
    }
    writeFileSync(marker, new Date().toISOString());
    return dir;
  });
}
