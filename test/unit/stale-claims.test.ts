import { describe, expect, it } from 'vitest';
import {
  type SenderRuntime,
  settleOpenClaim,
  settleRemindersInFlight,
} from '../../functions/send-message/claims';
import type { InvoiceEvent, InvoiceRecord, StepClaim } from '../../functions/shared/store';
import { SendInProgressError } from '../../functions/shared/workflow-errors';

const ID = 'inv_AAAAAAAAAAAAAAAAAAAAAA';
const NOW = new Date('2026-11-30T08:05:00.000Z');
const WALL = 1_800_000_000_000;

/** The claims port: the claims that are still open and the events written. */
function fakeStore(open: string[]) {
  const events: InvoiceEvent[] = [];
  return {
    events,
    async markClaimUnknown(_invoiceId: string, step: string) {
      const index = open.indexOf(step);
      if (index < 0) return false;
      open.splice(index, 1);
      return true;
    },
    async appendEvent(_invoiceId: string, event: InvoiceEvent) {
      events.push(event);
    },
  };
}

function runtime(sending: string[] = []): SenderRuntime {
  return {
    id: 'here',
    maxSendMs: 60_000,
    soleSender: false,
    wallNowMs: () => WALL,
    sending: new Set(sending),
  };
}

const claim = (owner: Partial<StepClaim>): StepClaim => ({
  state: 'claimed',
  claimedAt: '2026-11-30T08:00:00.000Z',
  ...owner,
});

describe('settleOpenClaim', () => {
  it('should ask for a retry while the claim may still be sending, and write nothing', async () => {
    const store = fakeStore(['first_reminder']);
    const fresh = claim({ claimedBy: 'elsewhere', claimedAtWallMs: WALL - 1_000 });
    await expect(settleOpenClaim(store, runtime(), ID, 'first_reminder', fresh, NOW)).rejects.toThrow(
      SendInProgressError,
    );
    const mine = claim({ claimedBy: 'here', claimedAtWallMs: WALL - 120_000 });
    await expect(
      settleOpenClaim(store, runtime([`${ID}#first_reminder`]), ID, 'first_reminder', mine, NOW),
    ).rejects.toThrow(SendInProgressError);
    expect(store.events).toEqual([]);
  });

  it('should mark an abandoned claim unknown, for a human, and never resend it', async () => {
    const store = fakeStore(['first_reminder']);
    const old = claim({ claimedBy: 'elsewhere', claimedAtWallMs: WALL - 60_000 });
    await settleOpenClaim(store, runtime(), ID, 'first_reminder', old, NOW);
    expect(store.events).toEqual([
      expect.objectContaining({
        type: 'send_outcome_unknown',
        step: 'first_reminder',
        at: NOW.toISOString(),
        claimedAt: old.claimedAt,
      }),
    ]);
  });

  it('should write nothing when the claim ended meanwhile (sent, released or settled by another)', async () => {
    const store = fakeStore([]);
    await settleOpenClaim(store, runtime(), ID, 'first_reminder', claim({ claimedBy: 'gone' }), NOW);
    expect(store.events).toEqual([]);
  });
});

describe('settleRemindersInFlight', () => {
  it('should settle every open reminder claim before a thank-you and say so', async () => {
    const store = fakeStore(['first_reminder']);
    const invoice = {
      invoiceId: ID,
      steps: {
        courtesy_reminder: { state: 'sent', claimedAt: 'x' },
        first_reminder: claim({ claimedBy: 'gone', claimedAtWallMs: WALL - 600_000 }),
      },
    } as unknown as InvoiceRecord;
    expect(await settleRemindersInFlight(store, runtime(), invoice, NOW)).toBe(true);
    expect(store.events.map((event) => event.type)).toEqual(['send_outcome_unknown']);
  });

  it('should have nothing to settle when no reminder is in flight', async () => {
    const store = fakeStore([]);
    const invoice = { invoiceId: ID, steps: {} } as unknown as InvoiceRecord;
    expect(await settleRemindersInFlight(store, runtime(), invoice, NOW)).toBe(false);
  });
});
