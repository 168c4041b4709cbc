import { Duration, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  Choice,
  Condition,
  DefinitionBody,
  Errors,
  Fail,
  type IChainable,
  JitterType,
  JsonPath,
  LogLevel,
  Pass,
  type RetryProps,
  StateMachine,
  StateMachineType,
  Succeed,
  TaskInput,
  Wait,
  WaitTime,
} from 'aws-cdk-lib/aws-stepfunctions';
import {
  DynamoAttributeValue,
  DynamoGetItem,
  DynamoProjectionExpression,
  LambdaInvoke,
} from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { takesContactDay } from '../functions/core/consolidation';
import { HALTING_STATUSES, SETTLED_STATUS } from '../functions/core/lifecycle';
import { CADENCE_STEPS, STEP_LABELS } from '../functions/core/steps';
import { SEND_IN_PROGRESS_ERROR, SEND_RATE_LIMITED_ERROR } from '../functions/shared/workflow-errors';
import { acknowledgeNag, wildcardResourceFinding } from './nag';
import { DUNNING_COMPLETE_STATE, sendStateName } from './workflow-states';

/** Errors a Lambda task retries: Lambda's transient errors and the send function's `TransientSendError`. */
export const LAMBDA_RETRY_ERRORS = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
  'TransientSendError',
] as const;

/** Errors the payment check (DynamoDB GetItem) retries: throttling and DynamoDB-side failures. */
export const DYNAMODB_RETRY_ERRORS = [
  'DynamoDB.ProvisionedThroughputExceededException',
  'DynamoDB.RequestLimitExceeded',
  'DynamoDB.ThrottlingException',
  'DynamoDB.InternalServerError',
] as const;

const RETRY_TIMING: Omit<RetryProps, 'errors'> = {
  interval: Duration.seconds(2),
  backoffRate: 2,
  maxAttempts: 6,
  jitterStrategy: JitterType.FULL,
};

/**
 * `SendInProgressError`: another sender still holds the claim of this step (or, for a thank-you, of a
 * reminder). Retried without
 * jitter over 10 + 20 + 40 + 80 + 160 + 320 s: the first retries outlast the send function's 60 s timeout,
 * after which the claim is judged abandoned (functions/core/claims.ts) and the retry settles it.
 */
const SEND_IN_PROGRESS_RETRY: Omit<RetryProps, 'errors'> = {
  interval: Duration.seconds(10),
  backoffRate: 2,
  maxAttempts: 6,
  jitterStrategy: JitterType.NONE,
};

/**
 * `SendRateLimitedError`: SES refused for rate or 24-hour quota. Retried with full jitter (so throttled
 * sends spread out instead of coming back together), backoff capped at 5 minutes, 99 attempts: about
 * 8 hours at most, about half of it expected — longer than any send window's backlog at the configured
 * rate (docs/capacity.md), so throttling delays a message instead of failing its execution.
 */
export const SEND_RATE_LIMITED_RETRY: Omit<RetryProps, 'errors'> = {
  interval: Duration.seconds(2),
  backoffRate: 2,
  maxDelay: Duration.minutes(5),
  maxAttempts: 99,
  jitterStrategy: JitterType.FULL,
};

export interface WorkflowProps {
  /** Plans the schedule of an invoice (`Plan schedule`). */
  readonly planScheduleFunction: IFunction;
  /** Claims and sends one message (`Send <step>`, `Send thank-you`). */
  readonly sendMessageFunction: IFunction;
  /** Records a `workflow_failed` event (`Record failure`). */
  readonly recordFailureFunction: IFunction;
  /** The single table, read by the payment checks (GetItem, consistent read). */
  readonly table: ITable;
  /** Retention of the execution logs. @default RetentionDays.THREE_MONTHS */
  readonly logRetention?: RetentionDays;
}

/**
 * The dunning state machine, one Standard execution per invoice, built exactly as
 * docs/architecture.md "State machine" says. JSONPath only (no JSONata, no Assign): the local engine
 * runs this very definition. No execution timeout: the cadence lasts ~50 days and a pause can extend it.
 */
