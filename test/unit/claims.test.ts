import { describe, expect, it } from 'vitest';
import { type ClaimJudge, judgeClaim } from '../../functions/core/claims';

const WALL_NOW = Date.parse('2026-12-02T10:00:00Z');

const judge = (overrides: Partial<ClaimJudge> = {}): ClaimJudge => ({
  runtimeId: 'runtime-b',
  sendingHere: false,
  wallNowMs: WALL_NOW,
  maxSendMs: 60_000,
  soleSender: false,
  ...overrides,
});

// The workflow clock may be virtual and stand still: only the wall-clock fields may decide.
const VIRTUAL_CLAIM_TIME = '2027-03-01T08:00:00.000Z';

describe('judgeClaim', () => {
  it('should keep a claim of another runtime in flight until the send timeout has passed in real time', () => {
    const claim = {
      claimedAt: VIRTUAL_CLAIM_TIME,
      claimedBy: 'runtime-a',
      claimedAtWallMs: WALL_NOW - 59_999,
    };
    expect(judgeClaim(claim, judge())).toBe('in_flight');
  });

  it('should judge a claim of another runtime abandoned once the send timeout has passed in real time', () => {
    const claim = {
      claimedAt: VIRTUAL_CLAIM_TIME,
      claimedBy: 'runtime-a',
      claimedAtWallMs: WALL_NOW - 60_000,
    };
    expect(judgeClaim(claim, judge())).toBe('abandoned');
  });

  it('should judge abandoned a claim of this runtime that none of its invocations is sending', () => {
    const claim = { claimedAt: VIRTUAL_CLAIM_TIME, claimedBy: 'runtime-b', claimedAtWallMs: WALL_NOW - 10 };
    expect(judgeClaim(claim, judge())).toBe('abandoned');
    expect(judgeClaim(claim, judge({ sendingHere: true }))).toBe('in_flight');
  });

  it('should judge abandoned, at once, a claim of another process when this one is the sole sender', () => {
    const claim = {
      claimedAt: VIRTUAL_CLAIM_TIME,
      claimedBy: 'process-before-crash',
      claimedAtWallMs: WALL_NOW - 5,
    };
    expect(judgeClaim(claim, judge({ soleSender: true }))).toBe('abandoned');
  });

  it('should judge a claim written before runtimes were recorded by its claim time', () => {
    expect(judgeClaim({ claimedAt: '2026-12-02T09:59:30.000Z' }, judge())).toBe('in_flight');
    expect(judgeClaim({ claimedAt: '2026-12-02T09:58:00.000Z' }, judge())).toBe('abandoned');
    expect(judgeClaim({ claimedAt: 'not a date' }, judge())).toBe('abandoned');
  });
});
