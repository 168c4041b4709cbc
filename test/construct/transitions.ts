import { CADENCE_STEPS, type CadenceStep, STEP_LABELS } from '../../functions/core/steps';
import type { AslChoiceRule, AslDefinition, AslState } from './synth';

/**
 * A tiny walker of the synthesized JSONPath definition: it follows Choice rules as written in the
 * definition, applies ResultSelector/ResultPath, and takes task results from the scenario. It counts
 * the states an execution enters — each one is a billed state transition of a Standard workflow.
 */
export interface Scenario {
  readonly input: Record<string, unknown>;
  /** The raw result of a Task (before ResultSelector), given its state name and resolved Parameters. */
  readonly taskResult: (stateName: string, parameters: Record<string, unknown>) => unknown;
  /** The execution is stopped (StopExecution after a payment) while it is in this state. */
  readonly stoppedIn?: string;
}

export interface Walk {
  readonly states: readonly string[];
  readonly outcome: 'succeeded' | 'failed' | 'stopped';
}

const MAX_STATES = 500;

export function walk(definition: AslDefinition, scenario: Scenario): Walk {
  const states: string[] = [];
  let data: unknown = structuredClone(scenario.input);
  let name: string | undefined = definition.StartAt;
  while (name !== undefined) {
    if (states.length >= MAX_STATES) throw new Error(`more than ${MAX_STATES} states: loop at ${name}`);
    const state: AslState | undefined = definition.States[name];
    if (!state) throw new Error(`unknown state "${name}"`);
    states.push(name);
    if (name === scenario.stoppedIn) return { states, outcome: 'stopped' };
    switch (state.Type) {
      case 'Succeed':
        return { states, outcome: 'succeeded' };
      case 'Fail':
        return { states, outcome: 'failed' };
      case 'Wait':
        name = state.Next;
        break;
      case 'Pass': {
        const result = state.Parameters ? resolveParameters(state.Parameters, data) : data;
        data = applyResultPath(data, state.ResultPath, result);
        name = state.End ? undefined : state.Next;
        break;
      }
      case 'Choice': {
        const rule = (state.Choices ?? []).find((candidate: AslChoiceRule) => matches(candidate, data));
        name = rule ? rule.Next : state.Default;
        if (name === undefined)
          throw new Error(`Choice "${states.at(-1)}" has no matching rule and no Default`);
        break;
      }
      case 'Task': {
        const parameters = resolveParameters(state.Parameters ?? {}, data) as Record<string, unknown>;
        let result = scenario.taskResult(name, parameters);
        if (state.ResultSelector) result = resolveParameters(state.ResultSelector, result);
        data = applyResultPath(data, state.ResultPath, result);
        name = state.End ? undefined : state.Next;
        break;
      }
      default:
        throw new Error(`state type ${state.Type} is not supported by this walker`);
    }
  }
  return { states, outcome: 'succeeded' };
}

/** Total states entered by a sequence of executions (e.g. the stopped dunning run + the thank-you run). */
export function countTransitions(definition: AslDefinition, executions: readonly Scenario[]): number {
  return executions.reduce((total, execution) => total + walk(definition, execution).states.length, 0);
}

const INVOICE_ID = 'inv_transitions0000000000';

const ALL_PLANNED = Object.fromEntries(
  CADENCE_STEPS.map((step, index) => [
    step,
    { at: `2026-12-${String(index + 1).padStart(2, '0')}T08:00:00.000Z`, state: 'planned' },
  ]),
);

/**
 * The dunning run of an invoice whose five steps are planned. `statusBefore` is what the payment check
 * reads before a step (default `in_progress`); `stoppedIn` is where a payment stopped the run.
 */
