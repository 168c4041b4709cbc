import { beforeAll, describe, expect, it } from 'vitest';
import { takesContactDay } from '../../functions/core/consolidation';
import { CADENCE_STEPS, STEP_LABELS } from '../../functions/core/steps';
import { LAMBDA_RETRY_ERRORS } from '../../lib/workflow';
import { sendStateName } from '../../lib/workflow-states';
import {
  type AslDefinition,
  type AslState,
  type CfnTemplate,
  ref,
  resourcesOfType,
  stateMachineDefinition,
  synthesize,
} from './synth';
import { countTransitions, dunningRun, REFERENCE_PATHS, THANK_YOU_RUN, walk } from './transitions';

let json: CfnTemplate;
let definition: AslDefinition;

beforeAll(() => {
  ({ json } = synthesize());
  definition = stateMachineDefinition(json);
});

function state(name: string): AslState {
  const found = definition.States[name];
  if (!found) throw new Error(`no state "${name}"`);
  return found;
}

const taskStates = () =>
  Object.entries(definition.States).filter(([, candidate]) => candidate.Type === 'Task');

describe('Workflow state machine', () => {
  it('should be a Standard state machine with full logging (no execution data), tracing and no timeout', () => {
    const [[, machine]] = resourcesOfType(json, 'AWS::StepFunctions::StateMachine') as unknown as [
      [string, { Properties: Record<string, unknown> }],
    ];
    expect(machine.Properties.StateMachineType).toBe('STANDARD');
    expect(machine.Properties.TracingConfiguration).toEqual({ Enabled: true });
    expect(machine.Properties.LoggingConfiguration).toMatchObject({
      Level: 'ALL',
      IncludeExecutionData: false,
    });
    expect(definition.TimeoutSeconds).toBeUndefined();
    const logGroups = resourcesOfType(json, 'AWS::Logs::LogGroup').map(
      ([, group]) => group.Properties?.LogGroupName,
    );
    expect(logGroups).toContain('/aws/vendedlogs/states/Relance-dev-dunning');
  });

  it('should use JSONPath only: no JSONata and no Assign anywhere', () => {
    expect(definition.QueryLanguage ?? 'JSONPath').toBe('JSONPath');
    for (const [, candidate] of Object.entries(definition.States)) {
      expect(candidate.QueryLanguage).toBeUndefined();
      expect(candidate.Assign).toBeUndefined();
    }
    expect(JSON.stringify(definition)).not.toMatch(/\{%|JSONata|"Arguments"|"Output"/);
  });

  it('should have exactly the states of docs/architecture.md', () => {
    const perStep = CADENCE_STEPS.flatMap((step) => {
      const label = STEP_LABELS[step];
      return [
        `Is ${label} planned?`,
        `Wait until ${label}`,
        `Check payment before ${label}`,
        `Is invoice still due before ${label}?`,
        sendStateName(step),
        ...(takesContactDay(step)
          ? [`Was ${label} postponed?`, `Move ${label} to the next business day`]
          : []),
      ];
    });
    const expected = [
      'Route execution',
      'Wait until pause ends',
      'Plan schedule',
      ...perStep,
      'Plan escalation after the notice deadline',
      'Send thank-you',
      'Thanked',
      'Dunning complete',
      'Dunning stopped',
      'Record failure',
      'Dunning failed',
      'Resume the plan or the cadence?',
      'Plan next installment step',
      'What does the payment plan need next?',
      'Send installment reminder',
      'Was installment reminder postponed?',
      'Move installment reminder to the next business day',
      'Wait until next installment date',
      'Resume the cadence at the formal notice',
      'Payment plan ended',
    ];
    expect(Object.keys(definition.States).sort()).toEqual([...expected].sort());
    expect(definition.StartAt).toBe('Route execution');
    expect(sendStateName('escalation')).toBe('Escalate to finance team');
  });

  it('should route thank-you runs, paused runs, payment plans and first runs from "Route execution"', () => {
    expect(state('Route execution')).toMatchObject({
      Type: 'Choice',
      Choices: [
        { Variable: '$.mode', StringEquals: 'thank_you', Next: 'Send thank-you' },
        { Variable: '$.notBefore', IsPresent: true, Next: 'Wait until pause ends' },
        { Variable: '$.mode', StringEquals: 'payment_plan', Next: 'Plan next installment step' },
      ],
      Default: 'Plan schedule',
    });
    expect(state('Wait until pause ends')).toMatchObject({
      TimestampPath: '$.notBefore',
      Next: 'Resume the plan or the cadence?',
    });
    expect(state('Resume the plan or the cadence?')).toMatchObject({
      Choices: [{ Variable: '$.mode', StringEquals: 'payment_plan', Next: 'Plan next installment step' }],
      Default: 'Plan schedule',
    });
  });

  it('should loop a payment plan: plan the next step, wait or send (or wait again when postponed), plan again; a broken plan resumes at the notice', () => {
    expect(state('Plan next installment step')).toMatchObject({
      Parameters: {
        FunctionName: ref('PlanScheduleFunction.Arn'),
        Payload: { 'invoiceId.$': '$.invoiceId', mode: 'payment_plan' },
      },
      ResultPath: '$.installment',
      Next: 'What does the payment plan need next?',
    });
    expect(state('What does the payment plan need next?')).toMatchObject({
      Choices: [
        { Variable: '$.installment.action', StringEquals: 'send', Next: 'Send installment reminder' },
        { Variable: '$.installment.action', StringEquals: 'wait', Next: 'Wait until next installment date' },
        {
          Variable: '$.installment.action',
          StringEquals: 'broken',
          Next: 'Resume the cadence at the formal notice',
        },
        { Variable: '$.installment.action', StringEquals: 'paid', Next: 'Send thank-you' },
      ],
      Default: 'Payment plan ended',
    });
    expect(state('Send installment reminder')).toMatchObject({
      Parameters: {
        Payload: { 'invoiceId.$': '$.invoiceId', step: 'installment_reminder', 'key.$': '$.installment.key' },
      },
      Next: 'Was installment reminder postponed?',
    });
    // The address already got its message today: wait for the date the send function gave, then ask the
    // plan again (a payment made meanwhile is seen before anything is sent).
    expect(state('Was installment reminder postponed?')).toMatchObject({
      Choices: [
        {
          Variable: '$.lastSend.Payload.outcome',
          StringEquals: 'postponed',
          Next: 'Move installment reminder to the next business day',
        },
      ],
      Default: 'Plan next installment step',
    });
    expect(state('Move installment reminder to the next business day')).toMatchObject({
      Type: 'Pass',
      Parameters: { action: 'wait', 'at.$': '$.lastSend.Payload.at', key: '' },
      ResultPath: '$.installment',
      Next: 'Wait until next installment date',
    });
    expect(state('Wait until next installment date')).toMatchObject({
      TimestampPath: '$.installment.at',
      Next: 'Plan next installment step',
    });
    expect(state('Resume the cadence at the formal notice')).toMatchObject({
      Type: 'Pass',
      Parameters: { 'invoiceId.$': '$.invoiceId', mode: 'plan_broken' },
      Next: 'Plan schedule',
    });
  });

  it('should plan with the plan function and keep only Payload.steps under $.plan', () => {
    expect(state('Plan schedule')).toMatchObject({
      Resource: `arn:${ref('AWS::Partition')}:states:::lambda:invoke`,
      Parameters: {
        FunctionName: ref('PlanScheduleFunction.Arn'),
        Payload: { 'invoiceId.$': '$.invoiceId', 'mode.$': '$.mode' },
      },
      ResultSelector: { 'steps.$': '$.Payload.steps' },
      ResultPath: '$.plan',
      Next: 'Is courtesy reminder planned?',
    });
  });

  it('should make every Wait wait for a timestamp taken from the input (TimestampPath)', () => {
    const waits = Object.entries(definition.States).filter(([, candidate]) => candidate.Type === 'Wait');
    expect(waits).toHaveLength(CADENCE_STEPS.length + 2);
    for (const [name, wait] of waits) {
      expect(wait.TimestampPath, name).toMatch(/^\$\.(notBefore|installment\.at|plan\.steps\.[a-z_]+\.at)$/);
      expect(wait.Seconds ?? wait.Timestamp ?? wait.SecondsPath, name).toBeUndefined();
    }
  });

  it.each(CADENCE_STEPS)(
    'should chain planned? → wait → consistent payment check → still due? → send for %s',
    (step) => {
      const label = STEP_LABELS[step];
      const index = CADENCE_STEPS.indexOf(step);
      const nextStep = CADENCE_STEPS[index + 1];
      const after = nextStep ? `Is ${STEP_LABELS[nextStep]} planned?` : 'Dunning complete';
      expect(state(`Is ${label} planned?`)).toMatchObject({
        Choices: [
          { Variable: `$.plan.steps.${step}.state`, StringEquals: 'planned', Next: `Wait until ${label}` },
        ],
        Default: after,
      });
      expect(state(`Wait until ${label}`)).toMatchObject({
        TimestampPath: `$.plan.steps.${step}.at`,
        Next: `Check payment before ${label}`,
      });
      expect(state(`Check payment before ${label}`)).toMatchObject({
        Resource: `arn:${ref('AWS::Partition')}:states:::dynamodb:getItem`,
        Parameters: {
          TableName: ref('StorageTable'),
          ConsistentRead: true,
          Key: { pk: { 'S.$': "States.Format('INVOICE#{}', $.invoiceId)" }, sk: { S: 'INVOICE' } },
          ProjectionExpression: '#s',
          ExpressionAttributeNames: { '#s': 'status' },
        },
        ResultSelector: { 'status.$': '$.Item.status.S' },
        ResultPath: '$.check',
        Next: `Is invoice still due before ${label}?`,
      });
      expect(state(`Is invoice still due before ${label}?`)).toMatchObject({
        Choices: [
          { Variable: '$.check.status', StringEquals: 'paid', Next: 'Send thank-you' },
          {
            Or: [
              { Variable: '$.check.status', StringEquals: 'paused' },
              { Variable: '$.check.status', StringEquals: 'cancelled' },
            ],
            Next: 'Dunning stopped',
          },
        ],
        Default: sendStateName(step),
      });
      expect(state(sendStateName(step))).toMatchObject({
        Parameters: {
          FunctionName: ref('SendMessageFunction.Arn'),
          Payload: { 'invoiceId.$': '$.invoiceId', step },
        },
        ResultPath: '$.lastSend',
        Next: takesContactDay(step) ? `Was ${label} postponed?` : after,
      });
      if (!takesContactDay(step)) return;
      // The address already got its message today: back to the wait, at the date the send function gave.
      expect(state(`Was ${label} postponed?`)).toMatchObject({
        Choices: [
          {
            Variable: '$.lastSend.Payload.outcome',
            StringEquals: 'postponed',
            Next: `Move ${label} to the next business day`,
          },
        ],
        Default: step === 'formal_notice' ? 'Plan escalation after the notice deadline' : after,
      });
      expect(state(`Move ${label} to the next business day`)).toMatchObject({
        Type: 'Pass',
        Parameters: { 'at.$': '$.lastSend.Payload.at', state: 'planned' },
        ResultPath: `$.plan.steps.${step}`,
        Next: `Wait until ${label}`,
      });
    },
  );

  it('should wait for the escalation re-planned from the notice’s actual send date', () => {
    expect(state('Plan escalation after the notice deadline')).toMatchObject({
      Type: 'Pass',
      Parameters: {
        'at.$': '$.lastSend.Payload.escalation.at',
        'state.$': '$.lastSend.Payload.escalation.state',
      },
      ResultPath: '$.plan.steps.escalation',
      Next: 'Is escalation planned?',
    });
  });

  it('should send the thank-you with the send function, then succeed', () => {
    expect(state('Send thank-you')).toMatchObject({
      Parameters: { FunctionName: ref('SendMessageFunction.Arn'), Payload: { step: 'thank_you' } },
      Next: 'Thanked',
    });
    expect(state('Thanked').Type).toBe('Succeed');
    expect(state('Dunning complete').Type).toBe('Succeed');
    expect(state('Dunning stopped').Type).toBe('Succeed');
  });

  it('should retry transient Lambda errors (2 s, x2, 6 attempts, full jitter) on every Lambda task', () => {
    const lambdaTasks = taskStates().filter(([, task]) => task.Resource?.endsWith(':lambda:invoke'));
    // The cadence's sends, the thank-you, the installment reminder, the two planners, the failure record.
    expect(lambdaTasks).toHaveLength(CADENCE_STEPS.length + 5);
    for (const [name, task] of lambdaTasks) {
      expect(task.Retry?.[0], name).toEqual({
        ErrorEquals: [...LAMBDA_RETRY_ERRORS],
        IntervalSeconds: 2,
        BackoffRate: 2,
        MaxAttempts: 6,
        JitterStrategy: 'FULL',
      });
    }
  });

  it('should wait for a send in flight elsewhere longer than the send timeout, on every send task only', () => {
    const lambdaTasks = taskStates().filter(([, task]) => task.Resource?.endsWith(':lambda:invoke'));
    const sendTasks = lambdaTasks.filter(
      ([name]) => !['Plan schedule', 'Plan next installment step', 'Record failure'].includes(name),
    );
    expect(sendTasks).toHaveLength(CADENCE_STEPS.length + 2);
    for (const [name, task] of lambdaTasks) {
      const waiting = task.Retry?.find((retrier) => retrier.ErrorEquals.includes('SendInProgressError'));
      if (!sendTasks.some(([sendName]) => sendName === name)) {
        expect(waiting, name).toBeUndefined();
        continue;
      }
      // 10 + 20 + 40 + … s without jitter: the third retry comes after the 60 s send timeout.
      expect(waiting, name).toEqual({
        ErrorEquals: ['SendInProgressError'],
        IntervalSeconds: 10,
        BackoffRate: 2,
        MaxAttempts: 6,
        JitterStrategy: 'NONE',
      });
    }
  });

  it('should catch every error of every task except "Record failure" into "Record failure" → "Dunning failed"', () => {
    for (const [name, task] of taskStates()) {
      if (name === 'Record failure') {
        expect(task.Catch).toBeUndefined();
        continue;
      }
      expect(task.Catch, name).toEqual([
        { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Record failure' },
      ]);
      expect(task.Retry?.[0]?.JitterStrategy, name).toBe('FULL');
    }
    expect(state('Record failure')).toMatchObject({
      Parameters: {
        FunctionName: ref('RecordFailureFunction.Arn'),
        Payload: { 'invoiceId.$': '$.invoiceId', 'error.$': '$.error' },
      },
      Next: 'Dunning failed',
    });
    expect(state('Dunning failed').Type).toBe('Fail');
  });

  it('should match the ASL snapshot', () => {
    expect(definition).toMatchSnapshot();
  });
});

describe('State transitions of the reference paths', () => {
  it('should enter 13 states when paid before the due date (stopped run + thank-you run)', () => {
    expect(walk(definition, REFERENCE_PATHS.paidBeforeDueDate[0]).states).toEqual([
      'Route execution',
      'Plan schedule',
      'Is courtesy reminder planned?',
      'Wait until courtesy reminder',
      'Check payment before courtesy reminder',
      'Is invoice still due before courtesy reminder?',
      'Send courtesy reminder',
      'Was courtesy reminder postponed?',
      'Is first reminder planned?',
      'Wait until first reminder',
    ]);
    expect(walk(definition, THANK_YOU_RUN).states).toEqual(['Route execution', 'Send thank-you', 'Thanked']);
    expect(countTransitions(definition, REFERENCE_PATHS.paidBeforeDueDate)).toBe(13);
  });

  it('should enter 19 states when paid after the first reminder', () => {
    expect(countTransitions(definition, REFERENCE_PATHS.paidAfterFirstReminder)).toBe(19);
  });

  it('should enter 33 states when never paid (up to the escalation)', () => {
    const run = walk(definition, REFERENCE_PATHS.neverPaid[0]);
    expect(run.outcome).toBe('succeeded');
    expect(run.states.at(-2)).toBe('Escalate to finance team');
    expect(run.states.at(-1)).toBe('Dunning complete');
    expect(countTransitions(definition, REFERENCE_PATHS.neverPaid)).toBe(33);
  });

  it('should thank from the payment check when the run was not stopped', () => {
    const run = walk(definition, dunningRun({ statusBefore: { first_reminder: 'paid' } }));
    expect(run.states.slice(-4)).toEqual([
      'Check payment before first reminder',
      'Is invoice still due before first reminder?',
      'Send thank-you',
      'Thanked',
    ]);
    expect(run.states).toHaveLength(14);
  });

  it('should stop without sending when the check reads paused or cancelled', () => {
    for (const status of ['paused', 'cancelled']) {
      const run = walk(definition, dunningRun({ statusBefore: { second_reminder: status } }));
      expect(run.states.at(-1)).toBe('Dunning stopped');
      expect(run.states).not.toContain('Send second reminder');
    }
  });
});
