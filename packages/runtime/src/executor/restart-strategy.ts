import { WeirError } from '@weir/operators';

/**
 * What to do when a job attempt fails (Flink's restart strategies): never restart; restart
 * up to `attempts` times after a fixed delay; with a delay growing by `multiplier` up to
 * `maxDelayMs` (reset after `resetAfterMs` without failure); or as long as no more than
 * `maxFailures` happen within `intervalMs`.
 */
export type RestartStrategy =
  | { readonly kind: 'none' }
  | { readonly kind: 'fixed-delay'; readonly attempts: number; readonly delayMs: number }
  | { readonly kind: 'exponential-delay'; readonly initialDelayMs: number; readonly maxDelayMs: number; readonly multiplier?: number; readonly resetAfterMs?: number }
  | { readonly kind: 'failure-rate'; readonly maxFailures: number; readonly intervalMs: number; readonly delayMs: number };

/** Decides, failure after failure, whether and when to restart. */
export class RestartPolicy {
  private failures: number[] = [];
  private delay: number;

  constructor(private readonly strategy: RestartStrategy) {
    const bad = (msg: string): never => {
      throw new WeirError('ERR_CONFIG_INVALID', `restart strategy ${strategy.kind}: ${msg}`, { domain: 'user' });
    };
    switch (strategy.kind) {
      case 'none':
        this.delay = 0;
        break;
      case 'fixed-delay':
        if (!(strategy.attempts >= 0) || !(strategy.delayMs >= 0)) bad('attempts and delayMs must be >= 0');
        this.delay = strategy.delayMs;
        break;
      case 'exponential-delay':
        if (!(strategy.initialDelayMs > 0) || !(strategy.maxDelayMs >= strategy.initialDelayMs)) bad('needs 0 < initialDelayMs <= maxDelayMs');
        this.delay = strategy.initialDelayMs;
        break;
      case 'failure-rate':
        if (!(strategy.maxFailures >= 1) || !(strategy.intervalMs > 0) || !(strategy.delayMs >= 0)) bad('needs maxFailures >= 1, intervalMs > 0, delayMs >= 0');
        this.delay = strategy.delayMs;
        break;
      default:
        this.delay = 0;
        bad('unknown kind');
    }
  }

  /** Records a failure at `now`; returns the delay before restarting, or undefined to give up. */
  onFailure(now: number): number | undefined {
    const s = this.strategy;
    const last = this.failures.at(-1);
    this.failures.push(now);
    switch (s.kind) {
      case 'none':
        return undefined;
      case 'fixed-delay':
        return this.failures.length <= s.attempts ? s.delayMs : undefined;
      case 'exponential-delay': {
        if (last !== undefined && now - last >= (s.resetAfterMs ?? Number.POSITIVE_INFINITY)) this.delay = s.initialDelayMs;
        const d = this.delay;
        this.delay = Math.min(s.maxDelayMs, this.delay * (s.multiplier ?? 2));
        return d;
      }
      case 'failure-rate':
        this.failures = this.failures.filter((t) => now - t < s.intervalMs);
        return this.failures.length <= s.maxFailures ? s.delayMs : undefined;
    }
  }
}
