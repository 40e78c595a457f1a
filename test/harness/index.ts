/**
 * The real-service harness for Weir's tests. Each `requireX` makes sure the service runs
 * (starting it, idempotently and on loopback only, when it is down) and otherwise fails
 * with a {@link ServiceUnavailableError} that names the service: a missing service fails a
 * test, it never skips it. Set WEIR_SERVICES_AUTOSTART=0 to forbid starting anything.
 */
import { kafka, kafkaBrokers } from './kafka.js';
import { postgres } from './postgres.js';
import { s3proxy, s3Settings } from './s3proxy.js';
import { requireService } from './require-service.js';

export { KAFKA_VERSION, kafkaBrokers } from './kafka.js';
export { createTestS3Client, s3Settings } from './s3proxy.js';
export { createTestDatabase, postgresUrl, type TestDatabase } from './postgres.js';
export { startPrometheus, freePort, type TestPrometheus, type PromSample } from './prometheus.js';
export { launchChromium, type TestBrowser } from './chromium.js';
export { ServiceUnavailableError } from './service-error.js';
export { testOutputDir, repoRoot } from './paths.js';
export { services } from './services.js';

/** Ensures the Kafka broker runs; resolves its bootstrap addresses. */
export async function requireKafka(): Promise<string[]> {
  await requireService(kafka);
  return kafkaBrokers;
}

/** Ensures the S3-compatible server runs with its bucket; resolves its settings. */
export async function requireS3(): Promise<typeof s3Settings> {
  await requireService(s3proxy);
  return s3Settings;
}

/** Ensures the machine's PostgreSQL server accepts connections. */
export async function requirePostgres(): Promise<void> {
  await requireService(postgres);
}
