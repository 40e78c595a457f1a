/** A window of time: [start, end), in milliseconds. */
export interface TimeWindow {
  readonly start: number;
  readonly end: number;
}

/** The largest timestamp that still belongs to the window (end − 1). */
export function windowMaxTimestamp(w: TimeWindow): number {
  return w.end - 1;
}

/** The start of the window of `size` (shifted by `offset`) that contains `timestamp`. */
export function windowStart(timestamp: number, size: number, offset = 0): number {
  const rem = (timestamp - offset) % size;
  return rem < 0 ? timestamp - (rem + size) : timestamp - rem;
}
