import { randomBytes } from 'node:crypto';
import kafkajs, { type Admin, type Consumer, type EachBatchPayload, type IHeaders, type Kafka, type KafkaMessage, type PartitionAssigner, type Producer } from 'kafkajs';
import { WeirError, type PollStatus, type Source, type SourceOutput, type SourceReader, type TaskInfo } from '@weir/operators';
import { kafkaSourceConfig, type KafkaSourceConfig, type KafkaSourceOptions } from './config.js';
import { PartitionOwnership, partitionKey, type KafkaSourceState, type PartitionOffset } from './partition-ownership.js';

const { AssignerProtocol } = kafkajs;

/** Stands in the buffer for a dead-lettered record, so the position passes it in order. */
const SKIP: unique symbol = Symbol('dead-lettered');

/** A fetched record waiting for `pollNext`. */
interface Fetched<T> {
  readonly value: T | typeof SKIP;
  readonly timestamp: number;
  readonly position: Position;
  readonly offset: number;
}

/** A reader's position in one partition it owns. */
interface Position {
  readonly topic: string;
  readonly partition: number;
  /** `topic:partition`: the split name under which the watermark is tracked per partition. */
  readonly split: string;
  /** Next offset to emit: what a checkpoint records. */
  next: number;
  /** Next offset to fetch (≥ next): records in between wait in the buffer. */
  fetched: number;
  /** Bounded mode: the end offset seen at open. */
  readonly stop: number | undefined;
  buffered: number;
}

/** Counters a test or the dashboard can read. */
interface KafkaSourceReaderMetrics {
  readonly deadLetters: number;
  readonly failedOffsetCommits: number;
}

const sourceError = (source: string, what: string, err: unknown): WeirError =>
  err instanceof WeirError ? err : new WeirError('ERR_SOURCE_FAILED', `kafkaSource '${source}' ${what}: ${(err as Error).message}`, { domain: 'external', retriable: true, cause: err });

/**
 * An assigner for a group that has exactly one member (this reader): it hands that member
 * exactly the partitions the reader owns. kafkajs has no `assign()`; a group of one with
 * this assigner is the closest equivalent, and the group never commits offsets.
 */
const ownedPartitionsAssigner =
  (owned: () => ReadonlyMap<string, readonly number[]>): PartitionAssigner =>
  () => ({
    name: 'WeirOwnedPartitions',
    version: 1,
    protocol: ({ topics }) => ({ name: 'WeirOwnedPartitions', metadata: AssignerProtocol.MemberMetadata.encode({ version: 1, topics, userData: Buffer.alloc(0) }) }),
    assign: ({ members }) =>
      Promise.resolve(
        members.map((m, i) => ({
          memberId: m.memberId,
          memberAssignment: AssignerProtocol.MemberAssignment.encode({
            version: 1,
            assignment: i === 0 ? Object.fromEntries([...owned()].map(([t, ps]) => [t, [...ps]])) : {},
            userData: Buffer.alloc(0),
          }),
        })),
      ),
  });

class KafkaSourceReader<T> implements SourceReader<T> {
  private ownership: PartitionOwnership;
  private readonly positions = new Map<string, Position>();
  private queue: Fetched<T>[] = [];
  private splitsAnnounced = false;
  private head = 0;
  private paused = false;
  private wake: (() => void) | undefined;
  private error: WeirError | undefined;
  private kafka: Kafka | undefined;
  private consumer: Consumer | undefined;
  private admin: Admin | undefined;
  private deadLetterProducer: Producer | undefined;
  private offsetCommitter: Producer | undefined;
  /** Offsets snapshotted per checkpoint, committed to `groupId` when it completes. */
  private readonly pendingCommits = new Map<number, readonly PartitionOffset[]>();
  private closed = false;
  private deadLetters = 0;
  private failedOffsetCommits = 0;

  constructor(
    private readonly config: KafkaSourceConfig<T>,
    private readonly ctx: TaskInfo,
  ) {
    this.ownership = PartitionOwnership.initial(ctx.subtaskIndex, ctx.parallelism);
  }

  get metrics(): KafkaSourceReaderMetrics {
    return { deadLetters: this.deadLetters, failedOffsetCommits: this.failedOffsetCommits };
  }

  restoreState(states: readonly unknown[]): void {
    this.ownership = PartitionOwnership.restore(states, this.config.name);
  }

