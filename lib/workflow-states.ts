import { MESSAGE_STEPS, type MessageStep, STEP_LABELS } from '../functions/core/steps';

/**
 * Names of the workflow's states that are read outside the state machine's construct: the local demo's
 * timeline and the tests follow executions by these names, so they are written once, here, with no CDK
 * import (the timeline loads this module without the construct library).
 */

/** Name of the Send state of a step ("Send first reminder"; the escalation is "Escalate to finance team"). */
export function sendStateName(step: MessageStep): string {
  return step === 'escalation' ? 'Escalate to finance team' : `Send ${STEP_LABELS[step]}`;
}

/** Every state that sends a message, by name → the step it sends. */
export const SEND_STATES: ReadonlyMap<string, MessageStep> = new Map(
  MESSAGE_STEPS.map((step) => [sendStateName(step), step]),
);

/** The state an execution ends in once the whole cadence has run. */
export const DUNNING_COMPLETE_STATE = 'Dunning complete';
