import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { type CfnResource, type CfnTemplate, TemplateError, TokenResolver } from './cfn';

/** Metadata keys the CDK stack puts on each function (lib/base-function.ts). */
export const ENTRY_METADATA = 'relance:entry';
export const HANDLER_METADATA = 'relance:handler';

export interface LocalFunction {
  readonly logicalId: string;
  readonly name: string;
  readonly arn: string;
  /** Source path relative to the repository root (metadata `relance:entry`). */
  readonly entry: string;
  /** Exported handler name (metadata `relance:handler`). */
  readonly handler: string;
  readonly timeoutSeconds: number;
  readonly memorySize: number;
  /** `Environment.Variables`, resolved to local names. */
  readonly environment: Readonly<Record<string, string>>;
}

export interface LocalStateMachine {
  readonly logicalId: string;
  readonly name: string;
  readonly arn: string;
  /** The Amazon States Language definition with every token resolved. */
  readonly definition: Record<string, unknown>;
}

export interface LocalRoute {
  readonly method: string;
  /** Resource path with API Gateway placeholders, e.g. `/invoices/{invoiceId}`. */
  readonly resourcePath: string;
  readonly apiKeyRequired: boolean;
  readonly integration:
    | { readonly type: 'lambda'; readonly functionLogicalId: string }
    | {
        readonly type: 'mock';
        readonly statusCode: number;
        readonly headers: Readonly<Record<string, string>>;
        readonly body: string;
      };
}

export interface LocalGatewayResponse {
  readonly statusCode?: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly template?: string;
}

export interface LocalApi {
  readonly logicalId: string;
  readonly stageName: string;
  readonly routes: readonly LocalRoute[];
  readonly binaryMediaTypes: readonly string[];
  /** By response type (`INVALID_API_KEY`, `DEFAULT_4XX`…). */
  readonly gatewayResponses: Readonly<Record<string, LocalGatewayResponse>>;
  /** The API keys of the template (their ids are what `Ref` gives) and the usage plan holding each. */
  readonly apiKeys: readonly { readonly id: string; readonly usagePlanId?: string }[];
}

export interface LocalEventRule {
  readonly logicalId: string;
  readonly pattern: Record<string, unknown>;
  readonly targetFunctionLogicalIds: readonly string[];
}

/** An SES configuration set whose events go to EventBridge (the only destination the local twin emulates). */
export interface LocalSesEventDestination {
  readonly configurationSetName: string;
  /** Lowercase SES event types: `send`, `delivery`, `bounce`, `complaint`, `reject`… */
  readonly eventTypes: readonly string[];
}

/** Everything the local twin provisions and runs, extracted from one synthesized template. */
export interface LocalModel {
  readonly resolver: TokenResolver;
  readonly tables: readonly CreateTableCommandInput[];
  readonly buckets: readonly string[];
  readonly functions: ReadonlyMap<string, LocalFunction>;
  readonly stateMachines: readonly LocalStateMachine[];
  readonly api: LocalApi | undefined;
  readonly eventRules: readonly LocalEventRule[];
  readonly sesEventDestinations: readonly LocalSesEventDestination[];
}

function resourcesOfType(template: CfnTemplate, ...types: string[]): [string, CfnResource][] {
  return Object.entries(template.Resources).filter(([, resource]) => types.includes(resource.Type));
}

function props(resource: CfnResource): Record<string, unknown> {
  return resource.Properties ?? {};
}

