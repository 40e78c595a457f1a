import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ensureDebianPackage } from './debian.js';
import { stateDir } from './paths.js';
import { startDetached, stopByPidFile, tail, waitForPort } from './process.js';
import { ServiceUnavailableError } from './service-error.js';

/** One sample of a Prometheus instant-query result. */
export interface PromSample {
  readonly metric: Record<string, string>;
  readonly value: number;
}

/** A Prometheus server started for one test, scraping the targets it was given. */
export interface TestPrometheus {
  readonly url: string;
  /** Runs an instant query through Prometheus' HTTP API. */
  query(expr: string): Promise<PromSample[]>;
  /** Polls a query until `accept` holds for its result, or throws after `timeoutMs`. */
  waitFor(expr: string, accept: (samples: PromSample[]) => boolean, timeoutMs?: number): Promise<PromSample[]>;
  stop(): Promise<void>;
}

/** Finds a free loopback TCP port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Starts Debian's Prometheus (installed on demand) on a free loopback port with a scrape
 * configuration for `targets` ("host:port" of /metrics endpoints), scraping every second.
 */
export async function startPrometheus(targets: string[], job = 'weir'): Promise<TestPrometheus> {
  const binary = await ensureDebianPackage('prometheus', '/usr/bin/prometheus');
  mkdirSync(stateDir, { recursive: true });
  const dir = mkdtempSync(join(stateDir, 'prometheus-'));
  const port = await freePort();
  const config = join(dir, 'prometheus.yml');
  writeFileSync(
    config,
    `global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n  - job_name: ${job}\n    static_configs:\n      - targets: [${targets.map((t) => `'${t}'`).join(', ')}]\n`,
  );
  const pidFile = join(dir, 'prometheus.pid');
  const logFile = join(dir, 'prometheus.log');
  startDetached(
    binary,
    [`--config.file=${config}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`],
    { cwd: dir, logFile, pidFile },
  );
  if (!(await waitForPort(port, 30_000))) {
    throw new ServiceUnavailableError('prometheus', `did not open port ${port}:\n${tail(logFile)}`);
  }
  const url = `http://127.0.0.1:${port}`;
  const query = async (expr: string): Promise<PromSample[]> => {
    const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(expr)}`);
    const body = (await res.json()) as { status: string; error?: string; data?: { result: { metric: Record<string, string>; value: [number, string] }[] } };
    if (body.status !== 'success' || !body.data) throw new Error(`Prometheus query ${expr} failed: ${body.error ?? res.status}`);
    return body.data.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
  };
  return {
    url,
    query,
    async waitFor(expr, accept, timeoutMs = 30_000) {
      const until = Date.now() + timeoutMs;
      let last: PromSample[] = [];
      while (Date.now() < until) {
        last = await query(expr);
        if (accept(last)) return last;
        await sleep(500);
      }
      throw new Error(`Prometheus query ${expr} never matched; last result ${JSON.stringify(last)}`);
    },
    async stop() {
      await stopByPidFile(pidFile);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
