/** A key of a keyed stream. Keys must be stable across processes, so only strings and numbers. */
export type Key = string | number;

/** The default maximum parallelism: the number of key groups keyed state is split into. */
export const DEFAULT_MAX_PARALLELISM = 128;

/** murmur3's 32-bit finaliser: spreads the bits of a 32-bit hash. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A hash of a key that is the same in every thread and process. */
export function hashKey(key: Key): number {
  if (typeof key === 'number') {
    if (Number.isInteger(key) && key >= -0x80000000 && key <= 0x7fffffff) return fmix32(key | 0);
    if (Number.isSafeInteger(key)) return fmix32((key % 0x100000000) ^ Math.floor(key / 0x100000000));
    key = String(key);
  }
  // FNV-1a over UTF-16 code units, then murmur3's finaliser.
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/** The key group (0 … maxParallelism − 1) a key's state belongs to. */
export function keyGroupOf(key: Key, maxParallelism: number): number {
  return hashKey(key) % maxParallelism;
}

/**
 * The subtask (0 … parallelism − 1) that owns a key group. Key groups are split into
 * contiguous ranges, so state can be redistributed when parallelism changes (Flink's rule).
 */
export function subtaskOfKeyGroup(keyGroup: number, maxParallelism: number, parallelism: number): number {
  return Math.floor((keyGroup * parallelism) / maxParallelism);
}

/** The key groups a subtask owns: [first, last] inclusive. */
export function keyGroupRange(subtask: number, maxParallelism: number, parallelism: number): readonly [number, number] {
  const first = Math.ceil((subtask * maxParallelism) / parallelism);
  const last = Math.ceil(((subtask + 1) * maxParallelism) / parallelism) - 1;
  return [first, last];
}
