import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isRetriableS3Error, isS3NotFound, wrapS3Error } from './wrap-s3-error.js';

/** An error shaped like the AWS SDK's service exceptions. */
const sdkError = (name: string, status: number | undefined, extra: object = {}): Error =>
  Object.assign(new Error(name), { name, $fault: status !== undefined && status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: status, attempts: 3 } }, extra);
const netError = (code: string): Error => Object.assign(new Error(`connect ${code} 127.0.0.1:9`), { code, $metadata: { attempts: 3 } });

describe('S3 error classification', () => {
  it('retries network failures, timeouts, throttling and 5xx answers', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN']) assert.equal(isRetriableS3Error(netError(code)), true, code);
    for (const [name, status] of [['InternalError', 500], ['ServiceUnavailable', 503], ['SlowDown', 503], ['TooManyRequestsException', 429]] as const) {
      assert.equal(isRetriableS3Error(sdkError(name, status)), true, name);
    }
    assert.equal(isRetriableS3Error(sdkError('TimeoutError', undefined)), true);
    assert.equal(isRetriableS3Error(new AggregateError([netError('ECONNREFUSED'), netError('ECONNREFUSED')], '')), true);
    assert.equal(isRetriableS3Error(Object.assign(new Error('wrapped'), { cause: netError('ECONNRESET') })), true);
  });

  it('does not retry 4xx answers or unknown errors', () => {
    for (const [name, status] of [['AccessDenied', 403], ['SignatureDoesNotMatch', 403], ['NoSuchBucket', 404], ['InvalidAccessKeyId', 403]] as const) {
      assert.equal(isRetriableS3Error(sdkError(name, status)), false, name);
    }
    assert.equal(isRetriableS3Error(new Error('boom')), false);
    assert.equal(isRetriableS3Error('a string'), false);
    assert.equal(isRetriableS3Error(netError('ENOTFOUND')), false, 'a host that does not resolve is a configuration error');
  });

  it('tells a missing object from a missing bucket', () => {
    assert.equal(isS3NotFound(sdkError('NoSuchKey', 404)), true);
    assert.equal(isS3NotFound(sdkError('NotFound', 404)), true, 'HeadObject has no body, so no code');
    assert.equal(isS3NotFound(sdkError('NoSuchBucket', 404)), false);
  });

  it('wraps into ERR_CHECKPOINT_STORAGE, external, keeping the cause and naming the action', () => {
    const cause = netError('ECONNREFUSED');
    const err = wrapS3Error('writing s3://b/k', cause);
    assert.equal(err.code, 'ERR_CHECKPOINT_STORAGE');
    assert.equal(err.domain, 'external');
    assert.equal(err.retriable, true);
    assert.equal(err.cause, cause);
    assert.equal(err.message, 'checkpoint storage failed writing s3://b/k: ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9');
    assert.equal(wrapS3Error('reading s3://b/k', sdkError('AccessDenied', 403)).message, 'checkpoint storage failed reading s3://b/k: AccessDenied HTTP 403: AccessDenied');
  });
});
