import type { IDatabase } from 'pg-promise';
import { WeirError } from '@weir/operators';

/**
 * A pg-promise database, or a factory that makes one. Job modules run in worker threads, so
 * a job passes a factory (called once per reader or writer, in the thread that uses it); a
 * test in one thread may pass the database itself.
 *
 * The connector never creates connections from a URL: TLS and every other connection setting
 * belong to the injected database, e.g.
 * `pgp({ connectionString, ssl: { ca: readFileSync('ca.pem', 'utf8'), rejectUnauthorized: true } })`
 * (the `ssl` object is passed through pg to `tls.connect`).
 *
 * The connector never ends a pool, whether passed or made by a factory: the job owns its
 * databases (a factory may return one database per thread; pg's idle connections close after
 * the pool's `idleTimeoutMillis`).
 */
export type PostgresDatabase = IDatabase<object> | (() => IDatabase<object>);

/** How a sink moves an epoch's rows into the table (see docs/decisions.md, "PostgreSQL connector"). */
export type PostgresLoadMethod = 'copy' | 'insert';

/** Options of {@link postgresSink}. */
export interface PostgresSinkOptions<T> {
  /** Never set: carries the record type for the type checker only. */
  readonly __type?: T;
  readonly db: PostgresDatabase;
  /** Target table, `name` or `schema.name` (unquoted; quoted by the sink). */
  readonly table: string;
  /** The columns written, in order. */
  readonly columns: readonly string[];
  /** The upsert key (a primary key or unique constraint of the table), a subset of `columns`. */
  readonly conflictColumns: readonly string[];
  /** Turns a record into a row (column → value); by default the record itself is the row. */
  readonly toRow?: (value: T) => Readonly<Record<string, unknown>>;
  /**
   * Stable name of this sink in the epoch table `weir_sink_epochs`: the same across restarts
   * and restores of one job, different for every other job (or fresh start) writing to the
   * database. A writer started without restored state refuses to run when its sink id
   * already has committed epochs, because it would skip them.
   */
  readonly sinkId: string;
  /**
   * 'copy' (the default: COPY into a temporary table, then one INSERT … ON CONFLICT) or
   * 'insert' (multi-row INSERT … ON CONFLICT statements built by pg-promise's helpers).
   */
  readonly loadMethod?: PostgresLoadMethod;
  /** Rows per statement with loadMethod 'insert' (default 5000). */
  readonly insertBatchRows?: number;
  /** Name for plans and the dashboard. */
  readonly name?: string;
}

/** Options of {@link postgresSource}: exactly one of `table` and `query`. */
export interface PostgresSourceOptions<T> {
  /** Never set: carries the record type for the type checker only. */
  readonly __type?: T;
  readonly db: PostgresDatabase;
  /** A table to read, `name` or `schema.name`. */
  readonly table?: string;
  /** A SELECT to read instead of a table (wrapped as a subquery; it must return `orderColumn`). */
  readonly query?: string;
  /**
   * The change-capture position: a unique, strictly increasing column (a bigserial id, a
   * commit sequence). Rows are read in its order; the last one read is checkpointed.
   */
  readonly orderColumn: string;
  /** Wait between polls once caught up (default 1000 ms). */
  readonly pollIntervalMs?: number;
  /** Rows per query, also the bound of the reader's buffer (default 1000). */
  readonly batchSize?: number;
  /** Bounded: end once the rows present when caught up are read (tests, backfills). Default false. */
  readonly stopAtEnd?: boolean;
  /** Turns a row into a record; by default the row itself is the record. */
  readonly fromRow?: (row: Readonly<Record<string, unknown>>) => T;
  readonly name?: string;
}

/** A validated, quoted identifier path (`"schema"."table"`). */
export interface QualifiedName {
  readonly text: string;
  readonly quoted: string;
}

export interface PostgresSinkConfig<T> {
  readonly db: () => IDatabase<object>;
  readonly table: QualifiedName;
  readonly columns: readonly string[];
  readonly conflictColumns: readonly string[];
  readonly toRow: (value: T) => Readonly<Record<string, unknown>>;
  readonly sinkId: string;
  readonly loadMethod: PostgresLoadMethod;
  readonly insertBatchRows: number;
  readonly name: string;
}

export interface PostgresSourceConfig<T> {
  readonly db: () => IDatabase<object>;
  /** The FROM item: a quoted table or a parenthesised query. */
  readonly from: string;
  readonly orderColumn: string;
  readonly pollIntervalMs: number;
  readonly batchSize: number;
  readonly stopAtEnd: boolean;
  readonly fromRow: (row: Readonly<Record<string, unknown>>) => T;
  readonly name: string;
}

/** Double-quotes an identifier (a column or one part of a table name). */
export const quoteIdent = (name: string): string => `"${name.replaceAll('"', '""')}"`;

