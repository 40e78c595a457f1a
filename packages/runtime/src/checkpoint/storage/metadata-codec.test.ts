import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WeirError } from '@weir/operators';
import { crc32 } from './crc32.js';
import { decodeMetadata, encodeMetadata } from './metadata-codec.js';
import { metadataEnvelope, openMetadata, sealMetadata } from './metadata-envelope.js';

const POINTER = 's3://bucket/jobs/abc/chk-3/';

const corrupt = (why: RegExp) => (err: unknown) => {
  assert.ok(err instanceof WeirError, `expected a WeirError, got ${String(err)}`);
  assert.equal(err.code, 'ERR_CHECKPOINT_CORRUPT');
  assert.equal(err.retriable, false);
  assert.ok(err.message.includes(POINTER), `the message names the pointer: ${err.message}`);
  assert.match(err.message, why);
  return true;
};

/** Metadata shaped like what the coordinator writes. */
const sample = {
  checkpointId: 3,
  jobId: 'abc',
  timestamp: 1_700_000_000_123,
  operators: [
    { stepId: 'count', subtasks: [{ subtask: 0, file: { relativePath: 'count-0', size: 1234 } }] },
    { stepId: 'src', subtasks: [{ subtask: 0, inline: new Uint8Array([1, 2, 3]) }] },
  ],
  offsets: new Map<number, bigint>([[0, 12345678901234567890n]]),
  nothing: null,
  flag: true,
  unicode: 'café ✓',
};

describe('crc32', () => {
  it('matches the standard check value and zlib for the empty input', () => {
    assert.equal(crc32(new TextEncoder().encode('123456789')), 0xcbf43926);
    assert.equal(crc32(new Uint8Array(0)), 0);
    assert.equal(crc32(new TextEncoder().encode('The quick brown fox jumps over the lazy dog')), 0x414fa339);
  });
});

describe('checkpoint metadata codec', () => {
  it('round-trips objects, arrays, Maps, bigints, bytes, null and unicode', () => {
    const bytes = encodeMetadata(sample);
    const back = decodeMetadata(bytes, POINTER) as typeof sample;
    assert.equal(back.checkpointId, 3);
    assert.equal(back.timestamp, sample.timestamp);
    assert.deepEqual(back.operators[0], sample.operators[0]);
    assert.deepEqual([...(back.operators[1]!.subtasks[0] as { inline: Uint8Array }).inline], [1, 2, 3]);
    assert.ok(back.offsets instanceof Map, 'a Map comes back as a Map');
    assert.equal(back.offsets.get(0), 12345678901234567890n);
    assert.equal(back.nothing, null);
    assert.equal(back.flag, true);
    assert.equal(back.unicode, 'café ✓');
  });

  it('writes the WEIRCHK1 magic, the format version, the length and the CRC-32 of the payload', () => {
    const bytes = encodeMetadata({ a: 1 });
    assert.equal(Buffer.from(bytes.subarray(0, 8)).toString('ascii'), 'WEIRCHK1');
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    assert.equal(view.getUint32(8), metadataEnvelope.formatVersion);
    assert.equal(view.getUint32(12), bytes.length - metadataEnvelope.headerBytes);
    assert.equal(view.getUint32(16), crc32(bytes.subarray(metadataEnvelope.headerBytes)));
  });

  it('refuses every truncation, down to zero bytes', () => {
    const bytes = encodeMetadata(sample);
    for (let n = 0; n < bytes.length; n++) {
      assert.throws(() => decodeMetadata(bytes.subarray(0, n), POINTER), corrupt(/shorter than|announces/), `truncated to ${n} bytes`);
    }
  });

  it('refuses an extra trailing byte', () => {
    const bytes = encodeMetadata(sample);
    const longer = new Uint8Array(bytes.length + 1);
    longer.set(bytes);
    assert.throws(() => decodeMetadata(longer, POINTER), corrupt(/announces \d+ payload bytes but \d+ follow/));
  });

  it('refuses a flipped bit in any byte, header or payload', () => {
    const bytes = encodeMetadata(sample);
    for (let i = 0; i < bytes.length; i++) {
      const damaged = Uint8Array.from(bytes);
      damaged[i]! ^= 0x10;
      assert.throws(() => decodeMetadata(damaged, POINTER), corrupt(/magic|format version|announces|CRC-32/), `byte ${i} flipped`);
    }
  });

  it('names what is wrong: magic, version, checksum', () => {
    const bytes = encodeMetadata(sample);
    const wrongMagic = Uint8Array.from(bytes);
    wrongMagic.set(new TextEncoder().encode('FLINKCHK'), 0);
    assert.throws(() => decodeMetadata(wrongMagic, POINTER), corrupt(/does not start with the magic WEIRCHK1/));

    const newer = Uint8Array.from(bytes);
    new DataView(newer.buffer).setUint32(8, 2);
    assert.throws(() => decodeMetadata(newer, POINTER), corrupt(/format version 2 is not the supported version 1/));

    const flipped = Uint8Array.from(bytes);
    flipped[bytes.length - 1]! ^= 0xff;
    assert.throws(() => decodeMetadata(flipped, POINTER), corrupt(/CRC-32 0x[0-9a-f]{8} of the payload does not match/));

    assert.throws(() => decodeMetadata(new TextEncoder().encode('<Error>garbage</Error>'), POINTER), corrupt(/magic/));
  });

  it('refuses a sound envelope around a payload that is not msgpack, or has bytes after its value', () => {
    // A two-element array with one element: the envelope is sound, the msgpack inside is not.
    const sealed = sealMetadata(new Uint8Array([0x92, 0x01]));
    assert.deepEqual([...openMetadata(sealed, POINTER)], [0x92, 0x01]);
    assert.throws(() => decodeMetadata(sealed, POINTER), corrupt(/does not decode/));
    assert.throws(() => decodeMetadata(sealMetadata(new Uint8Array([0x01, 0x02])), POINTER), corrupt(/does not decode/));
  });
});
