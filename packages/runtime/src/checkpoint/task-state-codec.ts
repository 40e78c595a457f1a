import { Packr, Unpackr } from 'msgpackr';
import type { TaskSnapshot } from '../task/task.js';

const packr = new Packr({ useRecords: true });
const unpackr = new Unpackr({ useRecords: true });

/**
 * A task's snapshot as bytes (msgpack). Encoding is the synchronous copy of a checkpoint:
 * once encoded, later processing cannot change what is uploaded.
 */
export function encodeTaskSnapshot(snapshot: TaskSnapshot): Uint8Array {
  // msgpackr reuses its buffer between calls: copy so the bytes stay ours during the upload.
  return Uint8Array.from(packr.pack(snapshot));
}

/** Decodes what {@link encodeTaskSnapshot} made. */
export function decodeTaskSnapshot(bytes: Uint8Array): TaskSnapshot {
  return unpackr.unpack(bytes) as TaskSnapshot;
}