export class Workflow extends Construct {
  /** The state machine. */
  public readonly stateMachine: StateMachine;
  /** The vended log group of the executions (`/aws/vendedlogs/states/…`). */
  public readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: WorkflowProps) {
    super(scope, id);

    const dunningFailed = new Fail(this, 'DunningFailed', {
      stateName: 'Dunning failed',
      error: 'DunningFailed',
      cause: 'A task failed after its retries; see the workflow_failed event of the invoice.',
    });
    const recordFailure = new LambdaInvoke(this, 'RecordFailure', {
      stateName: 'Record failure',
      lambdaFunction: props.recordFailureFunction,
      payload: TaskInput.fromObject({
        invoiceId: JsonPath.stringAt('$.invoiceId'),
        error: JsonPath.objectAt('$.error'),
      }),
      resultPath: JsonPath.DISCARD,
      retryOnServiceExceptions: false,
    });
    recordFailure.addRetry({ errors: [...LAMBDA_RETRY_ERRORS], ...RETRY_TIMING });
    recordFailure.next(dunningFailed);

    const withFailurePath = <T extends LambdaInvoke | DynamoGetItem>(
      task: T,
      retryErrors: readonly string[],
    ): T => {
      task.addRetry({ errors: [...retryErrors], ...RETRY_TIMING });
      task.addCatch(recordFailure, { errors: [Errors.ALL], resultPath: '$.error' });
      return task;
    };

    const sendTask = (
      stateName: string,
      step: string,
      resultPath: string,
      extra: Record<string, unknown> = {},
    ): LambdaInvoke => {
      const task = new LambdaInvoke(this, stateName.replace(/[^A-Za-z0-9]+/g, ''), {
        stateName,
        lambdaFunction: props.sendMessageFunction,
        payload: TaskInput.fromObject({ invoiceId: JsonPath.stringAt('$.invoiceId'), step, ...extra }),
        resultPath,
        retryOnServiceExceptions: false,
      });
      withFailurePath(task, LAMBDA_RETRY_ERRORS);
      task.addRetry({ errors: [SEND_IN_PROGRESS_ERROR], ...SEND_IN_PROGRESS_RETRY });
      task.addRetry({ errors: [SEND_RATE_LIMITED_ERROR], ...SEND_RATE_LIMITED_RETRY });
      return task;
    };

    const thanked = new Succeed(this, 'Thanked', { stateName: 'Thanked' });
    const sendThankYou = sendTask(sendStateName('thank_you'), 'thank_you', '$.lastSend').next(thanked);
    const dunningComplete = new Succeed(this, 'DunningComplete', { stateName: DUNNING_COMPLETE_STATE });
    const dunningStopped = new Succeed(this, 'DunningStopped', { stateName: 'Dunning stopped' });

    // Built from the last step backwards: each step's "not planned" branch is the next step's Choice.
    let nextStep: IChainable = dunningComplete;
    for (const step of [...CADENCE_STEPS].reverse()) {
      const label = STEP_LABELS[step];
      const idPrefix = step.replace(/_/g, '-');
      const send = sendTask(sendStateName(step), step, '$.lastSend');
      const wait = new Wait(this, `${idPrefix}-wait`, {
        stateName: `Wait until ${label}`,
        time: WaitTime.timestampPath(`$.plan.steps.${step}.at`),
      });
      // The customer's address already got its message today: the send moved the step to the next
      // business day (docs/domain.md); wait for it and check the payment again.
      let afterSend: IChainable = nextStep;
      if (step === 'formal_notice') {
        // The escalation follows the deadline of the notice as actually sent: the send function
        // re-plans it from the send date and the next Wait reads it from the plan.
        const replan = new Pass(this, 'ReplanEscalation', {
          stateName: 'Plan escalation after the notice deadline',
          parameters: {
            at: JsonPath.stringAt('$.lastSend.Payload.escalation.at'),
            state: JsonPath.stringAt('$.lastSend.Payload.escalation.state'),
          },
          resultPath: '$.plan.steps.escalation',
        });
        replan.next(nextStep);
        afterSend = replan;
      }
      if (takesContactDay(step)) {
        const moved = new Pass(this, `${idPrefix}-postponed`, {
          stateName: `Move ${label} to the next business day`,
          parameters: { at: JsonPath.stringAt('$.lastSend.Payload.at'), state: 'planned' },
          resultPath: `$.plan.steps.${step}`,
        }).next(wait);
        send.next(
          new Choice(this, `${idPrefix}-sent`, { stateName: `Was ${label} postponed?` })
            .when(Condition.stringEquals('$.lastSend.Payload.outcome', 'postponed'), moved)
            .otherwise(afterSend),
        );
      } else {
        send.next(afterSend);
      }

      const stillDue = new Choice(this, `${idPrefix}-still-due`, {
        stateName: `Is invoice still due before ${label}?`,
      })
        .when(Condition.stringEquals('$.check.status', SETTLED_STATUS), sendThankYou)
        .when(
          Condition.or(...HALTING_STATUSES.map((status) => Condition.stringEquals('$.check.status', status))),
          dunningStopped,
        )
        .otherwise(send);

      const checkPayment = withFailurePath(
        new DynamoGetItem(this, `${idPrefix}-check`, {
          stateName: `Check payment before ${label}`,
          table: props.table,
          key: {
            pk: DynamoAttributeValue.fromString(
              JsonPath.format('INVOICE#{}', JsonPath.stringAt('$.invoiceId')),
            ),
            sk: DynamoAttributeValue.fromString('INVOICE'),
          },
          consistentRead: true,
          projectionExpression: [new DynamoProjectionExpression().withAttribute('#s')],
          expressionAttributeNames: { '#s': 'status' },
          resultSelector: { status: JsonPath.stringAt('$.Item.status.S') },
          resultPath: '$.check',
        }),
        DYNAMODB_RETRY_ERRORS,
      ).next(stillDue);

      wait.next(checkPayment);

      nextStep = new Choice(this, `${idPrefix}-planned`, { stateName: `Is ${label} planned?` })
        .when(Condition.stringEquals(`$.plan.steps.${step}.state`, 'planned'), wait)
        .otherwise(nextStep);
    }

    const planSchedule = withFailurePath(
      new LambdaInvoke(this, 'PlanSchedule', {
        stateName: 'Plan schedule',
        lambdaFunction: props.planScheduleFunction,
        payload: TaskInput.fromObject({
          invoiceId: JsonPath.stringAt('$.invoiceId'),
          mode: JsonPath.stringAt('$.mode'),
        }),
        resultSelector: { steps: JsonPath.objectAt('$.Payload.steps') },
        resultPath: '$.plan',
        retryOnServiceExceptions: false,
      }),
      LAMBDA_RETRY_ERRORS,
    ).next(nextStep);

    // The payment plan: ask the plan what it needs next, do it (wait or send), ask again. Asking after
    // every wait means a payment made meanwhile is seen before anything is sent.
    const planEnded = new Succeed(this, 'PaymentPlanEnded', { stateName: 'Payment plan ended' });
    const planNextInstallmentStep = withFailurePath(
      new LambdaInvoke(this, 'PlanNextInstallmentStep', {
        stateName: 'Plan next installment step',
        lambdaFunction: props.planScheduleFunction,
        payload: TaskInput.fromObject({ invoiceId: JsonPath.stringAt('$.invoiceId'), mode: 'payment_plan' }),
        resultSelector: {
          action: JsonPath.stringAt('$.Payload.action'),
          at: JsonPath.stringAt('$.Payload.at'),
          key: JsonPath.stringAt('$.Payload.key'),
        },
        resultPath: '$.installment',
        retryOnServiceExceptions: false,
      }),
      LAMBDA_RETRY_ERRORS,
    );
    const waitForInstallment = new Wait(this, 'WaitForInstallment', {
      stateName: 'Wait until next installment date',
      time: WaitTime.timestampPath('$.installment.at'),
    }).next(planNextInstallmentStep);
    // The customer's address already got its message today: the send moved the reminder to the next
    // business day (docs/domain.md); wait for it, then ask the plan again (a payment meanwhile wins).
    const installmentMoved = new Pass(this, 'InstallmentReminderPostponed', {
      stateName: 'Move installment reminder to the next business day',
      parameters: { action: 'wait', at: JsonPath.stringAt('$.lastSend.Payload.at'), key: '' },
      resultPath: '$.installment',
    }).next(waitForInstallment);
    const sendInstallmentReminder = sendTask(
      sendStateName('installment_reminder'),
      'installment_reminder',
      '$.lastSend',
      {
        key: JsonPath.stringAt('$.installment.key'),
      },
    ).next(
      new Choice(this, 'InstallmentReminderSent', { stateName: 'Was installment reminder postponed?' })
        .when(Condition.stringEquals('$.lastSend.Payload.outcome', 'postponed'), installmentMoved)
        .otherwise(planNextInstallmentStep),
    );
    const resumeAfterBrokenPlan = new Pass(this, 'ResumeAfterBrokenPlan', {
      stateName: 'Resume the cadence at the formal notice',
      parameters: { invoiceId: JsonPath.stringAt('$.invoiceId'), mode: 'plan_broken' },
    }).next(planSchedule);
    planNextInstallmentStep.next(
      new Choice(this, 'PlanNeedsNext', { stateName: 'What does the payment plan need next?' })
        .when(Condition.stringEquals('$.installment.action', 'send'), sendInstallmentReminder)
        .when(Condition.stringEquals('$.installment.action', 'wait'), waitForInstallment)
        .when(Condition.stringEquals('$.installment.action', 'broken'), resumeAfterBrokenPlan)
        .when(Condition.stringEquals('$.installment.action', 'paid'), sendThankYou)
        .otherwise(planEnded),
    );

    const waitUntilPauseEnds = new Wait(this, 'WaitUntilPauseEnds', {
      stateName: 'Wait until pause ends',
      time: WaitTime.timestampPath('$.notBefore'),
    }).next(
      new Choice(this, 'ResumeWhich', { stateName: 'Resume the plan or the cadence?' })
        .when(Condition.stringEquals('$.mode', 'payment_plan'), planNextInstallmentStep)
        .otherwise(planSchedule),
    );

    const routeExecution = new Choice(this, 'RouteExecution', { stateName: 'Route execution' })
      .when(Condition.stringEquals('$.mode', 'thank_you'), sendThankYou)
      .when(Condition.isPresent('$.notBefore'), waitUntilPauseEnds)
      .when(Condition.stringEquals('$.mode', 'payment_plan'), planNextInstallmentStep)
      .otherwise(planSchedule);

    this.logGroup = new LogGroup(this, 'Logs', {
      logGroupName: `/aws/vendedlogs/states/${Stack.of(this).stackName}-dunning`,
      retention: props.logRetention ?? RetentionDays.THREE_MONTHS,
    });

    this.stateMachine = new StateMachine(this, 'StateMachine', {
      comment: 'Relance: the dunning cadence of one invoice',
      definitionBody: DefinitionBody.fromChainable(routeExecution),
      stateMachineType: StateMachineType.STANDARD,
      tracingEnabled: true,
      logs: { destination: this.logGroup, level: LogLevel.ALL, includeExecutionData: false },
    });

    const role = this.stateMachine.role;
    acknowledgeNag(
      role,
      'AwsSolutions-IAM5[Resource::*]',
      'X-Ray tracing and CloudWatch Logs log delivery (logs:*LogDelivery, PutResourcePolicy, Describe*) support no resource-level permissions.',
    );
    for (const fn of [props.planScheduleFunction, props.sendMessageFunction, props.recordFailureFunction]) {
      acknowledgeNag(
        role,
        wildcardResourceFinding(this, `${fn.functionArn}:*`),
        'Invokes this function only; the :* suffix covers its versions and aliases (added by the LambdaInvoke task).',
      );
    }
  }
}
