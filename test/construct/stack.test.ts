import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../bin/app';
import { API_ROUTES, Api, REPLY_THROTTLING } from '../../lib/api';
import { BaseFunction, TABLE_READ_ACTIONS, TABLE_WRITE_ACTIONS } from '../../lib/base-function';
import { InvalidConfigurationError } from '../../lib/errors';
import { Mailer } from '../../lib/mailer';
import { Storage } from '../../lib/storage';
import {
  type CfnTemplate,
  logicalIdOf,
  type PolicyStatementEntry,
  policyStatements,
  ref,
  renderWithPlaceholders,
  resourcesOfType,
  synthesize,
} from './synth';

const FUNCTIONS = {
  PlanScheduleFunction: 'functions/plan-schedule/handler.ts',
  SendMessageFunction: 'functions/send-message/handler.ts',
  RecordFailureFunction: 'functions/record-failure/handler.ts',
  ApiFunction: 'functions/api/handler.ts',
  WebhooksFunction: 'functions/webhooks/handler.ts',
  SesEventsFunction: 'functions/ses-events/handler.ts',
  EvidenceFunction: 'functions/evidence/handler.ts',
  FinanceSnapshotFunction: 'functions/finance-snapshot/handler.ts',
  RepliesFunction: 'functions/replies/handler.ts',
  LimitationAlertsFunction: 'functions/limitation-alerts/handler.ts',
  StartPendingFunction: 'functions/start-pending/handler.ts',
} as const;
type FunctionId = keyof typeof FUNCTIONS;
const FUNCTION_IDS = Object.keys(FUNCTIONS) as FunctionId[];

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

let template: Template;
let json: CfnTemplate;
let statements: PolicyStatementEntry[];

beforeAll(() => {
  ({ template, json } = synthesize({ context: { 'relance:alarmEmail': 'finance-ops@example.com' } }));
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

describe('Storage', () => {
  it('should create an on-demand table with PITR, deletion protection, KMS encryption and pk/sk', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        SSESpecification: { SSEEnabled: true },
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
      }),
    });
  });

  it('should create the bySeller, byCustomer and byStatus indexes, projecting ALL', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      GlobalSecondaryIndexes: [
        ['bySeller', 'gsi1pk', 'gsi1sk'],
        ['byCustomer', 'gsi2pk', 'gsi2sk'],
        ['byStatus', 'gsi3pk', 'gsi3sk'],
      ].map(([IndexName, hash, range]) => ({
        IndexName,
        KeySchema: [
          { AttributeName: hash, KeyType: 'HASH' },
          { AttributeName: range, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    });
  });

  it('should keep the invoices bucket private, versioned, SSE-S3, logged, with IA transition and noncurrent expiry', () => {
    const logsBucket = logicalIdOf(json, 'AWS::S3::Bucket', 'StorageAccessLogsBucket');
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        VersioningConfiguration: { Status: 'Enabled' },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
        LoggingConfiguration: {
          DestinationBucketName: { Ref: logsBucket },
          LogFilePrefix: 'invoices-bucket/',
        },
        LifecycleConfiguration: {
          Rules: [
            Match.objectLike({
              Status: 'Enabled',
              Transitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: 30 }],
              NoncurrentVersionExpiration: { NoncurrentDays: 90 },
            }),
            { Id: 'expire-evidence-bundles', Prefix: 'bundles/', ExpirationInDays: 1, Status: 'Enabled' },
          ],
        },
      }),
    });
  });

  it('should deny non-TLS requests on both buckets', () => {
    const policies = resourcesOfType(json, 'AWS::S3::BucketPolicy');
    expect(policies).toHaveLength(2);
    for (const [id, policy] of policies) {
      const document = policy.Properties?.PolicyDocument as { Statement: Record<string, unknown>[] };
      expect(document.Statement, id).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Action: 's3:*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
    }
  });
});