function invalid(who: string, msg: string): never {
  throw new WeirError('ERR_CONFIG_INVALID', `${who}: ${msg}`, { domain: 'user' });
}

const isName = (s: unknown): s is string => typeof s === 'string' && s.length > 0 && s.length <= 63 && !s.includes('\0');

function qualifiedName(who: string, table: unknown): QualifiedName {
  const parts = typeof table === 'string' ? table.split('.') : [];
  if (parts.length < 1 || parts.length > 2 || !parts.every(isName)) invalid(who, `table ${JSON.stringify(table)} must be 'name' or 'schema.name'`);
  return { text: table as string, quoted: parts.map(quoteIdent).join('.') };
}

function database(who: string, db: unknown): { db: () => IDatabase<object> } {
  if (typeof db === 'function') return { db: db as () => IDatabase<object> };
  if (typeof db === 'object' && db !== null && typeof (db as Partial<IDatabase<object>>).tx === 'function') {
    return { db: () => db as IDatabase<object> };
  }
  return invalid(who, 'db must be a pg-promise database or a function returning one');
}

function positiveInt(who: string, what: string, v: unknown, fallback: number): number {
  const n = v ?? fallback;
  if (!Number.isSafeInteger(n) || (n as number) < 1) invalid(who, `${what} must be a positive integer, got ${String(v)}`);
  return n as number;
}

/** Validates sink options when the sink is built; bad values fail with ERR_CONFIG_INVALID. */
export function postgresSinkConfig<T>(o: PostgresSinkOptions<T>): PostgresSinkConfig<T> {
  const who = 'postgresSink';
  const table = qualifiedName(who, o.table);
  if (!Array.isArray(o.columns) || o.columns.length === 0 || !o.columns.every(isName)) invalid(who, 'columns must be a non-empty list of column names');
  if (new Set(o.columns).size !== o.columns.length) invalid(who, `columns ${JSON.stringify(o.columns)} repeat a name`);
  if (!Array.isArray(o.conflictColumns) || o.conflictColumns.length === 0) invalid(who, 'conflictColumns (the upsert key) must name at least one column');
  for (const c of o.conflictColumns) if (!o.columns.includes(c)) invalid(who, `conflict column ${JSON.stringify(c)} is not one of columns`);
  if (typeof o.sinkId !== 'string' || o.sinkId.length === 0 || o.sinkId.length > 200) invalid(who, 'sinkId must be a non-empty string of at most 200 characters');
  const loadMethod = o.loadMethod ?? 'copy';
  if (loadMethod !== 'copy' && loadMethod !== 'insert') invalid(who, `loadMethod must be 'copy' or 'insert', got ${String(loadMethod)}`);
  if (o.toRow !== undefined && typeof o.toRow !== 'function') invalid(who, 'toRow must be a function');
  return {
    ...database(who, o.db),
    table,
    columns: [...o.columns],
    conflictColumns: [...o.conflictColumns],
    toRow: o.toRow ?? ((v: T) => v as Readonly<Record<string, unknown>>),
    sinkId: o.sinkId,
    loadMethod,
    insertBatchRows: positiveInt(who, 'insertBatchRows', o.insertBatchRows, 5000),
    name: o.name ?? `postgres:${table.text}`,
  };
}

/** Validates source options when the source is built; bad values fail with ERR_CONFIG_INVALID. */
export function postgresSourceConfig<T>(o: PostgresSourceOptions<T>): PostgresSourceConfig<T> {
  const who = 'postgresSource';
  if ((o.table === undefined) === (o.query === undefined)) invalid(who, 'give exactly one of table and query');
  let from: string;
  let label: string;
  if (o.table !== undefined) {
    const t = qualifiedName(who, o.table);
    from = t.quoted;
    label = t.text;
  } else {
    if (typeof o.query !== 'string' || !/^\s*(select|with|values|table)\b/i.test(o.query)) invalid(who, 'query must be a SELECT (or WITH/VALUES/TABLE) statement');
    const q = o.query.trim().replace(/;\s*$/, '');
    from = `(${q})`;
    label = 'query';
  }
  if (!isName(o.orderColumn)) invalid(who, 'orderColumn must name a column');
  const pollIntervalMs = o.pollIntervalMs ?? 1000;
  if (!Number.isFinite(pollIntervalMs) || pollIntervalMs < 0) invalid(who, `pollIntervalMs must be a non-negative number, got ${String(o.pollIntervalMs)}`);
  if (o.fromRow !== undefined && typeof o.fromRow !== 'function') invalid(who, 'fromRow must be a function');
  return {
    ...database(who, o.db),
    from,
    orderColumn: o.orderColumn,
    pollIntervalMs,
    batchSize: positiveInt(who, 'batchSize', o.batchSize, 1000),
    stopAtEnd: o.stopAtEnd ?? false,
    fromRow: o.fromRow ?? ((row) => row as T),
    name: o.name ?? `postgres:${label}`,
  };
}
