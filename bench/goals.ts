/**
 * "Where the goals stand": each goal of the lean-and-fast work next to the bound this run's own figures
 * put on it, so that a missed goal says whether more work on our code can reach it on this machine.
 */

export interface GoalFigures {
  /** Minified `index.mjs` files measured, and how many are under 1 MB. */
  readonly bundles: { readonly total: number; readonly underLimit: number };
  readonly apiColdMs: number;
  /** The DynamoDB and Step Functions clients and the logger alone (bench/sdk-floor.ts). */
  readonly sdkFloorMs: number;
  readonly batch: {
    readonly latencyMs: number;
    readonly beforeMs: number;
    readonly afterMs: number;
    /** After, with the emulators answering as fast as they can: the batch's own CPU work. */
    readonly afterWithoutLatencyMs: number;
  };
  readonly scale: {
    readonly invoices: number;
    readonly wallS?: number;
    /** CPU per invoice of the process running handlers and engine, and of the emulator process. */
    readonly cpuPerInvoiceMs?: number;
    readonly emulatorCpuPerInvoiceMs?: number;
    readonly cores: number;
  };
}

/** The goals of the lean-and-fast work (the bench tables mark each figure against them). */
export const API_COLD_GOAL_MS = 150;
export const BATCH_GOAL = 3;
export const SCALE_GOAL_S = 60;

function coldStart(figures: GoalFigures): string {
  const { apiColdMs, sdkFloorMs } = figures;
  const verdict = apiColdMs < API_COLD_GOAL_MS ? 'met' : 'not met';
  const bound =
    sdkFloorMs >= API_COLD_GOAL_MS
      ? `the two SDK clients and the logger alone take ${sdkFloorMs.toFixed(0)} ms from a fresh process, ` +
        `more than the goal: no change to our code reaches it here with the SDK bundled; ` +
        `${(apiColdMs - sdkFloorMs).toFixed(0)} ms above that floor are ours (zod schemas built at import, luxon, the routes)`
      : `the SDK clients and the logger alone take ${sdkFloorMs.toFixed(0)} ms, so ` +
        `${(apiColdMs - sdkFloorMs).toFixed(0)} ms above that floor are ours to cut`;
  return `- **API cold start** ${apiColdMs.toFixed(0)} ms against < ${API_COLD_GOAL_MS} ms: ${verdict}; ${bound}.`;
}

function batch(figures: GoalFigures): string {
  const { latencyMs, beforeMs, afterMs, afterWithoutLatencyMs } = figures.batch;
  const ratio = beforeMs / afterMs;
  const ceiling = beforeMs / afterWithoutLatencyMs;
  if (ratio >= BATCH_GOAL) {
    return (
      `- **Batch** ${ratio.toFixed(1)}× at ${latencyMs} ms per AWS call against ≥ ${BATCH_GOAL}×: met. ` +
      `What remains of the batch is mostly its own CPU work on this machine (${afterWithoutLatencyMs} ms ` +
      'with no latency), which no concurrency shortens on two cores.'
    );
  }
  return (
    `- **Batch** ${ratio.toFixed(1)}× at ${latencyMs} ms per AWS call against ≥ ${BATCH_GOAL}×: not met. ` +
    `However many invoices run at once, the batch cannot take less than its own CPU work on this machine ` +
    `(${afterWithoutLatencyMs} ms with no latency: validation, planning, the SDK, the emulators and the first ` +
    `states of the executions it starts, on the same two cores), which caps the ratio at ${ceiling.toFixed(1)}× here.`
  );
}

function scale(figures: GoalFigures): string {
  const { invoices, wallS, cpuPerInvoiceMs, emulatorCpuPerInvoiceMs, cores } = figures.scale;
  if (wallS === undefined || cpuPerInvoiceMs === undefined) return '- **Scale**: not measured in this run.';
  const cpuMs = cpuPerInvoiceMs + (emulatorCpuPerInvoiceMs ?? 0);
  const boundS = (invoices * cpuMs) / cores / 1000;
  const verdict = wallS < SCALE_GOAL_S ? 'met' : 'not met';
  return (
    `- **Scale** ${invoices} invoices in ${wallS.toFixed(0)} s against < ${SCALE_GOAL_S} s: ${verdict}. ` +
    `The run needs ${cpuMs.toFixed(0)} ms of CPU per invoice across both processes, so even with both cores ` +
    `busy all the time it cannot end before ${boundS.toFixed(0)} s; the goal needs under ` +
    `${((SCALE_GOAL_S * cores * 1000) / invoices).toFixed(0)} ms per invoice, every message rendered, sent ` +
    `through the SES emulator and recorded in the DynamoDB emulator as on AWS.`
  );
}

export function goalsSection(figures: GoalFigures): string {
  const { total, underLimit } = figures.bundles;
  return [
    '## Where the goals stand',
    '',
    `- **Bundles** ${underLimit} of ${total} minified files under 1 MB, AWS SDK included: ${underLimit === total ? 'met' : 'not met'}.`,
    coldStart(figures),
    batch(figures),
    scale(figures),
  ].join('\n');
}