describe('Api', () => {
  function methodsByPath(): Map<string, { apiKeyRequired: boolean; target: string }> {
    const resources = new Map(resourcesOfType(json, 'AWS::ApiGateway::Resource'));
    const pathOf = (resourceRef: unknown): string => {
      const ref = (resourceRef as { Ref?: string }).Ref;
      if (ref === undefined) return '';
      const props = resources.get(ref)?.Properties as { ParentId: unknown; PathPart: string };
      return `${pathOf(props.ParentId)}/${props.PathPart}`;
    };
    const methods = new Map<string, { apiKeyRequired: boolean; target: string }>();
    for (const [, method] of resourcesOfType(json, 'AWS::ApiGateway::Method')) {
      const props = method.Properties as {
        HttpMethod: string;
        ResourceId: unknown;
        ApiKeyRequired: boolean;
        Integration: { Uri: unknown };
      };
      const uri = renderWithPlaceholders(props.Integration.Uri);
      methods.set(`${props.HttpMethod} ${pathOf(props.ResourceId)}`, {
        apiKeyRequired: props.ApiKeyRequired,
        target: /\$\{(\w+)\.Arn\}/.exec(uri)?.[1] ?? uri,
      });
    }
    return methods;
  }

  it('should expose every route of the API contract and nothing else', () => {
    const methods = methodsByPath();
    expect([...methods.keys()].sort()).toEqual(
      API_ROUTES.map((route) => `${route.method} ${route.path}`).sort(),
    );
  });

  it.each(API_ROUTES)(
    'should serve $method $path by the right function (API key: $apiKeyRequired)',
    (route) => {
      const method = methodsByPath().get(`${route.method} ${route.path}`);
      expect(method).toEqual({
        apiKeyRequired: route.apiKeyRequired,
        target: {
          api: 'ApiFunction',
          webhooks: 'WebhooksFunction',
          replies: 'RepliesFunction',
          evidence: 'EvidenceFunction',
        }[route.target],
      });
    },
  );

  it('should key every route except /health, /openapi.json, the reference page, the webhooks and the reply page', () => {
    const unkeyed = API_ROUTES.filter((route) => !route.apiKeyRequired).map((route) => route.path);
    expect(unkeyed).toEqual([
      '/health',
      '/openapi.json',
      '/docs',
      '/docs/{file}',
      '/webhooks/payments/generic',
      '/webhooks/payments/stripe',
      '/r/{token}',
      '/r/{token}',
    ]);
  });

  it('should throttle the public reply page per method, below the keyed routes', () => {
    const stage = resourcesOfType(json, 'AWS::ApiGateway::Stage')[0]?.[1];
    const settings = (stage?.Properties as { MethodSettings?: Record<string, unknown>[] } | undefined)
      ?.MethodSettings;
    for (const [method, limits] of Object.entries(REPLY_THROTTLING)) {
      expect(settings).toContainEqual(
        expect.objectContaining({
          HttpMethod: method,
          ResourcePath: '/~1r~1{token}',
          ThrottlingRateLimit: limits.rateLimit,
          ThrottlingBurstLimit: limits.burstLimit,
        }),
      );
      expect(limits.rateLimit).toBeLessThan(50);
    }
  });

  it('should log access as JSON, trace, and log executions at INFO without data', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'v1',
      TracingEnabled: true,
      AccessLogSetting: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
      MethodSettings: Match.arrayWith([
        Match.objectLike({
          LoggingLevel: 'INFO',
          DataTraceEnabled: false,
          MetricsEnabled: true,
          ResourcePath: '/*',
        }),
      ]),
    });
    template.hasResourceProperties('AWS::ApiGateway::RestApi', {
      EndpointConfiguration: { Types: ['REGIONAL'] },
    });
  });

  it('should throttle the API key through a usage plan', () => {
    template.hasResourceProperties('AWS::ApiGateway::UsagePlan', {
      Throttle: { RateLimit: 50, BurstLimit: 100 },
    });
    template.resourceCountIs('AWS::ApiGateway::ApiKey', 1);
    template.resourceCountIs('AWS::ApiGateway::UsagePlanKey', 1);
  });

  it('should answer API Gateway errors as problem+json (403 key, 404 route, 413, 429)', () => {
    for (const [type, status] of [
      ['INVALID_API_KEY', '403'],
      ['MISSING_AUTHENTICATION_TOKEN', '404'],
      ['REQUEST_TOO_LARGE', '413'],
      ['THROTTLED', '429'],
    ]) {
      template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
        ResponseType: type,
        StatusCode: status,
        ResponseParameters: { 'gatewayresponse.header.Content-Type': "'application/problem+json'" },
        ResponseTemplates: { 'application/json': Match.stringLikeRegexp(`"status":${status}`) },
      });
    }
  });
});

