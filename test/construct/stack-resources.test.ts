import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTES, REPLY_THROTTLING } from '../../lib/api';
import { synthesizeStack } from './stack-fixture';
import { type CfnTemplate, logicalIdOf, ref, renderWithPlaceholders, resourcesOfType } from './synth';

let template: Template;
let json: CfnTemplate;

beforeAll(() => {
  ({ template, json } = synthesizeStack());
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
