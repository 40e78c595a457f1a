/**
 * The canonical order of query result rows, so that a streaming result and a reference
 * result can be compared row for row after sorting both the same way.
 *
 * @module
 */

/** Columns to sort by, most significant first. Listing every column makes the order total. */
export type RowOrder<Row> = readonly (keyof Row & string)[];

/**
 * Orders two column values: `null` and `undefined` first, then numbers numerically, then
 * strings by UTF-16 code units (locale-independent, unlike `localeCompare`).
 */
function compareValues(x: unknown, y: unknown): number {
  if (x === y) return 0;
  if (x === null || x === undefined) return -1;
  if (y === null || y === undefined) return 1;
  const tx = typeof x;
  const ty = typeof y;
  if (tx !== ty) return tx < ty ? -1 : 1;
  return (x as number | string) < (y as number | string) ? -1 : 1;
}

/** Compares rows lexicographically over the `orderBy` columns. */
export function compareRows<Row extends object>(a: Row, b: Row, orderBy: RowOrder<Row>): number {
  for (const column of orderBy) {
    const c = compareValues(a[column], b[column]);
    if (c !== 0) return c;
  }
  return 0;
}

/** Sorts `rows` in place into the canonical order of `orderBy` and returns them. */
export function sortRows<Row extends object>(rows: Row[], orderBy: RowOrder<Row>): Row[] {
  return rows.sort((a, b) => compareRows(a, b, orderBy));
}
