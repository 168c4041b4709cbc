import { fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import S3rver from 's3rver';
import { closeServer, listen } from './http';

/** The storage emulators (DynamoDB, S3) and what every emulator shares; SES and its mailbox are in mailbox.ts. */

export interface RunningEmulator {
  readonly endpoint: string;
  close(): Promise<void>;
}

/** Requests an emulator served, by operation (`dynamodb:PutItem`, `s3:GET`, `ses:SendEmail`), and connections opened. */
export type CallCounts = Record<string, number>;

/**
 * Counts the requests a server answers under `prefix` (the benchmarks report calls per invoice). The
 * operation is DynamoDB's `X-Amz-Target` action, else the HTTP method; new connections are counted
 * too, which shows whether the clients reuse them.
 */
export function countCalls(server: Server, prefix: string, counts: CallCounts): void {
  const add = (key: string) => {
    counts[key] = (counts[key] ?? 0) + 1;
  };
  server.on('request', (request: { method?: string; headers: Record<string, unknown> }) => {
    const target = request.headers['x-amz-target'];
    add(`${prefix}:${typeof target === 'string' ? (target.split('.')[1] ?? target) : request.method}`);
  });
  server.on('connection', () => add(`${prefix}:(connections)`));
}

/** DynamoDB (dynalite): in memory, or LevelDB files under `<dataDir>/dynamodb`. */
export async function startDynamo(options: {
  host: string;
  dataDir?: string;
  counts?: CallCounts;
}): Promise<RunningEmulator> {
  const path = options.dataDir ? join(options.dataDir, 'dynamodb') : undefined;
  if (path) mkdirSync(path, { recursive: true });
  const server = dynalite({ path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  if (options.counts) countCalls(server, 'dynamodb', options.counts);
  const port = await listen(server, 0, options.host);
  return { endpoint: `http://${options.host}:${port}`, close: () => closeServer(server) };
}

/** Creates the template's tables, keeping existing ones (`--data-dir`) when their keys and indexes match. */
export async function provisionTables(
  client: DynamoDBClient,
  tables: readonly CreateTableCommandInput[],
): Promise<void> {
  await Promise.all(
    tables.map(async (table) => {
      try {
        const { Table } = await client.send(new DescribeTableCommand({ TableName: table.TableName }));
        const existing = new Set((Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
        const missing = (table.GlobalSecondaryIndexes ?? []).filter(
          (index) => !existing.has(index.IndexName),
        );
        if (missing.length > 0) {
          console.warn(
            `[local] table ${table.TableName} in the data directory lacks indexes ${missing.map((i) => i.IndexName).join(', ')}; ` +
              'delete the data directory to recreate it.',
          );
        }
      } catch (error) {
        if (!(error instanceof ResourceNotFoundException)) throw error;
        await client.send(new CreateTableCommand(table));
      }
    }),
  );
}

/** S3 (s3rver) with the template's buckets: files under `<dataDir>/s3`, or a temporary directory. */
export async function startS3(options: {
  host: string;
  buckets: readonly string[];
  dataDir?: string;
  counts?: CallCounts;
}): Promise<RunningEmulator> {
  const directory = options.dataDir
    ? join(options.dataDir, 's3')
    : mkdtempSync(join(tmpdir(), 'relance-s3-'));
  mkdirSync(directory, { recursive: true });
  const s3 = new S3rver({
    address: options.host,
    port: 0,
    silent: true,
    directory,
    configureBuckets: options.buckets.map((name) => ({ name })),
    vhostBuckets: false,
  });
  const address = await s3.run();
  const httpServer = (s3 as unknown as { httpServer?: Server }).httpServer;
  if (options.counts && httpServer) countCalls(httpServer, 's3', options.counts);
  return {
    endpoint: `http://${options.host}:${address.port}`,
    close: async () => {
      await s3.close();
      if (!options.dataDir) rmSync(directory, { recursive: true, force: true });
    },
  };
}

export interface StorageEmulators {
  readonly dynamoEndpoint: string;
  readonly s3Endpoint: string;
  /** Calls served so far, and the CPU time of the emulators' process when they run in their own. */
  stats(): Promise<{ calls: CallCounts; cpuMs?: number }>;
  close(): Promise<void>;
}

/**
 * DynamoDB and S3, in a child process by default (lib/local/emulator-host.ts): their request handling
 * then runs on another core than the handlers and the engine, which matters at scale. `inProcess`
 * keeps them in this process.
 */
export async function startStorageEmulators(options: {
  host: string;
  buckets: readonly string[];
  dataDir?: string;
  inProcess?: boolean;
}): Promise<StorageEmulators> {
  if (!options.inProcess) {
    try {
      return await startStorageProcess(options);
    } catch (error) {
      console.warn(`[local] ${(error as Error).message} Running DynamoDB and S3 in this process instead.`);
    }
  }
  const counts: CallCounts = {};
  const [dynamo, s3] = await Promise.all([
    startDynamo({ ...options, counts }),
    startS3({ ...options, counts }),
  ]);
  return {
    dynamoEndpoint: dynamo.endpoint,
    s3Endpoint: s3.endpoint,
    stats: async () => ({ calls: { ...counts } }),
    close: async () => {
      await dynamo.close();
      await s3.close();
    },
  };
}

async function startStorageProcess(options: {
  host: string;
  buckets: readonly string[];
  dataDir?: string;
}): Promise<StorageEmulators> {
  const child = fork(fileURLToPath(new URL('./emulator-host.ts', import.meta.url)), [], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = new Promise<{ dynamo: string; s3: string }>((resolve, reject) => {
    child.once('message', (message: { type: string; dynamo: string; s3: string; message?: string }) => {
      if (message.type === 'ready') resolve(message);
      else reject(new Error(`The storage emulators did not start: ${message.message}`));
    });
    child.once('exit', (code) =>
      reject(new Error(`The storage emulators process exited early (code ${code}).`)),
    );
    child.send({
      type: 'start',
      host: options.host,
      buckets: [...options.buckets],
      dataDir: options.dataDir,
    });
  });
  let endpoints: { dynamo: string; s3: string };
  try {
    endpoints = await ready;
  } catch (error) {
    child.kill();
    await exited;
    throw error;
  }
  return {
    dynamoEndpoint: endpoints.dynamo,
    s3Endpoint: endpoints.s3,
    stats: () =>
      new Promise((resolve) => {
        const onMessage = (message: { type: string; calls?: CallCounts; cpuMs?: number }) => {
          if (message.type !== 'stats') return;
          child.off('message', onMessage);
          resolve({ calls: message.calls ?? {}, cpuMs: message.cpuMs });
        };
        child.on('message', onMessage);
        child.send({ type: 'stats' });
      }),
    close: async () => {
      if (child.exitCode !== null) return;
      child.send({ type: 'stop' });
      const timeout = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timeout);
    },
  };
}
