import { beforeAll, describe, expect, it } from 'vitest';
import { TABLE_READ_ACTIONS, TABLE_WRITE_ACTIONS } from '../../lib/base-function';
import { FUNCTION_IDS, FUNCTIONS, type FunctionId, synthesizeStack } from './stack-fixture';
import {
  type CfnTemplate,
  logicalIdOf,
  type PolicyStatementEntry,
  policyStatements,
  ref,
  renderWithPlaceholders,
  resourcesOfType,
} from './synth';

/** What AWS requires on `*`: X-Ray (functions, state machine) and vended-logs delivery (state machine). */
const XRAY_ACTIONS = [
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'xray:GetSamplingRules',
  'xray:GetSamplingTargets',
];
const LOG_DELIVERY_ACTIONS = [
  'logs:CreateLogDelivery',
  'logs:GetLogDelivery',
  'logs:UpdateLogDelivery',
  'logs:DeleteLogDelivery',
  'logs:ListLogDeliveries',
  'logs:PutResourcePolicy',
  'logs:DescribeResourcePolicies',
  'logs:DescribeLogGroups',
];

let json: CfnTemplate;
let statements: PolicyStatementEntry[];

beforeAll(() => {
  ({ json } = synthesizeStack());
  statements = policyStatements(json);
});

function statementsOfRole(roleName: string): PolicyStatementEntry[] {
  return statements.filter((statement) => statement.roles.includes(roleName));
}

function rolesAllowing(action: string): string[] {
  return [...new Set(statements.filter((s) => s.actions.includes(action)).flatMap((s) => s.roles))].sort();
}

function functionProps(id: FunctionId): Record<string, unknown> {
  const resource = json.Resources[logicalIdOf(json, 'AWS::Lambda::Function', id)];
  return resource?.Properties ?? {};
}

function environmentOf(id: FunctionId): Record<string, string> {
  const variables = (functionProps(id).Environment as { Variables: Record<string, unknown> }).Variables;
  return Object.fromEntries(
    Object.entries(variables).map(([name, value]) => [name, renderWithPlaceholders(value)]),
  );
}