function tableInput(
  resolver: TokenResolver,
  logicalId: string,
  resource: CfnResource,
): CreateTableCommandInput {
  const p = resolver.resolve(props(resource)) as Record<string, unknown>;
  const billingMode = (p.BillingMode as string | undefined) ?? 'PROVISIONED';
  const onDemand = billingMode === 'PAY_PER_REQUEST';
  const throughput = (value: unknown) =>
    onDemand
      ? undefined
      : ((value as CreateTableCommandInput['ProvisionedThroughput']) ?? {
          ReadCapacityUnits: 5,
          WriteCapacityUnits: 5,
        });
  const indexes = (p.GlobalSecondaryIndexes as Record<string, unknown>[] | undefined)?.map((index) => ({
    IndexName: index.IndexName as string,
    KeySchema: index.KeySchema as never,
    Projection: index.Projection as never,
    ProvisionedThroughput: throughput(index.ProvisionedThroughput),
  }));
  const localIndexes = (p.LocalSecondaryIndexes as Record<string, unknown>[] | undefined)?.map((index) => ({
    IndexName: index.IndexName as string,
    KeySchema: index.KeySchema as never,
    Projection: index.Projection as never,
  }));
  return {
    TableName: resolver.physicalName(logicalId),
    AttributeDefinitions: p.AttributeDefinitions as never,
    KeySchema: p.KeySchema as never,
    BillingMode: onDemand ? 'PAY_PER_REQUEST' : 'PROVISIONED',
    ProvisionedThroughput: throughput(p.ProvisionedThroughput),
    ...(indexes && indexes.length > 0 ? { GlobalSecondaryIndexes: indexes } : {}),
    ...(localIndexes && localIndexes.length > 0 ? { LocalSecondaryIndexes: localIndexes } : {}),
  };
}

