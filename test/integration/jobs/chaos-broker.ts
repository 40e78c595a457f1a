/**
 * Starts or stops a SECOND Kafka broker for the service-restart chaos test, so that its
 * restarts never disturb the shared broker other test files use. The harness's broker reads
 * its ports and state folder from the environment when imported: run this with
 * WEIR_KAFKA_PORT, WEIR_KAFKA_CONTROLLER_PORT and WEIR_STATE_DIR set to private values.
 * Usage: chaos-broker.ts up|down
 */
import { kafka } from '../../harness/kafka.js';

const command = process.argv[2];
if (process.env.WEIR_KAFKA_PORT === undefined || process.env.WEIR_STATE_DIR === undefined) throw new Error('set WEIR_KAFKA_PORT and WEIR_STATE_DIR: this script must never touch the shared broker');
if (command === 'up') await kafka.up();
else if (command === 'down') await kafka.down();
else throw new Error(`usage: chaos-broker.ts up|down, got ${command}`);
