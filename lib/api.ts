import { Stack } from 'aws-cdk-lib';
import {
  AccessLogFormat,
  ApiKey,
  EndpointType,
  type IApiKey,
  type IResource,
  LambdaIntegration,
  LogGroupLogDestination,
  MethodLoggingLevel,
  ResponseType,
  RestApi,
  type UsagePlan,
} from 'aws-cdk-lib/aws-apigateway';
import { Policy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { Method, Target } from '../functions/api/contract/operation';
import { OPERATIONS } from '../functions/api/contract/operations';
import type { BaseFunction } from './base-function';
import { InvalidConfigurationError } from './errors';
import { acknowledgeNag, wildcardResourceFinding } from './nag';

/** One route of the REST API: which function serves it and whether it needs the `x-api-key` header. */
export interface ApiRoute {
  readonly method: Method;
  readonly path: string;
  readonly target: Target;
  readonly apiKeyRequired: boolean;
}

/**
 * Every route, from the API's operations (the same list the routers and the OpenAPI document use).
 * `public` routes (`GET /health`, `GET /openapi.json`: probes and integrators, nothing private) and
 * webhooks (payment providers cannot send our API key; their bodies are signed) are unkeyed. The reply
 * page `/r/{token}` is unkeyed too: customers open it from a reminder, the signed token is the
 * credential; its methods have their own, lower throttling (REPLY_THROTTLING).
 */
export const API_ROUTES: readonly ApiRoute[] = OPERATIONS.map((operation) => ({
  method: operation.method,
  path: operation.path,
  target: operation.target,
  apiKeyRequired: operation.auth === 'apiKey',
}));

/**
 * Method throttling of the public reply routes (requests per second for the whole stage): a person
 * answers a reminder a few times at most, so these stay far below the keyed routes' limits and a
 * flood of guessed tokens cannot use up the functions' concurrency.
 */
export const REPLY_THROTTLING: Readonly<Record<'GET' | 'POST', { rateLimit: number; burstLimit: number }>> = {
  GET: { rateLimit: 10, burstLimit: 20 },
  POST: { rateLimit: 5, burstLimit: 10 },
};

/**
 * Errors produced by API Gateway itself (before any function runs), rewritten as RFC 9457 problem
 * details so that clients see one error format. A path or method that does not exist becomes 404.
 */
const GATEWAY_PROBLEMS: readonly { type: ResponseType; status?: number; title: string }[] = [
  { type: ResponseType.INVALID_API_KEY, status: 403, title: 'Forbidden' },
  { type: ResponseType.MISSING_AUTHENTICATION_TOKEN, status: 404, title: 'Not Found' },
  { type: ResponseType.THROTTLED, status: 429, title: 'Too Many Requests' },
  { type: ResponseType.QUOTA_EXCEEDED, status: 429, title: 'Too Many Requests' },
  { type: ResponseType.REQUEST_TOO_LARGE, status: 413, title: 'Content Too Large' },
  { type: ResponseType.DEFAULT_4XX, title: 'Request rejected' },
  { type: ResponseType.DEFAULT_5XX, title: 'Service unavailable' },
];

export interface ApiProps {
  /**
   * Serves every keyed route and `/health`, `/openapi.json`. It gets `OPERATOR_KEY_ID` (the deployment
   * key, which reaches everything) and the right to create and delete seller keys in the usage plan.
   */
  readonly apiFunction: BaseFunction;
  /** Serves `/webhooks/payments/*`. */
  readonly webhooksFunction: IFunction;
  /** Serves `GET /invoices/{invoiceId}/evidence` (ZIP and PDF code kept out of the API function). */
  readonly evidenceFunction: IFunction;
  /** Serves the public reply page `/r/{token}` (GET and POST). */
  readonly repliesFunction: IFunction;
  /** The stage, i.e. the first path segment of the URL. @default 'v1' */
  readonly stageName?: string;
  /** Steady-state requests per second, per API key (usage plan) and for the whole stage. @default 50 */
  readonly throttlingRateLimit?: number;
  /** Burst of requests, per API key (usage plan) and for the whole stage. @default 100 */
  readonly throttlingBurstLimit?: number;
  /** Retention of the access logs. @default RetentionDays.ONE_YEAR */
  readonly accessLogRetention?: RetentionDays;
}

/**
 * The public HTTP API: an API Gateway REST API (regional) with one Lambda proxy integration per
 * route, an API key and a usage plan with throttling (→ 429), JSON access logs, X-Ray tracing,
 * detailed metrics and execution logging at INFO without request/response data.
 */
export class Api extends Construct {
  /** The REST API. */
  public readonly restApi: RestApi;
  /** The API key clients send in `x-api-key`. Read its value with `aws apigateway get-api-key --include-value`. */
  public readonly apiKey: IApiKey;
  /** The usage plan that throttles keyed requests. */
  public readonly usagePlan: UsagePlan;
  /** The access log group of the stage. */
  public readonly accessLogGroup: LogGroup;
  /** The base URL of the stage, ending with `/`. */
  public readonly url: string;
  /** The base URL of the stage without a trailing `/`, free of dependencies on methods and deployment. */
  public readonly publicUrl: string;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const stageName = props.stageName ?? 'v1';
    const rateLimit = props.throttlingRateLimit ?? 50;
    const burstLimit = props.throttlingBurstLimit ?? 100;
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(stageName)) {
      throw new InvalidConfigurationError(
        `${this.node.path}: stageName "${stageName}" must match [A-Za-z0-9_-]{1,64}.`,
      );
    }
    if (!(rateLimit > 0) || !Number.isInteger(burstLimit) || burstLimit < 1) {
      throw new InvalidConfigurationError(
        `${this.node.path}: throttlingRateLimit must be > 0 and throttlingBurstLimit an integer >= 1.`,
      );
    }

    this.accessLogGroup = new LogGroup(this, 'AccessLogs', {
      retention: props.accessLogRetention ?? RetentionDays.ONE_YEAR,
    });

    this.restApi = new RestApi(this, 'RestApi', {
      description: 'Relance dunning API (v1)',
      endpointConfiguration: { types: [EndpointType.REGIONAL] },
      // The evidence ZIP: a base64 proxy body is sent as binary to clients that accept application/zip.
      binaryMediaTypes: ['application/zip'],
      // Execution logging needs the account-level CloudWatch role; CDK creates it (AWS::ApiGateway::Account).
      cloudWatchRole: true,
      deployOptions: {
        stageName,
        accessLogDestination: new LogGroupLogDestination(this.accessLogGroup),
        accessLogFormat: AccessLogFormat.jsonWithStandardFields(),
        tracingEnabled: true,
        metricsEnabled: true,
        loggingLevel: MethodLoggingLevel.INFO,
        dataTraceEnabled: false,
        throttlingRateLimit: rateLimit,
        throttlingBurstLimit: burstLimit,
        methodOptions: Object.fromEntries(
          Object.entries(REPLY_THROTTLING).map(([method, limits]) => [
            `/r/{token}/${method}`,
            { throttlingRateLimit: limits.rateLimit, throttlingBurstLimit: limits.burstLimit },
          ]),
        ),
      },
    });

    // The stack exports the URL as ApiUrl; drop RestApi's own duplicate output.
    this.restApi.node.tryRemoveChild('Endpoint');

    const integrations: Record<Target, LambdaIntegration> = {
      api: new LambdaIntegration(props.apiFunction, { allowTestInvoke: false }),
      webhooks: new LambdaIntegration(props.webhooksFunction, { allowTestInvoke: false }),
      evidence: new LambdaIntegration(props.evidenceFunction, { allowTestInvoke: false }),
      replies: new LambdaIntegration(props.repliesFunction, { allowTestInvoke: false }),
    };
    for (const route of API_ROUTES) {
      this.resourceFor(route.path).addMethod(route.method, integrations[route.target], {
        apiKeyRequired: route.apiKeyRequired,
      });
    }

    for (const problem of GATEWAY_PROBLEMS) {
      const status = problem.status === undefined ? '' : `,"status":${problem.status}`;
      this.restApi.addGatewayResponse(`Problem${problem.type.responseType}`, {
        type: problem.type,
        statusCode: problem.status?.toString(),
        responseHeaders: { 'Content-Type': "'application/problem+json'" },
        templates: {
          'application/json': `{"type":"about:blank","title":"${problem.title}"${status},"detail":$context.error.messageString}`,
        },
      });
    }

    // Not bound to the stage directly (the usage plan does it): the API function's environment names
    // this key, and a key that depends on the stage would make the stack circular.
    this.apiKey = new ApiKey(this.restApi, 'ApiKey', {
      description: 'Relance operator API key (x-api-key): every route, manages seller keys',
    });
    this.usagePlan = this.restApi.addUsagePlan('UsagePlan', {
      description: 'Throttles each API key',
      throttle: { rateLimit, burstLimit },
      apiStages: [{ api: this.restApi, stage: this.restApi.deploymentStage }],
    });
    this.usagePlan.addApiKey(this.apiKey);
    this.url = this.restApi.url;
    // Built from the RestApi id and the stage name only (not the Stage resource), so functions that
    // the API itself depends on (the send function, through the state machine) may read it.
    this.publicUrl = `https://${this.restApi.restApiId}.execute-api.${Stack.of(this).region}.${Stack.of(this).urlSuffix}/${stageName}`;
    this.grantKeyManagement(props.apiFunction);

    acknowledgeNag(
      this.restApi,
      'AwsSolutions-APIG2',
      'Bodies and parameters are validated by the zod schemas of the API function, which answers 400 problem+json with per-field errors; an API Gateway validator would answer in another format.',
    );
    acknowledgeNag(
      this.restApi,
      'AwsSolutions-APIG3',
      'WAF is left to the operator (cost and rules depend on the deployment); API keys, usage-plan throttling and webhook signatures protect the API.',
    );
    acknowledgeNag(
      this.restApi,
      'AwsSolutions-APIG4',
      'Machine-to-machine API: clients authenticate with an API key (usage plan); webhooks are authenticated by HMAC or Stripe signatures; /health and /openapi.json are public by design; the customer reply page /r/{token} is authorized by its HMAC-signed, expiring token and throttled per method.',
    );
    acknowledgeNag(
      this.restApi,
      'AwsSolutions-COG4',
      'No user accounts: accounting systems authenticate with API keys, payment providers with webhook signatures, customers answering a reminder with the signed token of their link.',
    );
    acknowledgeNag(
      this.restApi,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      'The account-level API Gateway logging role needs exactly this AWS-managed policy to write execution logs.',
    );
  }

  /**
   * Seller keys (`POST/DELETE /api-keys`): create a key, add it to this usage plan, delete a key, and
   * find the usage plan of the operator key. The usage-plan statement is a separate policy because
   * the function cannot depend on the usage plan (which depends on the stage, hence on the function).
   */
  private grantKeyManagement(fn: BaseFunction): void {
    const stack = Stack.of(this);
    const apiGatewayArn = (path: string) => `arn:${stack.partition}:apigateway:${stack.region}::${path}`;
    const keysArn = apiGatewayArn('/apikeys/*');
    fn.addToRolePolicy(
      new PolicyStatement({ actions: ['apigateway:POST'], resources: [apiGatewayArn('/apikeys')] }),
    );
    fn.addToRolePolicy(new PolicyStatement({ actions: ['apigateway:DELETE'], resources: [keysArn] }));
    fn.addToRolePolicy(
      new PolicyStatement({ actions: ['apigateway:GET'], resources: [apiGatewayArn('/usageplans')] }),
    );
    const usagePlanKeys = new Policy(this, 'UsagePlanKeysPolicy', {
      statements: [
        new PolicyStatement({
          actions: ['apigateway:POST'],
          resources: [apiGatewayArn(`/usageplans/${this.usagePlan.usagePlanId}/keys`)],
        }),
      ],
    });
    fn.executionRole.attachInlinePolicy(usagePlanKeys);
    fn.addEnvironment('OPERATOR_KEY_ID', this.apiKey.keyId);
    acknowledgeNag(
      fn.executionRole,
      wildcardResourceFinding(this, keysArn),
      'Deletes seller API keys, whose ids API Gateway generates at run time; the function refuses the operator key and any key without a scope record.',
    );
  }

  private resourceFor(path: string): IResource {
    let resource: IResource = this.restApi.root;
    for (const part of path.split('/').filter(Boolean)) {
      resource = resource.getResource(part) ?? resource.addResource(part);
    }
    return resource;
  }
}
