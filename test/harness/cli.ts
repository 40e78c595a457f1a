/**
 * `npm run services -- up|down|status [name…]`: starts, stops or reports the real services
 * the tests use (PostgreSQL, Kafka, S3). Idempotent; loopback only; logs under .weir/services.
 */
import { services } from './services.js';

const [command, ...names] = process.argv.slice(2);
const chosen = names.length === 0 ? services : services.filter((s) => names.includes(s.name));
const unknown = names.filter((n) => !services.some((s) => s.name === n));

if (unknown.length > 0 || !['up', 'down', 'status'].includes(command ?? '')) {
  if (unknown.length > 0) console.error(`unknown service: ${unknown.join(', ')}`);
  console.error(`usage: npm run services -- up|down|status [${services.map((s) => s.name).join('|')}…]`);
  process.exit(2);
}

let failed = false;
for (const service of command === 'down' ? [...chosen].reverse() : chosen) {
  const started = Date.now();
  try {
    if (command === 'up') await service.up();
    if (command === 'down') await service.down();
    const status = await service.status();
    const took = command === 'status' ? '' : ` (${((Date.now() - started) / 1000).toFixed(1)} s)`;
    console.log(`${status.running ? 'up  ' : 'down'}  ${service.name.padEnd(9)} ${status.detail}${took}`);
    if (command === 'up' && !status.running) failed = true;
  } catch (err) {
    failed = true;
    console.error(`fail  ${service.name.padEnd(9)} ${err instanceof Error ? err.message : String(err)}`);
  }
}
process.exit(failed ? 1 : 0);
