import { WeirError } from '@weir/operators';

/** A partition's next offset to read: a reader's position in it. */
export interface PartitionOffset {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
}

/**
 * What a Kafka source reader checkpoints. Besides the next offset of every partition it
 * reads, it records which partitions it owns as residues of a modulus: partition q (of any
 * of the source's topics) is owned iff `q % modulus` is one of `residues`.
 */
export interface KafkaSourceState {
  readonly v: 1;
  readonly modulus: number;
  readonly residues: readonly number[];
  readonly partitions: readonly PartitionOffset[];
}

/**
 * Which partitions a reader owns, and the offsets it restored.
 *
 * - Fresh start: subtask s of p owns the partitions q with `q % p === s` (modulus p, residue s).
 * - Restore: ownership follows the restored states. The runtime gives new subtask s the
 *   states of old subtasks i with `i % p === s`; the reader owns the union of their residues
 *   under their (shared) modulus and resumes each partition at its checkpointed offset.
 *   Every old state reaches exactly one new subtask, so every partition keeps exactly one
 *   owner and continues exactly where the checkpoint left it, at any new parallelism; a
 *   subtask that received no state owns nothing (after a scale-up beyond the old
 *   parallelism, the extra readers idle). Partitions created after the checkpoint follow
 *   the same residues and start from the configured starting offsets.
 */
export class PartitionOwnership {
  private constructor(
    readonly modulus: number,
    readonly residues: ReadonlySet<number>,
    readonly restored: ReadonlyMap<string, number>,
  ) {}

  static initial(subtaskIndex: number, parallelism: number): PartitionOwnership {
    return new PartitionOwnership(parallelism, new Set([subtaskIndex]), new Map());
  }

  static restore(states: readonly unknown[], source: string): PartitionOwnership {
    const bad = (state: unknown): never => {
      throw new WeirError('ERR_STATE_UNKNOWN', `kafkaSource '${source}' cannot restore its position from ${JSON.stringify(state)}`, { domain: 'user' });
    };
    let modulus = 1;
    const residues = new Set<number>();
    const restored = new Map<string, number>();
    for (const state of states) {
      const s = state as Partial<KafkaSourceState> | null;
      if (typeof s !== 'object' || s === null || s.v !== 1 || !Number.isSafeInteger(s.modulus) || s.modulus! < 1) bad(state);
      if (!Array.isArray(s!.residues) || !Array.isArray(s!.partitions)) bad(state);
      if (s!.residues!.length > 0) {
        if (residues.size > 0 && modulus !== s!.modulus) bad(state);
        modulus = s!.modulus!;
      }
      for (const r of s!.residues!) residues.add(r);
      for (const p of s!.partitions!) {
        if (typeof p?.topic !== 'string' || !Number.isSafeInteger(p.partition) || !Number.isSafeInteger(p.offset)) bad(state);
        restored.set(partitionKey(p.topic, p.partition), p.offset);
      }
    }
    return new PartitionOwnership(modulus, residues, restored);
  }

  owns(partition: number): boolean {
    return this.residues.has(partition % this.modulus);
  }

  /** The checkpointed next offset of a partition, if the restored states had one. */
  restoredOffset(topic: string, partition: number): number | undefined {
    return this.restored.get(partitionKey(topic, partition));
  }

  /** The state to checkpoint with these positions. */
  state(partitions: readonly PartitionOffset[]): KafkaSourceState {
    return { v: 1, modulus: this.modulus, residues: [...this.residues].sort((a, b) => a - b), partitions };
  }
}

export const partitionKey = (topic: string, partition: number): string => `${topic}\u0000${partition}`;
