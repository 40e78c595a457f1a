import { checkpointCorruptError, storageMisuseError } from './checkpoint-storage-errors.js';
import { crc32 } from './crc32.js';

/** ASCII `WEIRCHK1`: the first bytes of every `_metadata`. */
const MAGIC = new Uint8Array([0x57, 0x45, 0x49, 0x52, 0x43, 0x48, 0x4b, 0x31]);
/** The envelope format this code writes and reads. */
const FORMAT_VERSION = 1;
/** magic (8) + format version (u32) + payload length (u32) + CRC-32 of the payload (u32), big-endian. */
const HEADER_BYTES = MAGIC.length + 12;

/** The layout of a `_metadata` envelope, for documentation and tests. */
export const metadataEnvelope = { magic: 'WEIRCHK1', formatVersion: FORMAT_VERSION, headerBytes: HEADER_BYTES } as const;

/**
 * Wraps a payload in the `_metadata` envelope: `WEIRCHK1`, the format version, the payload
 * length and its CRC-32 (all big-endian u32), then the payload. The length catches a
 * truncated or extended file, the checksum a damaged one.
 */
export function sealMetadata(payload: Uint8Array): Uint8Array {
  if (payload.length > 0xffffffff) throw storageMisuseError(`checkpoint metadata of ${payload.length} bytes exceeds the envelope's 4 GiB limit`);
  const out = new Uint8Array(HEADER_BYTES + payload.length);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  view.setUint32(8, FORMAT_VERSION);
  view.setUint32(12, payload.length);
  view.setUint32(16, crc32(payload));
  out.set(payload, HEADER_BYTES);
  return out;
}

/**
 * Checks a `_metadata` envelope and returns its payload (a view, not a copy). Anything
 * wrong — too short, wrong magic, unknown format version, a length that does not match,
 * a checksum that does not match — is `ERR_CHECKPOINT_CORRUPT` naming the pointer.
 */
export function openMetadata(bytes: Uint8Array, pointer: string): Uint8Array {
  const corrupt = (why: string): never => {
    throw checkpointCorruptError(`checkpoint metadata at ${pointer} is corrupt: ${why}`);
  };
  if (bytes.length < HEADER_BYTES) corrupt(`${bytes.length} bytes is shorter than the ${HEADER_BYTES}-byte header`);
  for (let i = 0; i < MAGIC.length; i++) {
    if (bytes[i] !== MAGIC[i]) corrupt(`it does not start with the magic ${metadataEnvelope.magic}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8);
  if (version !== FORMAT_VERSION) corrupt(`format version ${version} is not the supported version ${FORMAT_VERSION}`);
  const length = view.getUint32(12);
  if (length !== bytes.length - HEADER_BYTES) corrupt(`the header announces ${length} payload bytes but ${bytes.length - HEADER_BYTES} follow`);
  const payload = bytes.subarray(HEADER_BYTES);
  const expected = view.getUint32(16);
  const actual = crc32(payload);
  if (actual !== expected) corrupt(`CRC-32 ${hex(actual)} of the payload does not match ${hex(expected)} in the header`);
  return payload;
}

/**
 * Refuses to write metadata that is not a sound envelope from `encodeMetadata`: it would make
 * a checkpoint that looks complete and cannot be restored. Passing such bytes is a bug.
 */
export function assertMetadataEnvelope(metadata: Uint8Array, location: string): void {
  try {
    openMetadata(metadata, location);
  } catch (err) {
    throw storageMisuseError(`refusing to write metadata for ${location} that is not an envelope from encodeMetadata: ${(err as Error).message}`);
  }
}

const hex = (n: number): string => `0x${n.toString(16).padStart(8, '0')}`;
