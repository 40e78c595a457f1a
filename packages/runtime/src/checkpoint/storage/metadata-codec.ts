import { Packr, Unpackr } from 'msgpackr';
import { checkpointCorruptError } from './checkpoint-storage-errors.js';
import { openMetadata, sealMetadata } from './metadata-envelope.js';

// Records (msgpackr's object-shape extension) keep plain objects apart from Maps on the way
// back; without shared structures every `_metadata` describes its own shapes, so a file is
// readable on its own, by any later version.
const packr = new Packr({ useRecords: true });
const unpackr = new Unpackr({ useRecords: true });

/**
 * Encodes checkpoint metadata: msgpack (msgpackr) inside the `_metadata` envelope (magic
 * `WEIRCHK1`, format version, length, CRC-32). Plain objects, arrays, Maps, Sets, strings,
 * numbers, bigints, booleans, null and byte arrays survive the round trip (bytes come back
 * as a `Buffer`, a `Uint8Array`).
 */
export function encodeMetadata(value: unknown): Uint8Array {
  return sealMetadata(packr.pack(value));
}

/**
 * Decodes what {@link encodeMetadata} wrote. A damaged envelope or an undecodable payload is
 * `ERR_CHECKPOINT_CORRUPT` naming `pointer` (the checkpoint's URI), so that restoring never
 * proceeds from bytes it cannot trust.
 */
export function decodeMetadata(bytes: Uint8Array, pointer: string): unknown {
  const payload = openMetadata(bytes, pointer);
  try {
    return unpackr.unpack(payload);
  } catch (err) {
    throw checkpointCorruptError(`checkpoint metadata at ${pointer} is corrupt: its payload does not decode`, err);
  }
}