describe('Functions', () => {
  it('should run the limitation alerts daily at 06:00 UTC with EventBridge Scheduler', () => {
    const fn = logicalIdOf(json, 'AWS::Lambda::Function', 'LimitationAlertsFunction');
    const schedules = resourcesOfType(json, 'AWS::Scheduler::Schedule')
      .map(([, schedule]) => schedule.Properties ?? {})
      .filter((properties) => JSON.stringify(properties.Target).includes(fn));
    expect(schedules.map((properties) => properties.ScheduleExpression)).toEqual(['cron(0 6 * * ? *)']);
  });

  it('should create exactly the functions of docs/architecture.md', () => {
    const ids = resourcesOfType(json, 'AWS::Lambda::Function').map(([id]) => id.replace(/[0-9A-F]{8}$/, ''));
    expect(ids.sort()).toEqual([...FUNCTION_IDS].sort());
  });

  it.each(FUNCTION_IDS)(
    'should run %s on Node.js 24, ARM64, with active tracing and its own log group',
    (id) => {
      expect(functionProps(id)).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        Handler: 'index.handler',
        LoggingConfig: { LogGroup: { Ref: logicalIdOf(json, 'AWS::Logs::LogGroup', `${id}Logs`) } },
      });
      expect(environmentOf(id)).toMatchObject({
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'relance',
      });
      expect(json.Resources[logicalIdOf(json, 'AWS::Logs::LogGroup', `${id}Logs`)]?.Properties).toMatchObject(
        {
          RetentionInDays: 30,
        },
      );
    },
  );

  it.each(FUNCTION_IDS)('should tell the local runner where the source of %s is (metadata)', (id) => {
    const resource = json.Resources[logicalIdOf(json, 'AWS::Lambda::Function', id)];
    expect(resource?.Metadata).toMatchObject({
      'relance:entry': FUNCTIONS[id],
      'relance:handler': 'handler',
    });
  });

  it('should give each function exactly the environment its bindings imply', () => {
    const names = (id: FunctionId) =>
      Object.keys(environmentOf(id))
        .filter((name) => !['NODE_OPTIONS', 'POWERTOOLS_SERVICE_NAME'].includes(name))
        .sort();
    expect(names('PlanScheduleFunction')).toEqual(['TABLE_NAME']);
    expect(names('RecordFailureFunction')).toEqual(['TABLE_NAME']);
    expect(names('SesEventsFunction')).toEqual(['SES_CONFIGURATION_SET', 'TABLE_NAME']);
    expect(names('EvidenceFunction')).toEqual(['INVOICES_BUCKET', 'OPERATOR_KEY_ID', 'TABLE_NAME']);
    expect(names('FinanceSnapshotFunction')).toEqual(['TABLE_NAME']);
    expect(names('LimitationAlertsFunction')).toEqual([
      'INVOICES_BUCKET',
      'REPLY_BASE_URL',
      'SES_CONFIGURATION_SET',
      'TABLE_NAME',
    ]);
    expect(names('StartPendingFunction')).toEqual(['STATE_MACHINE_ARN', 'TABLE_NAME']);
    expect(names('SendMessageFunction')).toEqual([
      'INVOICES_BUCKET',
      'REPLY_BASE_URL',
      'REPLY_SECRET_ARN',
      'SEND_TIMEOUT_SECONDS',
      'SES_CONFIGURATION_SET',
      'TABLE_NAME',
    ]);
    // Claims are judged against the function's own timeout (functions/core/claims.ts).
    expect(environmentOf('SendMessageFunction').SEND_TIMEOUT_SECONDS).toBe(
      String(functionProps('SendMessageFunction').Timeout),
    );
    expect(names('RepliesFunction')).toEqual([
      'REPLY_SECRET_ARN',
      'SES_CONFIGURATION_SET',
      'STATE_MACHINE_ARN',
      'TABLE_NAME',
    ]);
    // The public stage URL, from the RestApi id only (no dependency on the deployment: no cycle).
    expect(environmentOf('SendMessageFunction').REPLY_BASE_URL).toBe(
      `https://${ref('ApiRestApi')}.execute-api.${ref('AWS::Region')}.${ref('AWS::URLSuffix')}/v1`,
    );
    expect(names('ApiFunction')).toEqual([
      'CURSOR_SECRET_ARN',
      'INVOICES_BUCKET',
      'OPERATOR_KEY_ID',
      'SES_CONFIGURATION_SET',
      'STATE_MACHINE_ARN',
      'TABLE_NAME',
    ]);
    expect(environmentOf('ApiFunction').OPERATOR_KEY_ID).toBe(ref('ApiRestApiApiKey'));
    expect(environmentOf('EvidenceFunction').OPERATOR_KEY_ID).toBe(ref('ApiRestApiApiKey'));
    expect(names('WebhooksFunction')).toEqual([
      'STATE_MACHINE_ARN',
      'STRIPE_WEBHOOK_SECRET_ARN',
      'TABLE_NAME',
      'WEBHOOK_SECRET_ARN',
    ]);
    expect(environmentOf('SendMessageFunction')).toMatchObject({
      TABLE_NAME: ref('StorageTable'),
      INVOICES_BUCKET: ref('StorageInvoicesBucket'),
      SES_CONFIGURATION_SET: ref('MailerConfigurationSet'),
    });
    expect(environmentOf('WebhooksFunction')).toMatchObject({
      STATE_MACHINE_ARN: ref('WorkflowStateMachine'),
      WEBHOOK_SECRET_ARN: ref('WebhookSecret'),
      STRIPE_WEBHOOK_SECRET_ARN: ref('StripeWebhookSecret'),
    });
  });
});

