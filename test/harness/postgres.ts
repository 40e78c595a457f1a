import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import pgPromise from 'pg-promise';
import { isPortOpen, run, waitForPort } from './process.js';
import type { Service, ServiceStatus } from './service.js';
import { ServiceUnavailableError } from './service-error.js';

const host = process.env.WEIR_PG_HOST ?? '127.0.0.1';
const port = Number(process.env.WEIR_PG_PORT ?? 5432);
const user = process.env.WEIR_PG_USER ?? 'postgres';

/** Connection string of a database on the machine's PostgreSQL server (trust authentication). */
export function postgresUrl(database: string): string {
  return `postgres://${user}@${host}:${port}/${database}`;
}

/**
 * The machine's PostgreSQL server. The harness never installs or owns it: `up` starts the
 * Debian cluster if it is down, `down` leaves it running for everything else on the machine.
 */
export const postgres: Service = {
  name: 'postgres',
  async up() {
    if (await isPortOpen(port, host)) return;
    let versions: string[];
    try {
      versions = readdirSync('/etc/postgresql');
    } catch (err) {
      throw new ServiceUnavailableError('postgres', 'no PostgreSQL cluster is installed (/etc/postgresql is missing)', { cause: err });
    }
    for (const version of versions) {
      try {
        run('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start']);
      } catch (err) {
        throw new ServiceUnavailableError('postgres', `pg_ctlcluster ${version} main start failed`, { cause: err });
      }
    }
    if (!(await waitForPort(port, 30_000))) throw new ServiceUnavailableError('postgres', `nothing listens on ${host}:${port}`);
  },
  async down() {
    // Shared with the rest of the machine: never stopped by the harness.
  },
  async status(): Promise<ServiceStatus> {
    return { name: 'postgres', running: await isPortOpen(port, host), detail: `${host}:${port} (machine's server, user ${user})` };
  },
};

/** A throw-away database; drop it when the test ends. */
export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

const pgp = pgPromise({ noWarnings: true });

/** Creates a database with a unique name on the real server, for one test. */
export async function createTestDatabase(prefix = 'weir_test'): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const admin = pgp({ connectionString: postgresUrl('postgres'), max: 1 });
  try {
    await admin.none('CREATE DATABASE $1:name', [name]);
  } catch (err) {
    throw new ServiceUnavailableError('postgres', `could not create database ${name} at ${host}:${port}`, { cause: err });
  } finally {
    await admin.$pool.end();
  }
  return {
    name,
    url: postgresUrl(name),
    async drop() {
      const db = pgp({ connectionString: postgresUrl('postgres'), max: 1 });
      try {
        await db.none('DROP DATABASE IF EXISTS $1:name WITH (FORCE)', [name]);
      } finally {
        await db.$pool.end();
      }
    },
  };
}
