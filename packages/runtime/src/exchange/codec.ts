import { Packr, Unpackr } from 'msgpackr';
import type { ChannelEntry } from './channel-entry.js';

/**
 * The binary codec for entries that cross threads or processes (msgpack via msgpackr, with
 * record structures described inline so that sender and receiver need no shared schema).
 * Watermarks are encoded as numbers; ±Infinity and NaN survive msgpack's float64.
 */
export class EntryCodec {
  private readonly packr = new Packr({ useRecords: true });
  private readonly unpackr = new Unpackr({ useRecords: true });

  encode(entry: ChannelEntry): Uint8Array {
    switch (entry.kind) {
      case 'data':
        return this.packr.pack([0, entry.values, entry.timestamps]);
      case 'watermark':
        return this.packr.pack([1, entry.watermark]);
      case 'idle':
        return this.packr.pack([2, entry.idle]);
      case 'end':
        return this.packr.pack([3]);
      case 'barrier':
        return this.packr.pack([4, entry.checkpointId]);
    }
  }

  decode(bytes: Uint8Array): ChannelEntry {
    const v = this.unpackr.unpack(bytes) as [number, ...unknown[]];
    switch (v[0]) {
      case 0:
        return { kind: 'data', values: v[1] as unknown[], timestamps: v[2] as number[] };
      case 1:
        return { kind: 'watermark', watermark: v[1] as number };
      case 2:
        return { kind: 'idle', idle: v[1] as boolean };
      case 3:
        return { kind: 'end' };
      case 4:
        return { kind: 'barrier', checkpointId: v[1] as number };
      default:
        throw new Error(`unknown channel entry tag ${String(v[0])}`);
    }
  }
}