function functionsOf(template: CfnTemplate, resolver: TokenResolver): Map<string, LocalFunction> {
  const functions = new Map<string, LocalFunction>();
  for (const [logicalId, resource] of resourcesOfType(template, 'AWS::Lambda::Function')) {
    const entry = resource.Metadata?.[ENTRY_METADATA];
    // CDK's own helper functions (custom resources, log retention…) carry no entry: they do not run locally.
    if (typeof entry !== 'string') continue;
    const handler = resource.Metadata?.[HANDLER_METADATA];
    const p = props(resource);
    const variables = (p.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
    const environment: Record<string, string> = {};
    for (const [key, value] of Object.entries(variables)) {
      environment[key] = String(resolver.resolve(value));
    }
    functions.set(logicalId, {
      logicalId,
      name: resolver.physicalName(logicalId),
      arn: resolver.arn(logicalId),
      entry,
      handler: typeof handler === 'string' ? handler : 'handler',
      timeoutSeconds: Number(p.Timeout ?? 3),
      memorySize: Number(p.MemorySize ?? 128),
      environment,
    });
  }
  return functions;
}

function stateMachinesOf(template: CfnTemplate, resolver: TokenResolver): LocalStateMachine[] {
  return resourcesOfType(template, 'AWS::StepFunctions::StateMachine').map(([logicalId, resource]) => {
    const p = props(resource);
    let definition: Record<string, unknown>;
    if (p.DefinitionString !== undefined) {
      let text = resolver.resolveString(p.DefinitionString, `${logicalId}.DefinitionString`);
      const substitutions = resolver.resolve(p.DefinitionSubstitutions ?? {}) as Record<string, unknown>;
      for (const [key, value] of Object.entries(substitutions)) {
        text = text.split(`\${${key}}`).join(String(value));
      }
      definition = JSON.parse(text) as Record<string, unknown>;
    } else if (p.Definition !== undefined) {
      definition = resolver.resolve(p.Definition) as Record<string, unknown>;
    } else {
      throw new TemplateError(
        `State machine ${logicalId} has no inline definition (DefinitionS3Location is not supported locally).`,
      );
    }
    return { logicalId, name: resolver.physicalName(logicalId), arn: resolver.arn(logicalId), definition };
  });
}

/** API Gateway's default status code of each gateway response type. */
export const GATEWAY_RESPONSE_STATUS: Readonly<Record<string, number>> = {
  ACCESS_DENIED: 403,
  API_CONFIGURATION_ERROR: 500,
  BAD_REQUEST_BODY: 400,
  BAD_REQUEST_PARAMETERS: 400,
  INTEGRATION_FAILURE: 504,
  INTEGRATION_TIMEOUT: 504,
  INVALID_API_KEY: 403,
  MISSING_AUTHENTICATION_TOKEN: 403,
  QUOTA_EXCEEDED: 429,
  REQUEST_TOO_LARGE: 413,
  RESOURCE_NOT_FOUND: 404,
  THROTTLED: 429,
  UNSUPPORTED_MEDIA_TYPE: 415,
};

function apiOf(
  template: CfnTemplate,
  resolver: TokenResolver,
  functions: Map<string, LocalFunction>,
): LocalApi | undefined {
  const apis = resourcesOfType(template, 'AWS::ApiGateway::RestApi');
  if (apis.length === 0) return undefined;
  if (apis.length > 1)
    throw new TemplateError('The local runner serves one REST API; the template has several.');
  const [apiId, apiResource] = apis[0] as [string, CfnResource];
  const rootId = `${apiId}-root`;

  const parents = new Map<string, { parent: string; pathPart: string }>();
  for (const [logicalId, resource] of resourcesOfType(template, 'AWS::ApiGateway::Resource')) {
    const p = props(resource);
    parents.set(logicalId, {
      parent: resolver.resolveString(p.ParentId, `${logicalId}.ParentId`),
      pathPart: resolver.resolveString(p.PathPart, `${logicalId}.PathPart`),
    });
  }
  const pathOf = (resourceId: string): string => {
    if (resourceId === rootId) return '/';
    const parts: string[] = [];
    let current = resourceId;
    while (current !== rootId) {
      const node = parents.get(current);
      if (!node) throw new TemplateError(`API resource ${current} is not under the REST API root.`);
      parts.unshift(node.pathPart);
      current = node.parent;
    }
    return `/${parts.join('/')}`;
  };

  const functionByArn = new Map([...functions.values()].map((fn) => [fn.arn, fn.logicalId]));
  const routes: LocalRoute[] = [];
  for (const [logicalId, resource] of resourcesOfType(template, 'AWS::ApiGateway::Method')) {
    const p = props(resource);
    const resourcePath = pathOf(resolver.resolveString(p.ResourceId, `${logicalId}.ResourceId`));
    const method = String(p.HttpMethod).toUpperCase();
    const integration = (p.Integration ?? {}) as Record<string, unknown>;
    const apiKeyRequired = p.ApiKeyRequired === true || p.ApiKeyRequired === 'true';
    if (integration.Type === 'AWS_PROXY') {
      const uri = resolver.resolveString(integration.Uri, `${logicalId}.Integration.Uri`);
      const functionArn = /functions\/(.+)\/invocations$/.exec(uri)?.[1];
      const functionLogicalId = functionArn ? functionByArn.get(functionArn) : undefined;
      if (!functionLogicalId) {
        throw new TemplateError(
          `${method} ${resourcePath} integrates ${functionArn ?? uri}, which has no "${ENTRY_METADATA}" metadata: it cannot run locally.`,
        );
      }
      routes.push({
        method,
        resourcePath,
        apiKeyRequired,
        integration: { type: 'lambda', functionLogicalId },
      });
    } else if (integration.Type === 'MOCK') {
      const [response] =
        (resolver.resolve(integration.IntegrationResponses ?? []) as Record<string, unknown>[]) ?? [];
      const headers: Record<string, string> = {};
      for (const [key, value] of Object.entries(
        (response?.ResponseParameters ?? {}) as Record<string, string>,
      )) {
        headers[key.replace('method.response.header.', '')] = value.replace(/^'|'$/g, '');
      }
      const templates = (response?.ResponseTemplates ?? {}) as Record<string, string>;
      routes.push({
        method,
        resourcePath,
        apiKeyRequired,
        integration: {
          type: 'mock',
          statusCode: Number(response?.StatusCode ?? 200),
          headers,
          body: templates['application/json'] ?? '',
        },
      });
    } else {
      throw new TemplateError(
        `${method} ${resourcePath}: integration type ${String(integration.Type)} is not supported locally.`,
      );
    }
  }

  const gatewayResponses: Record<string, LocalGatewayResponse> = {};
  for (const [, resource] of resourcesOfType(template, 'AWS::ApiGateway::GatewayResponse')) {
    const p = resolver.resolve(props(resource)) as Record<string, unknown>;
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries((p.ResponseParameters ?? {}) as Record<string, string>)) {
      headers[key.replace('gatewayresponse.header.', '')] = value.replace(/^'|'$/g, '');
    }
    const templates = (p.ResponseTemplates ?? {}) as Record<string, string>;
    gatewayResponses[String(p.ResponseType)] = {
      statusCode: p.StatusCode === undefined ? undefined : Number(p.StatusCode),
      headers,
      template: templates['application/json'],
    };
  }

  const stages = resourcesOfType(template, 'AWS::ApiGateway::Stage');
  const stageName =
    stages.length > 0 ? String(props((stages[0] as [string, CfnResource])[1]).StageName ?? 'prod') : 'prod';
  const binaryMediaTypes = (resolver.resolve(props(apiResource).BinaryMediaTypes ?? []) as string[]).map(
    (type) => type.replace('~1', '/'),
  );
  const planOfKey = new Map<string, string>();
  for (const [, resource] of resourcesOfType(template, 'AWS::ApiGateway::UsagePlanKey')) {
    const p = resolver.resolve(props(resource)) as { KeyId?: unknown; UsagePlanId?: unknown };
    planOfKey.set(String(p.KeyId), String(p.UsagePlanId));
  }
  const apiKeys = resourcesOfType(template, 'AWS::ApiGateway::ApiKey').map(([logicalId]) => {
    const id = resolver.physicalName(logicalId);
    const usagePlanId = planOfKey.get(id);
    return usagePlanId === undefined ? { id } : { id, usagePlanId };
  });
  return { logicalId: apiId, stageName, routes, binaryMediaTypes, gatewayResponses, apiKeys };
}