export function dunningRun(
  options: { statusBefore?: Partial<Record<CadenceStep, string>>; stoppedIn?: string } = {},
): Scenario {
  return {
    input: { invoiceId: INVOICE_ID, mode: 'start' },
    stoppedIn: options.stoppedIn,
    taskResult: (stateName, parameters) => {
      if (String(parameters.FunctionName).includes('PlanScheduleFunction'))
        return { Payload: { steps: ALL_PLANNED } };
      if (String(parameters.TableName ?? '').length > 0) {
        const step = CADENCE_STEPS.find(
          (candidate) => stateName === `Check payment before ${STEP_LABELS[candidate]}`,
        );
        if (!step) throw new Error(`unexpected GetItem state "${stateName}"`);
        return { Item: { status: { S: options.statusBefore?.[step] ?? 'in_progress' } } };
      }
      // The formal notice re-plans the escalation from its actual send date.
      if (stateName === 'Send formal notice') {
        return { StatusCode: 200, Payload: { outcome: 'sent', escalation: ALL_PLANNED.escalation } };
      }
      return { StatusCode: 200, Payload: { outcome: 'sent' } };
    },
  };
}

/** The `<invoiceId>-thanks` run started after a full payment. */
export const THANK_YOU_RUN: Scenario = {
  input: { invoiceId: INVOICE_ID, mode: 'thank_you' },
  taskResult: () => ({ StatusCode: 200, Payload: { outcome: 'sent' } }),
};

/** The three reference paths of the cadence (all steps planned). */
export const REFERENCE_PATHS = {
  /** Courtesy reminder sent, paid before the due date: the run is stopped while waiting for the first reminder. */
  paidBeforeDueDate: [dunningRun({ stoppedIn: 'Wait until first reminder' }), THANK_YOU_RUN],
  /** Paid after the first reminder: stopped while waiting for the second reminder. */
  paidAfterFirstReminder: [dunningRun({ stoppedIn: 'Wait until second reminder' }), THANK_YOU_RUN],
  /** Never paid: every reminder, the formal notice and the escalation. */
  neverPaid: [dunningRun()],
} as const satisfies Record<string, readonly Scenario[]>;

function matches(rule: AslChoiceRule, data: unknown): boolean {
  if (rule.Or) return rule.Or.some((inner) => matches(inner, data));
  if (rule.And) return rule.And.every((inner) => matches(inner, data));
  if (rule.Not) return !matches(rule.Not, data);
  if (rule.Variable === undefined) throw new Error(`unsupported Choice rule ${JSON.stringify(rule)}`);
  const value = readPath(data, rule.Variable);
  if (rule.IsPresent !== undefined) return (value !== undefined) === rule.IsPresent;
  if (rule.StringEquals !== undefined) return value === rule.StringEquals;
  throw new Error(`unsupported Choice operator in ${JSON.stringify(rule)}`);
}

function readPath(data: unknown, path: string): unknown {
  if (path === '$') return data;
  if (!path.startsWith('$.')) throw new Error(`unsupported path ${path}`);
  let current: unknown = data;
  for (const key of path.slice(2).split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function resolveParameters(template: unknown, data: unknown): unknown {
  if (Array.isArray(template)) return template.map((item) => resolveParameters(item, data));
  if (template === null || typeof template !== 'object') return template;
  const resolved: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(template)) {
    if (key.endsWith('.$') && typeof value === 'string') {
      // Intrinsic functions (States.Format…) are kept as text: the walker does not need their value.
      resolved[key.slice(0, -2)] = value.startsWith('$') ? readPath(data, value) : value;
    } else {
      resolved[key] = resolveParameters(value, data);
    }
  }
  return resolved;
}

function applyResultPath(data: unknown, resultPath: string | null | undefined, result: unknown): unknown {
  if (resultPath === null) return data;
  if (resultPath === undefined || resultPath === '$') return result;
  const keys = resultPath.slice(2).split('.');
  const copy = structuredClone(data) as Record<string, unknown>;
  let target = copy;
  for (const key of keys.slice(0, -1)) {
    target[key] = typeof target[key] === 'object' && target[key] !== null ? target[key] : {};
    target = target[key] as Record<string, unknown>;
  }
  target[keys.at(-1) as string] = result;
  return copy;
}