describe('IAM least privilege', () => {
  it('should use no AWS-managed policy on function or state machine roles', () => {
    for (const [id, role] of resourcesOfType(json, 'AWS::IAM::Role')) {
      if (id.startsWith('ApiRestApiCloudWatchRole')) continue;
      expect(role.Properties?.ManagedPolicyArns, id).toBeUndefined();
    }
  });

  it('should allow Resource "*" only for X-Ray and, on the state machine, log delivery', () => {
    const starStatements = statements.filter((s) => s.effect === 'Allow' && s.resources.includes('*'));
    expect(starStatements.length).toBeGreaterThan(0);
    for (const statement of starStatements) {
      expect(statement.resources, statement.policyId).toEqual(['*']);
      const allowed = statement.roles.every((role) => role === 'WorkflowStateMachineRole')
        ? [...XRAY_ACTIONS, ...LOG_DELIVERY_ACTIONS]
        : XRAY_ACTIONS;
      for (const action of statement.actions)
        expect(allowed, `${statement.policyId}: ${action}`).toContain(action);
    }
  });

  it('should never grant an action wildcard other than the S3 read/abort families', () => {
    const wildcardActions = new Set(
      statements.flatMap((s) => s.actions.filter((action) => action.includes('*'))),
    );
    expect([...wildcardActions].sort()).toEqual(['s3:Abort*', 's3:GetBucket*', 's3:GetObject*', 's3:List*']);
  });

  it('should let only the functions that email someone send email, from the sender identity and configuration set only', () => {
    // API: the insolvency alert; SES events: the undeliverable-address alert; limitation alerts.
    expect(rolesAllowing('ses:SendEmail')).toEqual([
      'ApiFunctionRole',
      'LimitationAlertsFunctionRole',
      'RepliesFunctionRole',
      'SendMessageFunctionRole',
      'SesEventsFunctionRole',
    ]);
    const ses = statements.filter((s) => s.actions.some((action) => action.startsWith('ses:')));
    expect(ses).toHaveLength(5);
    for (const statement of ses) {
      expect(statement.actions).toEqual(['ses:SendEmail', 'ses:SendRawEmail']);
      expect(statement.resources).toEqual([
        `arn:${ref('AWS::Partition')}:ses:${ref('AWS::Region')}:${ref('AWS::AccountId')}:identity/${ref('MailerIdentity')}`,
        `arn:${ref('AWS::Partition')}:ses:${ref('AWS::Region')}:${ref('AWS::AccountId')}:configuration-set/${ref('MailerConfigurationSet')}`,
      ]);
    }
  });

  it('should let only the API, webhook, replies and pending-start functions start executions, of this state machine only', () => {
    expect(rolesAllowing('states:StartExecution')).toEqual([
      'ApiFunctionRole',
      'RepliesFunctionRole',
      'StartPendingFunctionRole',
      'WebhooksFunctionRole',
    ]);
    for (const statement of statements.filter((s) => s.actions.includes('states:StartExecution'))) {
      expect(statement.actions).toEqual(['states:StartExecution']);
      expect(statement.resources).toEqual([ref('WorkflowStateMachine')]);
    }
    for (const statement of statements.filter((s) => s.actions.includes('states:StopExecution'))) {
      expect(statement.actions).toEqual(['states:StopExecution', 'states:DescribeExecution']);
      expect(statement.resources).toEqual([
        `arn:${ref('AWS::Partition')}:states:${ref('AWS::Region')}:${ref('AWS::AccountId')}:execution:${ref('WorkflowStateMachine.Name')}:*`,
      ]);
    }
    expect(rolesAllowing('states:StopExecution')).toEqual([
      'ApiFunctionRole',
      'RepliesFunctionRole',
      'StartPendingFunctionRole',
      'WebhooksFunctionRole',
    ]);
  });

  it('should let the send function write only under evidence/ and letters/, and the API only under invoices/ and uploads/', () => {
    const puts = (role: string) =>
      statementsOfRole(role)
        .filter((s) => s.actions.some((action) => action.startsWith('s3:Put')))
        .flatMap((s) => s.resources)
        .sort();
    expect(puts('SendMessageFunctionRole')).toEqual([
      `${ref('StorageInvoicesBucket.Arn')}/evidence/*`,
      `${ref('StorageInvoicesBucket.Arn')}/letters/*`,
    ]);
    // uploads/: the presigned PUT URLs of POST /uploads carry the API function's permissions.
    expect(puts('ApiFunctionRole')).toEqual([
      `${ref('StorageInvoicesBucket.Arn')}/invoices/*`,
      `${ref('StorageInvoicesBucket.Arn')}/uploads/*`,
    ]);
    expect(puts('EvidenceFunctionRole')).toEqual([`${ref('StorageInvoicesBucket.Arn')}/bundles/*`]);
    // The limitation alerts keep their copy for the evidence bundle.
    expect(puts('LimitationAlertsFunctionRole')).toEqual([`${ref('StorageInvoicesBucket.Arn')}/evidence/*`]);
    expect(rolesAllowing('s3:PutObject')).toEqual([
      'ApiFunctionRole',
      'EvidenceFunctionRole',
      'LimitationAlertsFunctionRole',
      'SendMessageFunctionRole',
    ]);
    const deletes = statements.filter((s) =>
      s.actions.some((action) => /^s3:(Delete|PutBucket|PutObjectAcl)/.test(action)),
    );
    expect(deletes).toEqual([]);
  });

  it('should give table access with item-level actions only (no Scan, no streams, no admin)', () => {
    const dynamoActions = new Set(
      statements
        .filter((s) => !s.roles.includes('WorkflowStateMachineRole'))
        .flatMap((s) => s.actions.filter((action) => action.startsWith('dynamodb:'))),
    );
    expect([...dynamoActions].sort()).toEqual([...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS].sort());
    const machine = statementsOfRole('WorkflowStateMachineRole').filter((s) =>
      s.actions.some((a) => a.startsWith('dynamodb:')),
    );
    expect(machine.map((s) => s.actions)).toEqual([['dynamodb:GetItem']]);
  });

  it('should let only the webhook function read the webhook secrets, the send and replies functions the reply key, the API the cursor key', () => {
    expect(rolesAllowing('secretsmanager:GetSecretValue')).toEqual([
      'ApiFunctionRole',
      'RepliesFunctionRole',
      'SendMessageFunctionRole',
      'WebhooksFunctionRole',
    ]);
    const resourcesOf = (role: string) =>
      statementsOfRole(role)
        .filter((s) => s.actions.includes('secretsmanager:GetSecretValue'))
        .flatMap((s) => s.resources)
        .sort();
    expect(resourcesOf('WebhooksFunctionRole')).toEqual([ref('StripeWebhookSecret'), ref('WebhookSecret')]);
    expect(resourcesOf('SendMessageFunctionRole')).toEqual([ref('ReplySecret')]);
    expect(resourcesOf('RepliesFunctionRole')).toEqual([ref('ReplySecret')]);
    expect(resourcesOf('ApiFunctionRole')).toEqual([ref('CursorSecret')]);
  });

  it('should give the replies function no access to the invoices bucket', () => {
    expect(
      statementsOfRole('RepliesFunctionRole').filter((s) => s.actions.some((a) => a.startsWith('s3:'))),
    ).toEqual([]);
  });

  it('should let only the API function manage seller keys: create, add to this usage plan, delete', () => {
    const apiGateway = statements.filter((s) => s.actions.some((a) => a.startsWith('apigateway:')));
    expect([...new Set(apiGateway.flatMap((s) => s.roles))]).toEqual(['ApiFunctionRole']);
    const granted = apiGateway.flatMap((s) =>
      s.actions.map((action) => `${action} ${s.resources.join(',')}`),
    );
    const arn = (path: string) => `arn:${ref('AWS::Partition')}:apigateway:${ref('AWS::Region')}::${path}`;
    expect(granted.sort()).toEqual(
      [
        `apigateway:DELETE ${arn('/apikeys/*')}`,
        `apigateway:GET ${arn('/usageplans')}`,
        `apigateway:POST ${arn('/apikeys')}`,
        `apigateway:POST ${arn(`/usageplans/${ref('ApiRestApiUsagePlan')}/keys`)}`,
      ].sort(),
    );
  });

  it('should let each function write its own log group only', () => {
    for (const id of FUNCTION_IDS) {
      const logs = statementsOfRole(`${id}Role`).filter((s) => s.actions.includes('logs:PutLogEvents'));
      expect(
        logs.flatMap((s) => s.resources),
        id,
      ).toEqual([ref(`${id}Logs.Arn`)]);
    }
  });
});
