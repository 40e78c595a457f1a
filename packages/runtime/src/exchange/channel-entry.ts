/**
 * What travels along one channel (one upstream subtask → one downstream subtask), in order:
 * batches of records, and in-band events (watermarks, idleness, checkpoint barriers, end of
 * partition).
 * Only data batches consume flow-control credits.
 */
export type ChannelEntry =
  | { readonly kind: 'data'; readonly values: unknown[]; readonly timestamps: number[] }
  | { readonly kind: 'watermark'; readonly watermark: number }
  | { readonly kind: 'idle'; readonly idle: boolean }
  | { readonly kind: 'barrier'; readonly checkpointId: number }
  | { readonly kind: 'end' };