describe('Mailer', () => {
  it('should verify the sender domain and attach the configuration set', () => {
    template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'example.com',
      ConfigurationSetAttributes: {
        ConfigurationSetName: {
          Ref: logicalIdOf(json, 'AWS::SES::ConfigurationSet', 'MailerConfigurationSet'),
        },
      },
    });
    template.hasResourceProperties('AWS::SES::ConfigurationSet', {
      ReputationOptions: { ReputationMetricsEnabled: true },
    });
  });

  it('should publish delivery, bounce, complaint and reject events (not send) to the default bus', () => {
    const [[, destination]] = resourcesOfType(
      json,
      'AWS::SES::ConfigurationSetEventDestination',
    ) as unknown as [[string, { Properties: Record<string, unknown> }]];
    const eventDestination = destination.Properties.EventDestination as Record<
      string,
      { EventBusArn?: unknown }
    > & {
      MatchingEventTypes: string[];
    };
    expect(eventDestination.MatchingEventTypes.sort()).toEqual(['bounce', 'complaint', 'delivery', 'reject']);
    expect(renderWithPlaceholders(eventDestination.EventBridgeDestination?.EventBusArn)).toBe(
      `arn:${ref('AWS::Partition')}:events:${ref('AWS::Region')}:${ref('AWS::AccountId')}:event-bus/default`,
    );
  });

  it('should route this configuration set SES events to the SES events function', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.ses'],
        'detail-type': Match.arrayWith(['Email Bounced', 'Email Complaint Received']),
        detail: {
          mail: {
            tags: {
              'ses:configuration-set': [
                { Ref: logicalIdOf(json, 'AWS::SES::ConfigurationSet', 'MailerConfigurationSet') },
              ],
            },
          },
        },
      },
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [logicalIdOf(json, 'AWS::Lambda::Function', 'SesEventsFunction'), 'Arn'] },
        }),
      ],
    });
  });
});

describe('Dashboard and alarms', () => {
  it('should alarm on failed executions and API 5xx into an encrypted, TLS-only topic', () => {
    const topic = logicalIdOf(json, 'AWS::SNS::Topic', 'DashboardAlarmTopic');
    for (const metricName of ['ExecutionsFailed', '5XXError']) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: metricName,
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        AlarmActions: [{ Ref: topic }],
      });
    }
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: [
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ],
      },
    });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('should subscribe relance:alarmEmail to the alarm topic', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'finance-ops@example.com',
    });
  });

  it('should graph executions, messages sent per step, payments, API and Lambda errors', () => {
    const [[, dashboard]] = resourcesOfType(json, 'AWS::CloudWatch::Dashboard') as unknown as [
      [string, { Properties: { DashboardBody: unknown } }],
    ];
    const body = renderWithPlaceholders(dashboard.Properties.DashboardBody);
    for (const metric of [
      'ExecutionsStarted',
      'ExecutionsSucceeded',
      'ExecutionsFailed',
      'ExecutionsAborted',
      '4XXError',
      '5XXError',
      'Latency',
      'Errors',
    ]) {
      expect(body).toContain(`"${metric}"`);
    }
    expect(body).toContain('["Relance","MessagesSent","service","relance","step","formal_notice"');
    expect(body).toContain('["Relance","PaymentsRecorded","service","relance"');
  });
});

