/**
 * Preloaded (`node --import`) into a benchmark's child process: every HTTP request the AWS SDK makes to
 * the local emulators gets its answer `BENCH_AWS_LATENCY_MS` later, the round trip a call takes inside an
 * AWS region. The emulators answer in well under a millisecond on this machine, so without it a
 * benchmark of concurrent I/O (batch registration) only measures CPU; with it, both trees (before and
 * after) wait the same time per call, as they would on AWS. The SDK calls `http.request(options,
 * callback)`; incoming requests (the local API) and `fetch` (the benchmark's own client) are untouched.
 */
import http from 'node:http';
import { syncBuiltinESMExports } from 'node:module';

const latencyMs = Number(process.env.BENCH_AWS_LATENCY_MS ?? 0);

if (latencyMs > 0) {
  const request = http.request;
  const delayed = (...args: unknown[]) => {
    const at = args.findIndex((arg) => typeof arg === 'function');
    if (at >= 0) {
      const onResponse = args[at] as (response: http.IncomingMessage) => void;
      args[at] = (response: http.IncomingMessage) => setTimeout(() => onResponse(response), latencyMs);
    }
    return (request as (...all: unknown[]) => http.ClientRequest)(...args);
  };
  http.request = delayed as typeof http.request;
  // ESM importers of `node:http` see the patched function too.
  syncBuiltinESMExports();
}
