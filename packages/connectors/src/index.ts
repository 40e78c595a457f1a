/**
 * @weir/connectors — sources and sinks for the world outside a job. Each connector lives
 * behind its own subpath export (`@weir/connectors/rxjs`, …) so that importing one never
 * loads another's client library.
 */
export {};