describe('Outputs', () => {
  it('should output the API URL, table, bucket, state machine, dashboard URL and webhook secrets', () => {
    const outputs = Object.keys(json.Outputs ?? {});
    for (const name of [
      'ApiUrl',
      'TableName',
      'InvoicesBucketName',
      'StateMachineArn',
      'DashboardUrl',
      'WebhookSecretArn',
      'StripeWebhookSecretArn',
      'ApiKeyId',
      'DkimRecord1',
    ]) {
      expect(outputs).toContain(name);
    }
    expect(renderWithPlaceholders(json.Outputs?.ApiUrl?.Value)).toMatch(
      /^https:\/\/\$\{ApiRestApi\}\.execute-api\./,
    );
  });
});

describe('createApp context validation', () => {
  const context = (overrides: Record<string, unknown>) => ({
    bundle: false,
    context: { 'relance:senderDomain': 'example.com', ...overrides },
  });

  it('should fail with a clear message when relance:senderDomain is missing', () => {
    expect(() => createApp({ bundle: false, context: {} })).toThrow(InvalidConfigurationError);
    expect(() => createApp({ bundle: false, context: { 'relance:senderDomain': '' } })).toThrow(
      /Missing context relance:senderDomain/,
    );
  });

  it.each(['not a domain', 'example', 'https://example.com', 'a@example.com'])(
    'should reject the sender domain %j',
    (domain) => {
      expect(() => createApp(context({ 'relance:senderDomain': domain }))).toThrow(
        /Invalid context relance:senderDomain/,
      );
    },
  );

  it('should reject an invalid alarm email and an invalid stage', () => {
    expect(() => createApp(context({ 'relance:alarmEmail': 'finance-ops' }))).toThrow(/relance:alarmEmail/);
    expect(() => createApp(context({ 'relance:stage': 'Prod!' }))).toThrow(/relance:stage/);
  });

  it('should name the stack after the stage', () => {
    const { stack } = createApp(context({ 'relance:stage': 'prod' }));
    expect(stack.stackName).toBe('Relance-prod');
  });
});

describe('Construct props validation', () => {
  // No bundling: these tests only construct.
  const newStack = () => new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Test');

  it('should reject an infrequent-access transition under 30 days', () => {
    expect(() => new Storage(newStack(), 'Storage', { infrequentAccessAfter: Duration.days(10) })).toThrow(
      /at least 30 days/,
    );
  });

  it('should reject a sender domain that is not a domain', () => {
    expect(() => new Mailer(newStack(), 'Mailer', { senderDomain: 'example' })).toThrow(
      InvalidConfigurationError,
    );
  });

  it('should reject a function entry outside the repository or missing', () => {
    expect(() => new BaseFunction(newStack(), 'Fn', { entry: '../outside.ts' })).toThrow(
      /relative to the repository root/,
    );
    expect(() => new BaseFunction(newStack(), 'Fn', { entry: 'functions/missing/handler.ts' })).toThrow(
      /does not exist/,
    );
    expect(
      () => new BaseFunction(newStack(), 'Fn', { entry: FUNCTIONS.ApiFunction, memorySize: 64 }),
    ).toThrow(/memorySize/);
  });

  it('should reject bucket write prefixes that are not plain folder names', () => {
    const stack = newStack();
    const { invoicesBucket } = new Storage(stack, 'Storage');
    const fn = new BaseFunction(stack, 'Fn', { entry: FUNCTIONS.ApiFunction });
    expect(() => fn.bindInvoicesBucket(invoicesBucket, { writePrefixes: ['*'] })).toThrow(/write prefix/);
    expect(() => fn.bindInvoicesBucket(invoicesBucket, {})).toThrow(/needs read or writePrefixes/);
  });

  it('should reject API throttling limits that are not positive', () => {
    const stack = newStack();
    const fn = new BaseFunction(stack, 'Fn', { entry: FUNCTIONS.ApiFunction });
    expect(
      () =>
        new Api(stack, 'Api', {
          apiFunction: fn,
          webhooksFunction: fn,
          evidenceFunction: fn,
          repliesFunction: fn,
          throttlingBurstLimit: 0,
        }),
    ).toThrow(/throttling/);
  });
});
