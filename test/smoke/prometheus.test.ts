import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { Counter, Registry } from 'prom-client';
import { freePort, startPrometheus, type TestPrometheus } from '../harness/index.js';

describe('Prometheus smoke (Debian prometheus scraping a prom-client registry)', () => {
  let server: Server;
  let prometheus: TestPrometheus;
  const registry = new Registry();
  const counter = new Counter({ name: 'weir_smoke_events_total', help: 'events seen by the smoke test', labelNames: ['tenant'], registers: [registry] });

  before(async () => {
    const port = await freePort();
    server = createServer((req, res) => {
      void registry.metrics().then((text) => {
        res.writeHead(200, { 'content-type': registry.contentType });
        res.end(text);
      });
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    prometheus = await startPrometheus([`127.0.0.1:${port}`]);
  });
  after(async () => {
    await prometheus?.stop();
    server?.close();
  });

  it('reads a counter through Prometheus\u2019 query API', async () => {
    counter.inc({ tenant: 'acme' }, 42);
    counter.inc({ tenant: 'globex' }, 7);
    const samples = await prometheus.waitFor('weir_smoke_events_total', (s) => s.length === 2 && s.some((x) => x.value === 42));
    const byTenant = Object.fromEntries(samples.map((s) => [s.metric.tenant, s.value]));
    assert.deepEqual(byTenant, { acme: 42, globex: 7 });
    const total = await prometheus.query('sum(weir_smoke_events_total)');
    assert.equal(total[0]?.value, 49);
  });
});
