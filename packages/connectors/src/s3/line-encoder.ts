/** Quotes a CSV field when it holds a comma, a quote or a line break (RFC 4180). */
function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** Turns records into lines of a file format, and gives the format's header. */
export interface LineEncoder<T> {
  readonly extension: string;
  readonly header: string | undefined;
  line(value: T): string;
}

/** JSON Lines: one JSON value per line. */
export function jsonLines<T>(): LineEncoder<T> {
  return { extension: 'jsonl', header: undefined, line: (v) => JSON.stringify(v) };
}

/** CSV with a header row, fields in `columns` order taken from each record's properties. */
export function csvLines<T>(columns: readonly string[]): LineEncoder<T> {
  return {
    extension: 'csv',
    header: columns.map(csvField).join(','),
    line: (v) => columns.map((c) => csvField((v as Record<string, unknown>)[c])).join(','),
  };
}
