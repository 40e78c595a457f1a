/**
 * Thrown when a real service a test depends on cannot be reached or started.
 * Tests let it propagate: a missing service fails the test, it never skips it.
 */
export class ServiceUnavailableError extends Error {
  readonly code = 'ERR_TEST_SERVICE_UNAVAILABLE';
  constructor(
    readonly service: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${service} is not available: ${detail}`, options);
    this.name = 'ServiceUnavailableError';
  }
}
