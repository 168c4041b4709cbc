import { describe, expect, it } from 'vitest';
import { fixtureService, runBrokenExecution, runFlakyExecution } from '../fixtures/local/service';
import { sentAt } from './harness';

/**
 * The local service with its handlers in worker threads (`handlerThreads`), on the fixture template of
 * test/fixtures/local: the handlers read the virtual time each invocation carries, and their errors
 * reach Retry and Catch by name as they do in-process.
 */
describe('local service with handler threads', () => {
  const fixture = fixtureService({ handlerThreads: true });
  const { harness, startExecution } = fixture;

  it('should send at the virtual instants of the waits, handlers reading the virtual clock', async () => {
    await startExecution('threaded', {
      id: 'threaded',
      first: '2026-11-10T08:00:00Z',
      second: '2026-11-25T08:00:00Z',
    });
    await harness().advanceTo('2026-12-01T00:00:00Z');
    const sends = (await harness().emailsTo('customer+threaded@')).map((email) => [
      sentAt(email),
      email.subject,
    ]);
    expect(sends).toEqual([
      ['2026-11-10T08:00:00.000Z', 'first threaded 2026-11-10T08:00:00.000Z'],
      ['2026-11-25T08:00:00.000Z', 'second threaded 2026-11-25T08:00:00.000Z'],
    ]);
  });

  it('should retry a TransientSendError thrown in a thread and send once', async () => {
    expect(await runFlakyExecution(fixture)).toEqual({ emails: 2, retried: ['Send first'] });
  });

  it('should surface a thread handler error to Catch with its name and message', async () => {
    expect(await runBrokenExecution(fixture)).toMatchObject({
      Error: 'Error',
      Cause: { errorType: 'Error', errorMessage: 'broken#first cannot be sent' },
    });
  });
});