  async open(): Promise<void> {
    const { config } = this;
    try {
      this.kafka = config.kafka();
      this.admin = this.kafka.admin();
      await this.admin.connect();
      const metadata = await this.admin.fetchTopicMetadata({ topics: [...config.topics] });
      for (const { name: topic, partitions } of metadata.topics) {
        const owned = partitions.map((p) => p.partitionId).filter((q) => this.ownership.owns(q));
        if (owned.length === 0) continue;
        const start = await this.startOffsets(topic);
        const stop = config.stoppingOffsets === 'latest' ? await this.endOffsets(topic) : undefined;
        for (const partition of owned.sort((a, b) => a - b)) {
          const from = this.ownership.restoredOffset(topic, partition) ?? start.get(partition);
          if (from === undefined) throw new WeirError('ERR_SOURCE_FAILED', `kafkaSource '${config.name}' found no offset for ${topic}/${partition}`, { domain: 'external', retriable: true });
          this.positions.set(partitionKey(topic, partition), {
            topic,
            partition,
            split: `${topic}:${partition}`,
            next: from,
            fetched: from,
            stop: stop?.get(partition),
            buffered: 0,
          });
        }
      }
      if (config.deadLetterTopic !== undefined) {
        this.deadLetterProducer = this.kafka.producer({ allowAutoTopicCreation: false });
        await this.deadLetterProducer.connect();
      }
      if ([...this.positions.values()].every((p) => this.partitionDone(p))) return;
      await this.startConsumer();
    } catch (err) {
      throw sourceError(config.name, 'could not start', err);
    }
  }

  private async startOffsets(topic: string): Promise<Map<number, number>> {
    const admin = this.admin!;
    const start = this.config.startingOffsets;
    const low = new Map((await admin.fetchTopicOffsets(topic)).map((o) => [o.partition, Number(o.low)] as const));
    if (start === 'earliest') return low;
    if (start === 'latest') return this.endOffsets(topic);
    if (start === 'committed') {
      const [committed] = await admin.fetchOffsets({ groupId: this.config.groupId!, topics: [topic] });
      for (const { partition, offset } of committed?.partitions ?? []) if (Number(offset) >= 0) low.set(partition, Number(offset));
      return low;
    }
    // The first offset whose timestamp is ≥ the given one; the end offset when there is none.
    return new Map((await admin.fetchTopicOffsetsByTimestamp(topic, start.timestamp)).map((o) => [o.partition, Number(o.offset)] as const));
  }

  private async endOffsets(topic: string): Promise<Map<number, number>> {
    return new Map((await this.admin!.fetchTopicOffsets(topic)).map((o) => [o.partition, Number(o.high)] as const));
  }

  private owned(): Map<string, number[]> {
    const owned = new Map<string, number[]>();
    for (const p of this.positions.values()) owned.set(p.topic, [...(owned.get(p.topic) ?? []), p.partition]);
    return owned;
  }

