import { CreateBucketCommand, HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { resolveJars } from './maven.js';
import { stateDir } from './paths.js';
import { isPortOpen, readLivePid, startDetached, stopByPidFile, tail, waitForPort, withLock } from './process.js';
import type { Service, ServiceStatus } from './service.js';
import { ServiceUnavailableError } from './service-error.js';

const port = Number(process.env.WEIR_S3_PORT ?? 9000);

/** Connection settings of the test S3-compatible server (S3Proxy, filesystem backend). */
export const s3Settings = {
  endpoint: `http://127.0.0.1:${port}`,
  region: 'us-east-1',
  bucket: 'weir-test',
  // Throw-away credentials for a loopback-only test server; the server checks signatures.
  accessKeyId: 'weir-test-access',
  secretAccessKey: 'weir-test-secret-key',
} as const;

const dir = join(stateDir, 's3proxy');
const pidFile = join(dir, 's3proxy.pid');
const logFile = join(dir, 's3proxy.log');

/** An S3 client for the test server: path-style addressing, as every local endpoint needs. */
export function createTestS3Client(): S3Client {
  return new S3Client({
    endpoint: s3Settings.endpoint,
    region: s3Settings.region,
    forcePathStyle: true,
    credentials: { accessKeyId: s3Settings.accessKeyId, secretAccessKey: s3Settings.secretAccessKey },
  });
}

async function ensureBucket(): Promise<void> {
  const client = createTestS3Client();
  try {
    // The HTTP port opens a moment before the blob store answers; retry briefly.
    for (let attempt = 0; ; attempt++) {
      try {
        await client.send(new HeadBucketCommand({ Bucket: s3Settings.bucket }));
        return;
      } catch (err) {
        const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
        if (status === 404) {
          await client.send(new CreateBucketCommand({ Bucket: s3Settings.bucket }));
          return;
        }
        if (attempt >= 20) throw err;
        await sleep(250);
      }
    }
  } finally {
    client.destroy();
  }
}

/** S3Proxy from Maven Central, storing objects in a local folder. */
export const s3proxy: Service = {
  name: 's3',
  async up() {
    await withLock(join(stateDir, 's3proxy.lock'), async () => {
      if (!(readLivePid(pidFile) !== undefined && (await isPortOpen(port)))) {
        if (await isPortOpen(port)) {
          throw new ServiceUnavailableError('s3', `port ${port} is taken by a process this harness did not start`);
        }
        const jars = await resolveJars('s3proxy');
        const jar = readdirSync(jars).find((f) => f.startsWith('s3proxy-') && f.endsWith('.jar'));
        if (jar === undefined) throw new ServiceUnavailableError('s3', `no s3proxy jar in ${jars}`);
        const dataDir = join(dir, 'data');
        mkdirSync(dataDir, { recursive: true });
        const conf = join(dir, 's3proxy.conf');
        writeFileSync(
          conf,
          [
            `s3proxy.endpoint=${s3Settings.endpoint}`,
            's3proxy.authorization=aws-v2-or-v4',
            `s3proxy.identity=${s3Settings.accessKeyId}`,
            `s3proxy.credential=${s3Settings.secretAccessKey}`,
            'jclouds.provider=filesystem',
            `jclouds.filesystem.basedir=${dataDir}`,
            '',
          ].join('\n'),
        );
        const pid = startDetached('java', ['-Xmx256m', '-XX:+UseSerialGC', '-jar', join(jars, jar), '--properties', conf], {
          cwd: dir,
          logFile,
          pidFile,
        });
        const ok = await waitForPort(port, 60_000, () => readLivePid(pidFile) === pid);
        if (!ok) throw new ServiceUnavailableError('s3', `S3Proxy did not open port ${port}; last lines of ${logFile}:\n${tail(logFile)}`);
      }
      await ensureBucket();
    });
  },
  async down() {
    await stopByPidFile(pidFile);
  },
  async status(): Promise<ServiceStatus> {
    const pid = readLivePid(pidFile);
    return { name: 's3', running: await isPortOpen(port), detail: `${s3Settings.endpoint} bucket ${s3Settings.bucket} (S3Proxy, pid ${pid ?? 'none'})` };
  },
};
