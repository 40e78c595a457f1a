/** What `npm run services -- status` reports for one service. */
export interface ServiceStatus {
  readonly name: string;
  readonly running: boolean;
  readonly detail: string;
}

/** A real service the tests use, started and stopped idempotently by the harness. */
export interface Service {
  readonly name: string;
  /** Starts the service unless it already runs; resolves once it accepts requests. */
  up(): Promise<void>;
  /** Stops the service if this harness started it; a no-op otherwise. */
  down(): Promise<void>;
  status(): Promise<ServiceStatus>;
}
