import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveJars } from './maven.js';
import { stateDir } from './paths.js';
import { isPortOpen, readLivePid, run, startDetached, stopByPidFile, tail, waitForPort, withLock } from './process.js';
import type { Service, ServiceStatus } from './service.js';
import { ServiceUnavailableError } from './service-error.js';

/** The broker version pinned in services/kafka/pom.xml (kept in step with it by a test). */
export const KAFKA_VERSION = '4.1.1';

const port = Number(process.env.WEIR_KAFKA_PORT ?? 9092);
const controllerPort = Number(process.env.WEIR_KAFKA_CONTROLLER_PORT ?? 9093);
/** Bootstrap address of the test broker. */
export const kafkaBrokers = [`127.0.0.1:${port}`];

const dir = join(stateDir, 'kafka');
const pidFile = join(dir, 'kafka.pid');
const logFile = join(dir, 'kafka.log');
/** A fixed KRaft cluster id (a base64 UUID), so that the data folder can be reused across runs. */
const clusterId = 'V2VpclRlc3RDbHVzdGVyMQ';

function serverProperties(dataDir: string): string {
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    `log.dirs=${dataDir}`,
    'num.partitions=1',
    'auto.create.topics.enable=false',
    // One node: every internal topic must accept a replication factor of 1, or consumer
    // groups and transactions hang waiting for replicas that will never exist.
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=3',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'transaction.state.log.num.partitions=3',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    'num.network.threads=2',
    'num.io.threads=2',
    'log.retention.hours=24',
    '',
  ].join('\n');
}

const log4jConfig = `Configuration:
  Appenders:
    Console:
      name: STDOUT
      PatternLayout:
        pattern: "[%d] %p %m (%c)%n"
  Loggers:
    Root:
      level: WARN
      AppenderRef:
        - ref: STDOUT
    Logger:
      - name: kafka.server.BrokerServer
        level: INFO
`;

/** A single-node KRaft Kafka broker run from Maven Central jars. */
export const kafka: Service = {
  name: 'kafka',
  async up() {
    await withLock(join(stateDir, 'kafka.lock'), async () => {
      if (readLivePid(pidFile) !== undefined && (await isPortOpen(port))) return;
      if (await isPortOpen(port)) {
        throw new ServiceUnavailableError('kafka', `port ${port} is taken by a process this harness did not start`);
      }
      const jars = await resolveJars('kafka');
      const classpath = `${jars}/*`;
      const dataDir = join(dir, 'data');
      mkdirSync(dir, { recursive: true });
      const props = join(dir, 'server.properties');
      const log4j = join(dir, 'log4j2.yaml');
      writeFileSync(props, serverProperties(dataDir));
      writeFileSync(log4j, log4jConfig);
      const jvm = ['-Xms256m', '-Xmx768m', '-XX:+UseSerialGC', `-Dlog4j2.configurationFile=${log4j}`, '-cp', classpath];
      if (!existsSync(join(dataDir, 'meta.properties'))) {
        run('java', [...jvm, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', props]);
      }
      const pid = startDetached('java', [...jvm, 'kafka.Kafka', props], { cwd: dir, logFile, pidFile });
      const ok = await waitForPort(port, 90_000, () => readLivePid(pidFile) === pid);
      if (!ok) {
        throw new ServiceUnavailableError('kafka', `the broker did not open port ${port}; last lines of ${logFile}:\n${tail(logFile)}`);
      }
    });
  },
  async down() {
    await stopByPidFile(pidFile, 20_000);
  },
  async status(): Promise<ServiceStatus> {
    const pid = readLivePid(pidFile);
    const open = await isPortOpen(port);
    return { name: 'kafka', running: open, detail: `${kafkaBrokers[0]} (Kafka ${KAFKA_VERSION}, pid ${pid ?? 'none'})` };
  },
};
