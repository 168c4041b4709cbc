import { type CallCounts, startDynamo, startS3 } from './emulators';

/**
 * Child process running DynamoDB (dynalite) and S3 (s3rver) for the local service, so that their
 * request handling runs on the machine's second core while handlers and the engine use the first.
 * Protocol (IPC): parent sends `{type: 'start', host, buckets, dataDir?}`, child answers
 * `{type: 'ready', dynamo, s3}` (endpoints) or `{type: 'error', message}`; `{type: 'stop'}` closes both
 * and exits; `{type: 'stats'}` answers `{type: 'stats', calls, cpuMs}` (requests served by operation, CPU
 * time of this process). The child also exits when the parent goes away.
 */

interface StartMessage {
  readonly type: 'start';
  readonly host: string;
  readonly buckets: string[];
  readonly dataDir?: string;
}

type Closable = { close(): Promise<void> };
const running: Closable[] = [];
const counts: CallCounts = {};

async function stopAll(): Promise<void> {
  for (const emulator of running.splice(0)) await emulator.close().catch(() => undefined);
}

process.on('message', (message: StartMessage | { type: 'stop' } | { type: 'stats' }) => {
  if (message.type === 'stats') {
    const cpu = process.cpuUsage();
    process.send?.({ type: 'stats', calls: counts, cpuMs: (cpu.user + cpu.system) / 1000 });
  } else if (message.type === 'start') {
    Promise.all([
      startDynamo({ host: message.host, dataDir: message.dataDir, counts }),
      startS3({ host: message.host, buckets: message.buckets, dataDir: message.dataDir, counts }),
    ]).then(
      ([dynamo, s3]) => {
        running.push(dynamo, s3);
        process.send?.({ type: 'ready', dynamo: dynamo.endpoint, s3: s3.endpoint });
      },
      (error: unknown) =>
        process.send?.({ type: 'error', message: error instanceof Error ? error.message : String(error) }),
    );
  } else if (message.type === 'stop') {
    void stopAll().then(() => process.exit(0));
  }
});

process.on('disconnect', () => {
  void stopAll().then(() => process.exit(0));
});
