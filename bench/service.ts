import { type LocalService, type LocalServiceOptions, startLocalService } from '../lib/local/service';

/**
 * The local service as the in-process benchmarks start it: free ports, handlers' logs quiet, virtual time
 * from Monday 2026-11-02 (the fixtures' invoices are due later that month).
 */
export function startBenchService(options: Partial<LocalServiceOptions> = {}): Promise<LocalService> {
  return startLocalService({
    port: 0,
    mailboxPort: 0,
    now: '2026-11-02T10:00:00Z',
    logLevel: 'ERROR',
    ...options,
  });
}

/**
 * Runs a benchmark that reports in Markdown when its file is the script node was started with
 * (`tsx bench/<file>.ts …`), prints the report and exits (1 on failure).
 */
export function runWhenScript(file: string, bench: () => Promise<string>): void {
  if (!process.argv[1]?.endsWith(file)) return;
  bench().then(
    (markdown) => {
      console.log(markdown);
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
