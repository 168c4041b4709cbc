import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SendRateLimiter } from '../../lib/local/mailbox';

describe('SendRateLimiter (the local SES maximum send rate)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['performance'] });
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('should let one second of messages through at once, then refuse until tokens refill', () => {
    const limiter = new SendRateLimiter(14);
    const burst = Array.from({ length: 20 }, () => limiter.take());
    expect(burst.filter(Boolean)).toHaveLength(14);
    vi.advanceTimersByTime(500);
    expect(Array.from({ length: 10 }, () => limiter.take()).filter(Boolean)).toHaveLength(7);
  });

  it('should never hold more than one second of tokens after a long idle time', () => {
    const limiter = new SendRateLimiter(5);
    vi.advanceTimersByTime(60_000);
    expect(Array.from({ length: 20 }, () => limiter.take()).filter(Boolean)).toHaveLength(5);
  });

  it('should refuse a rate that is not positive', () => {
    expect(() => new SendRateLimiter(0)).toThrow(RangeError);
  });
});
