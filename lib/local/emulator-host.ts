import { startDynamo, startS3 } from './emulators';

/**
 * Child process running DynamoDB (dynalite) and S3 (s3rver) for the local service, so that their
 * request handling runs on the machine's second core while handlers and the engine use the first.
 * Protocol (IPC): parent sends `{type: 'start', host, buckets, dataDir?}`, child answers
 * `{type: 'ready', dynamo, s3}` (endpoints) or `{type: 'error', message}`; `{type: 'stop'}` closes both
 * and exits. The child also exits when the parent goes away.
 */

interface StartMessage {
  readonly type: 'start';
  readonly host: string;
  readonly buckets: string[];
  readonly dataDir?: string;
}

type Closable = { close(): Promise<void> };
const running: Closable[] = [];

async function stopAll(): Promise<void> {
  for (const emulator of running.splice(0)) await emulator.close().catch(() => undefined);
}

process.on('message', (message: StartMessage | { type: 'stop' }) => {
  if (message.type === 'start') {
    Promise.all([
      startDynamo({ host: message.host, dataDir: message.dataDir }),
      startS3({ host: message.host, buckets: message.buckets, dataDir: message.dataDir }),
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
