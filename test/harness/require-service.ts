import type { Service } from './service.js';
import { ServiceUnavailableError } from './service-error.js';

/**
 * Makes sure a service is up. Starts it when it is down, unless WEIR_SERVICES_AUTOSTART=0,
 * in which case a down service is an error naming it and the command that starts it.
 */
export async function requireService(service: Service, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const status = await service.status();
  if (status.running) return;
  if (env.WEIR_SERVICES_AUTOSTART === '0') {
    throw new ServiceUnavailableError(
      service.name,
      `nothing answers at ${status.detail}; start it with \`npm run services -- up ${service.name}\``,
    );
  }
  await service.up();
  const after = await service.status();
  if (!after.running) throw new ServiceUnavailableError(service.name, `it was started but does not answer at ${after.detail}`);
}