function eventRulesOf(
  template: CfnTemplate,
  resolver: TokenResolver,
  functions: Map<string, LocalFunction>,
): LocalEventRule[] {
  const functionByArn = new Map([...functions.values()].map((fn) => [fn.arn, fn.logicalId]));
  const rules: LocalEventRule[] = [];
  for (const [logicalId, resource] of resourcesOfType(template, 'AWS::Events::Rule')) {
    const p = props(resource);
    if (!p.EventPattern || p.State === 'DISABLED') continue;
    const targets = (p.Targets ?? []) as Record<string, unknown>[];
    const targetFunctionLogicalIds = targets
      .map((target) => functionByArn.get(String(resolver.resolve(target.Arn))))
      .filter((id): id is string => id !== undefined);
    rules.push({
      logicalId,
      pattern: resolver.resolve(p.EventPattern) as Record<string, unknown>,
      targetFunctionLogicalIds,
    });
  }
  return rules;
}

function sesEventDestinationsOf(template: CfnTemplate, resolver: TokenResolver): LocalSesEventDestination[] {
  const destinations: LocalSesEventDestination[] = [];
  for (const [, resource] of resourcesOfType(template, 'AWS::SES::ConfigurationSetEventDestination')) {
    const p = resolver.resolve(props(resource)) as {
      ConfigurationSetName?: string;
      EventDestination?: {
        Enabled?: boolean;
        EventBridgeDestination?: unknown;
        MatchingEventTypes?: string[];
      };
    };
    const destination = p.EventDestination;
    if (!destination?.EventBridgeDestination || destination.Enabled === false || !p.ConfigurationSetName)
      continue;
    destinations.push({
      configurationSetName: p.ConfigurationSetName,
      eventTypes: (destination.MatchingEventTypes ?? []).map((type) => type.toLowerCase()),
    });
  }
  return destinations;
}

/** Extracts the local model of a synthesized template; throws a readable error on anything it cannot run. */
export function buildLocalModel(template: CfnTemplate, options: { stackName?: string } = {}): LocalModel {
  const resolver = new TokenResolver(template, options);
  const tables = resourcesOfType(template, 'AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable').map(
    ([id, resource]) => tableInput(resolver, id, resource),
  );
  const buckets = resourcesOfType(template, 'AWS::S3::Bucket').map(([id]) => resolver.physicalName(id));
  const functions = functionsOf(template, resolver);
  return {
    resolver,
    tables,
    buckets,
    functions,
    stateMachines: stateMachinesOf(template, resolver),
    api: apiOf(template, resolver, functions),
    eventRules: eventRulesOf(template, resolver, functions),
    sesEventDestinations: sesEventDestinationsOf(template, resolver),
  };
}
