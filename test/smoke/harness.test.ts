import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { KAFKA_VERSION, ServiceUnavailableError, repoRoot } from '../harness/index.js';
import { requireService } from '../harness/require-service.js';
import type { Service } from '../harness/service.js';

/** A service that is down and records whether anybody tried to start it. */
function downService(): Service & { starts: number } {
  return {
    name: 'kafka',
    starts: 0,
    async up() {
      this.starts++;
    },
    async down() {},
    async status() {
      return { name: 'kafka', running: false, detail: '127.0.0.1:1 (test double)' };
    },
  };
}

describe('service harness', () => {
  it('fails naming the service when it is down and autostart is off', async () => {
    const service = downService();
    await assert.rejects(requireService(service, { WEIR_SERVICES_AUTOSTART: '0' }), (err: unknown) => {
      assert.ok(err instanceof ServiceUnavailableError);
      assert.equal(err.service, 'kafka');
      assert.match(err.message, /kafka is not available/);
      assert.match(err.message, /npm run services -- up kafka/);
      return true;
    });
    assert.equal(service.starts, 0);
  });

  it('fails, not passes, when a started service still does not answer', async () => {
    const service = downService();
    await assert.rejects(requireService(service, {}), /kafka is not available: it was started but does not answer/);
    assert.equal(service.starts, 1);
  });

  it('pins the same Kafka version in the POM and the harness', () => {
    const pom = readFileSync(join(repoRoot, 'services', 'kafka', 'pom.xml'), 'utf8');
    assert.match(pom, new RegExp(`<kafka.version>${KAFKA_VERSION.replaceAll('.', '\\.')}</kafka.version>`));
  });
});