  /**
   * One consumer per reader, alone in a group of its own (a unique id that never commits), so
   * that the broker hands it exactly the owned partitions (see `ownedPartitionsAssigner`)
   * and every fetch position comes from `seek` to the reader's own offsets — never from a
   * group's committed offsets or another member.
   */
  private async startConsumer(): Promise<void> {
    const { ctx, config } = this;
    const groupId = `weir-${config.groupId ?? 'source'}-${ctx.stepId}-${ctx.subtaskIndex}-${randomBytes(6).toString('hex')}`;
    const owned = this.owned();
    const consumer = this.kafka!.consumer({
      groupId,
      partitionAssigners: [ownedPartitionsAssigner(() => owned)],
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: 100,
    });
    this.consumer = consumer;
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) this.fail(sourceError(config.name, 'consumer crashed', payload.error));
    });
    // After every (re)join — the first, and any after a lost session — fetching resumes
    // exactly at the reader's next offset to fetch.
    consumer.on(consumer.events.GROUP_JOIN, () => this.seekAll());
    await consumer.connect();
    await consumer.subscribe({ topics: [...owned.keys()] });
    await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: (payload) => this.onBatch(payload) });
    this.seekAll();
  }

  private seekAll(): void {
    if (this.consumer === undefined || this.closed) return;
    for (const p of this.positions.values()) this.consumer.seek({ topic: p.topic, partition: p.partition, offset: String(p.fetched) });
  }

  private async onBatch({ batch, resolveOffset, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const position = this.positions.get(partitionKey(batch.topic, batch.partition));
    if (position === undefined) return;
    for (const message of batch.messages) {
      if (!isRunning() || isStale() || this.error !== undefined) return;
      const offset = Number(message.offset);
      // A fetch that raced a seek may repeat what is already buffered.
      if (offset < position.fetched) continue;
      if (position.stop !== undefined && offset >= position.stop) break;
      let value: T;
      try {
        value = this.config.deserialize(message);
      } catch (err) {
        if (this.deadLetterProducer === undefined) {
          this.fail(new WeirError('ERR_KAFKA_DESERIALIZE', `kafkaSource '${this.config.name}' could not deserialize ${batch.topic}/${batch.partition}@${offset} and has no deadLetterTopic: ${(err as Error).message}`, { domain: 'user', cause: err }));
          return;
        }
        // Awaited before the offset moves on: a record is never skipped before the
        // dead-letter topic acknowledged it.
        try {
          await this.sendDeadLetter(batch.topic, batch.partition, message, err);
        } catch (sendErr) {
          this.fail(new WeirError('ERR_KAFKA_PRODUCE', `kafkaSource '${this.config.name}' could not send ${batch.topic}/${batch.partition}@${offset} to dead-letter topic ${this.config.deadLetterTopic!}: ${(sendErr as Error).message}`, { domain: 'external', retriable: true, cause: sendErr }));
          return;
        }
        this.deadLetters++;
        position.fetched = offset + 1;
        this.queue.push({ value: SKIP, timestamp: 0, position, offset });
        resolveOffset(message.offset);
        continue;
      }
      this.queue.push({ value, timestamp: Number(message.timestamp), position, offset });
      position.buffered++;
      position.fetched = offset + 1;
      resolveOffset(message.offset);
    }
    if (this.queue.length - this.head >= this.config.maxBufferedRecords && !this.paused && this.consumer !== undefined) {
      this.consumer.pause([...this.owned()].map(([topic, partitions]) => ({ topic, partitions })));
      this.paused = true;
    }
    this.signal();
  }

  private async sendDeadLetter(topic: string, partition: number, message: KafkaMessage, err: unknown): Promise<void> {
    const headers: IHeaders = {
      ...message.headers,
      'weir.dlq.topic': topic,
      'weir.dlq.partition': String(partition),
      'weir.dlq.offset': message.offset,
      'weir.dlq.reason': String((err as Error | undefined)?.message ?? err).slice(0, 1000),
    };
    await this.deadLetterProducer!.send({
      topic: this.config.deadLetterTopic!,
      acks: -1,
      messages: [{ key: message.key, value: message.value, headers, timestamp: message.timestamp }],
    });
  }

  private fail(err: WeirError): void {
    this.error ??= err;
    this.signal();
  }

  private signal(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private partitionDone(p: Position): boolean {
    return p.stop !== undefined && p.buffered === 0 && (p.next >= p.stop || p.fetched >= p.stop);
  }

  pollNext(output: SourceOutput<T>, max: number): PollStatus {
    if (this.error !== undefined) throw this.error;
    if (!this.splitsAnnounced) {
      // Every owned partition holds the watermark back from the start, not from its first record.
      for (const p of this.positions.values()) output.addSplit?.(p.split);
      this.splitsAnnounced = true;
    }
    const queue = this.queue;
    let emitted = 0;
    while (emitted < max && this.head < queue.length) {
      const item = queue[this.head++]!;
      item.position.next = item.offset + 1;
      if (item.value === SKIP) continue;
      item.position.buffered--;
      output.collect(item.value, item.timestamp, item.position.split);
      emitted++;
    }
    // A dead-letter marker right behind the last emitted record moves the position on too.
    while (this.head < queue.length && queue[this.head]!.value === SKIP) {
      const item = queue[this.head++]!;
      item.position.next = item.offset + 1;
    }
    if (this.head === queue.length) {
      this.queue = [];
      this.head = 0;
    } else if (this.head > 4096 && this.head * 2 > queue.length) {
      this.queue = queue.slice(this.head);
      this.head = 0;
    }
    const waiting = this.queue.length - this.head;
    if (this.paused && waiting <= this.config.maxBufferedRecords / 2) {
      this.paused = false;
      this.consumer?.resume([...this.owned()].map(([topic, partitions]) => ({ topic, partitions })));
    }
    if (waiting > 0) return 'more';
    if (this.config.stoppingOffsets !== undefined && [...this.positions.values()].every((p) => this.partitionDone(p))) return 'end';
    return 'blocked';
  }

  available(): Promise<void> {
    if (this.error !== undefined || this.queue.length > this.head) return Promise.resolve();
    return new Promise((resolve) => {
      const previous = this.wake;
      this.wake = () => {
        previous?.();
        resolve();
      };
    });
  }

  snapshotState(checkpointId: number): KafkaSourceState {
    const partitions = [...this.positions.values()].map((p) => ({ topic: p.topic, partition: p.partition, offset: p.next }));
    if (this.config.groupId !== undefined) this.pendingCommits.set(checkpointId, partitions);
    return this.ownership.state(partitions);
  }

  /** Commits the completed checkpoint's offsets to `groupId`, for lag monitoring only. */
  async notifyCheckpointComplete(checkpointId: number): Promise<void> {
    const offsets = this.pendingCommits.get(checkpointId);
    for (const id of this.pendingCommits.keys()) if (id <= checkpointId) this.pendingCommits.delete(id);
    if (offsets === undefined || offsets.length === 0 || this.kafka === undefined) return;
    const byTopic = new Map<string, { partition: number; offset: string }[]>();
    for (const o of offsets) byTopic.set(o.topic, [...(byTopic.get(o.topic) ?? []), { partition: o.partition, offset: String(o.offset) }]);
    try {
      // kafkajs commits to a group only as a member of it, or with `sendOffsets` in a
      // transaction (a standalone commit): the latter leaves the group empty, so any number of
      // subtasks can commit their own partitions.
      if (this.offsetCommitter === undefined) {
        const { ctx } = this;
        this.offsetCommitter = this.kafka!.producer({ transactionalId: `weir-offsets-${this.config.groupId!}-${ctx.stepId}-${ctx.subtaskIndex}`, idempotent: true, maxInFlightRequests: 1 });
        await this.offsetCommitter.connect();
      }
      const transaction = await this.offsetCommitter.transaction();
      try {
        await transaction.sendOffsets({ consumerGroupId: this.config.groupId!, topics: [...byTopic].map(([topic, partitions]) => ({ topic, partitions })) });
        await transaction.commit();
      } catch (err) {
        await transaction.abort().catch(() => undefined);
        throw err;
      }
    } catch {
      // Positions live in the checkpoint; the group's offsets only show lag. A failed commit
      // is counted, and the next checkpoint commits newer offsets.
      this.failedOffsetCommits++;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const results = await Promise.allSettled([this.consumer?.disconnect(), this.deadLetterProducer?.disconnect(), this.offsetCommitter?.disconnect(), this.admin?.disconnect()]);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed !== undefined) throw sourceError(this.config.name, 'could not disconnect', failed.reason);
  }
}

/**
 * A Kafka source (kafkajs). Its splits are topic partitions: on a fresh start subtask s of p
 * reads the partitions q with `q % p === s` of every topic; after a restore, ownership
 * follows the restored states (see {@link PartitionOwnership}), so every partition resumes
 * exactly at its checkpointed offset at any parallelism.
 *
 * Each reader runs one kafkajs consumer, alone in a unique group, that fetches only its
 * partitions from offsets it seeks itself; fetched records wait in a bounded buffer (fetching
 * pauses above `maxBufferedRecords`) that `pollNext` drains synchronously. A record's Kafka
 * timestamp is its native timestamp. Records that fail to deserialize go, raw and with
 * `weir.dlq.topic/partition/offset/reason` headers, to `deadLetterTopic` before the position
 * passes them (a replay after a failure may send one again). Offsets are committed to
 * `groupId` when a checkpoint completes (a standalone commit through a transactional
 * producer `weir-offsets-<group>-<step>-<subtask>`), for monitoring only.
 */
export function kafkaSource<T = string>(options: KafkaSourceOptions<T>): Source<T> {
  const config = kafkaSourceConfig(options);
  return {
    boundedness: config.stoppingOffsets === undefined ? 'unbounded' : 'bounded',
    name: config.name,
    createReader: (ctx) => new KafkaSourceReader(config, ctx),
  };
}
