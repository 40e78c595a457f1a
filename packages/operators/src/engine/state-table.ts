import type { Key } from '../api/key.js';
import type { StateTtl } from '../state/state-ttl.js';
import type { Clock } from '../time/time.js';
import type { StateKind } from './keyed-state-snapshot.js';

/**
 * The entries of one declared keyed state: one per key, with an optional time-to-live.
 * `undefined` means "no entry", so a stored value is never `undefined`.
 *
 * Without TTL an access is one Map lookup. With TTL, expiry times live in a second map and
 * the injected clock is read on every access; an expired entry is removed when touched.
 */
export class StateTable {
  /** The live entries, by key. */
  readonly values = new Map<Key, unknown>();
  /** Expiry times (processing time), by key; present only for state with a TTL. */
  private expiry: Map<Key, number> | undefined;
  private ttlMs = 0;
  private refreshOnRead = false;

  constructor(
    readonly name: string,
    readonly kind: StateKind,
    private readonly clock: Clock,
  ) {}

  /** Applies the TTL of the descriptor that declares this state (none: entries never expire). */
  configureTtl(ttl: StateTtl | undefined): void {
    if (ttl === undefined) {
      this.expiry = undefined;
      return;
    }
    if (!(ttl.ttlMs > 0)) throw new RangeError(`state '${this.name}': ttlMs must be > 0, got ${ttl.ttlMs}`);
    this.ttlMs = ttl.ttlMs;
    this.refreshOnRead = ttl.update === 'on-read-and-write';
    this.expiry ??= new Map();
  }

  /** The key's live entry, or undefined; drops it when expired, refreshes it on 'on-read-and-write'. */
  get(key: Key): unknown {
    const value = this.values.get(key);
    const expiry = this.expiry;
    if (expiry === undefined || value === undefined) return value;
    const now = this.clock.now();
    const expiresAt = expiry.get(key);
    if (expiresAt !== undefined && expiresAt <= now) {
      this.values.delete(key);
      expiry.delete(key);
      return undefined;
    }
    if (this.refreshOnRead) expiry.set(key, now + this.ttlMs);
    return value;
  }

  /** Writes the key's entry (never `undefined`) and restarts its lifetime. */
  set(key: Key, value: unknown): void {
    this.values.set(key, value);
    if (this.expiry !== undefined) this.expiry.set(key, this.clock.now() + this.ttlMs);
  }

  /** Restarts the lifetime of an entry that was changed in place (a list or map). */
  touch(key: Key): void {
    if (this.expiry !== undefined) this.expiry.set(key, this.clock.now() + this.ttlMs);
  }

  delete(key: Key): void {
    this.values.delete(key);
    this.expiry?.delete(key);
  }

  /** Puts a restored entry back, keeping its expiry time. */
  restore(key: Key, value: unknown, expiresAt: number | undefined): void {
    this.values.set(key, value);
    if (expiresAt !== undefined) (this.expiry ??= new Map()).set(key, expiresAt);
  }

  /** Calls `fn` for every live entry, removing the expired ones on the way. */
  forEachLive(fn: (key: Key, value: unknown, expiresAt: number | undefined) => void): void {
    const expiry = this.expiry;
    if (expiry === undefined) {
      for (const [key, value] of this.values) fn(key, value, undefined);
      return;
    }
    const now = this.clock.now();
    for (const [key, value] of this.values) {
      const expiresAt = expiry.get(key);
      if (expiresAt !== undefined && expiresAt <= now) {
        // Deleting the current entry while iterating a Map is safe.
        this.values.delete(key);
        expiry.delete(key);
        continue;
      }
      fn(key, value, expiresAt);
    }
  }

  /** The number of live entries (expired ones are removed). */
  size(): number {
    if (this.expiry === undefined) return this.values.size;
    let n = 0;
    this.forEachLive(() => n++);
    return n;
  }

  clear(): void {
    this.values.clear();
    this.expiry?.clear();
  }
}
