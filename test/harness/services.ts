import { kafka } from './kafka.js';
import { postgres } from './postgres.js';
import { s3proxy } from './s3proxy.js';
import type { Service } from './service.js';

/** Every long-running service the harness manages, in start order. */
export const services: readonly Service[] = [postgres, kafka, s3proxy];
