/**
 * A minimal CloudFormation model and an intrinsic-function resolver that turns the synthesized
 * template into local names: every `Ref`/`Fn::GetAtt` becomes the name or ARN the local emulators use,
 * so the definition, routes and environment of the template run unchanged on this machine.
 */

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
  readonly Condition?: string;
}

export interface CfnTemplate {
  readonly Resources: Record<string, CfnResource>;
  readonly Parameters?: Record<string, { Type?: string; Default?: unknown }>;
  readonly Conditions?: Record<string, unknown>;
  readonly Mappings?: Record<string, Record<string, Record<string, unknown>>>;
}

/** Fake account and region of the local twin; state machine ARNs use the region `local`. */
export const LOCAL_ACCOUNT_ID = '000000000000';
export const LOCAL_REGION = 'eu-west-3';
export const LOCAL_STATES_REGION = 'local';

export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

/** Marks a value that resolves to nothing (`AWS::NoValue`); removed from objects and arrays. */
const NO_VALUE = Symbol('AWS::NoValue');

function stringProperty(resource: CfnResource, key: string): string | undefined {
  const value = resource.Properties?.[key];
  return typeof value === 'string' ? value : undefined;
}

/** S3 bucket names are lowercase, 3–63 characters of letters, digits, dots and hyphens. */
function bucketNameFor(logicalId: string): string {
  return logicalId
    .toLowerCase()
    .replace(/[^a-z0-9.-]/g, '-')
    .slice(0, 63);
}

export class TokenResolver {
  readonly region: string;
  readonly accountId: string;
  readonly #template: CfnTemplate;
  readonly #stackName: string;

  constructor(
    template: CfnTemplate,
    options: { stackName?: string; region?: string; accountId?: string } = {},
  ) {
    this.#template = template;
    this.#stackName = options.stackName ?? 'Relance';
    this.region = options.region ?? LOCAL_REGION;
    this.accountId = options.accountId ?? LOCAL_ACCOUNT_ID;
  }

  resource(logicalId: string): CfnResource {
    const resource = this.#template.Resources[logicalId];
    if (!resource) throw new TemplateError(`The template has no resource "${logicalId}".`);
    return resource;
  }

  /** The local physical name of a resource (what `Ref` gives for named resources). */
  physicalName(logicalId: string): string {
    const resource = this.resource(logicalId);
    switch (resource.Type) {
      case 'AWS::DynamoDB::Table':
      case 'AWS::DynamoDB::GlobalTable':
        return stringProperty(resource, 'TableName') ?? logicalId;
      case 'AWS::S3::Bucket':
        return stringProperty(resource, 'BucketName') ?? bucketNameFor(logicalId);
      case 'AWS::Lambda::Function':
        return stringProperty(resource, 'FunctionName') ?? logicalId;
      case 'AWS::StepFunctions::StateMachine':
        return stringProperty(resource, 'StateMachineName') ?? logicalId;
      case 'AWS::SES::ConfigurationSet':
      case 'AWS::SecretsManager::Secret':
      case 'AWS::Events::EventBus':
      case 'AWS::SSM::Parameter':
        return stringProperty(resource, 'Name') ?? logicalId;
      case 'AWS::Logs::LogGroup':
        return stringProperty(resource, 'LogGroupName') ?? logicalId;
      case 'AWS::IAM::Role':
        return stringProperty(resource, 'RoleName') ?? logicalId;
      default:
        return logicalId;
    }
  }

  arn(logicalId: string): string {
    const resource = this.resource(logicalId);
    const name = this.physicalName(logicalId);
    const { region, accountId } = this;
    switch (resource.Type) {
      case 'AWS::DynamoDB::Table':
      case 'AWS::DynamoDB::GlobalTable':
        return `arn:aws:dynamodb:${region}:${accountId}:table/${name}`;
      case 'AWS::S3::Bucket':
        return `arn:aws:s3:::${name}`;
      case 'AWS::Lambda::Function':
        return `arn:aws:lambda:${region}:${accountId}:function:${name}`;
      case 'AWS::StepFunctions::StateMachine':
        return stateMachineArn(name);
      case 'AWS::SecretsManager::Secret':
        return `arn:aws:secretsmanager:${region}:${accountId}:secret:${name}`;
      case 'AWS::SES::ConfigurationSet':
        return `arn:aws:ses:${region}:${accountId}:configuration-set/${name}`;
      case 'AWS::IAM::Role':
        return `arn:aws:iam::${accountId}:role/${name}`;
      case 'AWS::Logs::LogGroup':
        return `arn:aws:logs:${region}:${accountId}:log-group:${name}:*`;
      case 'AWS::Events::EventBus':
        return `arn:aws:events:${region}:${accountId}:event-bus/${name}`;
      default: {
        const service = resource.Type.split('::')[1]?.toLowerCase() ?? 'local';
        return `arn:aws:${service}:${region}:${accountId}:${logicalId}`;
      }
    }
  }

  ref(name: string): unknown {
    switch (name) {
      case 'AWS::Region':
        return this.region;
      case 'AWS::AccountId':
        return this.accountId;
      case 'AWS::Partition':
        return 'aws';
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
      case 'AWS::StackName':
        return this.#stackName;
      case 'AWS::StackId':
        return `arn:aws:cloudformation:${this.region}:${this.accountId}:stack/${this.#stackName}/local`;
      case 'AWS::NoValue':
        return NO_VALUE;
    }
    const parameter = this.#template.Parameters?.[name];
    if (parameter) return parameter.Default ?? '';
    const resource = this.resource(name);
    switch (resource.Type) {
      case 'AWS::StepFunctions::StateMachine':
      case 'AWS::SecretsManager::Secret':
        return this.arn(name);
      default:
        return this.physicalName(name);
    }
  }

  getAtt(logicalId: string, attribute: string): unknown {
    const resource = this.resource(logicalId);
    switch (attribute) {
      case 'Arn':
        return this.arn(logicalId);
      case 'Name':
      case 'StateMachineName':
        return this.physicalName(logicalId);
      case 'RootResourceId':
        return `${logicalId}-root`;
      case 'StreamArn':
        return `${this.arn(logicalId)}/stream/local`;
    }
    if (resource.Type === 'AWS::S3::Bucket' && attribute.endsWith('DomainName')) {
      return `${this.physicalName(logicalId)}.s3.${this.region}.amazonaws.com`;
    }
    return `${logicalId}.${attribute}`;
  }

  /** Resolves every intrinsic function of `value`, deeply. */
  resolve(value: unknown): unknown {
    const resolved = this.#resolve(value);
    return resolved === NO_VALUE ? undefined : resolved;
  }

  resolveString(value: unknown, where: string): string {
    const resolved = this.resolve(value);
    if (typeof resolved !== 'string') {
      throw new TemplateError(
        `${where}: expected a string after resolving intrinsics, got ${JSON.stringify(resolved)}.`,
      );
    }
    return resolved;
  }

  #resolve(value: unknown): unknown {
    if (Array.isArray(value)) {
      return value.map((item) => this.#resolve(item)).filter((item) => item !== NO_VALUE);
    }
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value as Record<string, unknown>);
    const [first] = entries;
    if (
      entries.length === 1 &&
      first &&
      (first[0] === 'Ref' || first[0].startsWith('Fn::') || first[0] === 'Condition')
    ) {
      return this.#intrinsic(first[0], first[1]);
    }
    const result: Record<string, unknown> = {};
    for (const [key, item] of entries) {
      const resolved = this.#resolve(item);
      if (resolved !== NO_VALUE) result[key] = resolved;
    }
    return result;
  }

  #intrinsic(name: string, argument: unknown): unknown {
    switch (name) {
      case 'Ref':
        return this.ref(String(argument));
      case 'Fn::GetAtt': {
        const [logicalId, attribute] = Array.isArray(argument) ? argument : String(argument).split('.');
        return this.getAtt(String(logicalId), String(attribute));
      }
      case 'Fn::Join': {
        const [separator, parts] = argument as [string, unknown];
        const resolved = this.#resolve(parts);
        if (!Array.isArray(resolved)) throw new TemplateError('Fn::Join expects a list.');
        return resolved
          .map((part) => (typeof part === 'string' ? part : JSON.stringify(part)))
          .join(separator);
      }
      case 'Fn::Sub':
        return this.#sub(argument);
      case 'Fn::Select': {
        const [index, list] = argument as [unknown, unknown];
        const resolvedList = this.#resolve(list);
        if (!Array.isArray(resolvedList)) throw new TemplateError('Fn::Select expects a list.');
        return resolvedList[Number(this.#resolve(index))];
      }
      case 'Fn::Split': {
        const [separator, source] = argument as [string, unknown];
        return String(this.#resolve(source)).split(separator);
      }
      case 'Fn::GetAZs':
        return ['a', 'b', 'c'].map((zone) => `${this.region}${zone}`);
      case 'Fn::Base64':
        return Buffer.from(String(this.#resolve(argument))).toString('base64');
      case 'Fn::FindInMap': {
        const [map, top, second] = (this.#resolve(argument) as unknown[]).map(String) as [
          string,
          string,
          string,
        ];
        return this.#template.Mappings?.[map]?.[top]?.[second];
      }
      case 'Fn::If': {
        const [condition, whenTrue, whenFalse] = argument as [string, unknown, unknown];
        return this.#resolve(this.condition(condition) ? whenTrue : whenFalse);
      }
      case 'Fn::Equals': {
        const [left, right] = argument as [unknown, unknown];
        return JSON.stringify(this.#resolve(left)) === JSON.stringify(this.#resolve(right));
      }
      case 'Fn::Not':
        return !(this.#resolve((argument as unknown[])[0]) as boolean);
      case 'Fn::And':
        return (argument as unknown[]).every((item) => this.#resolve(item) === true);
      case 'Fn::Or':
        return (argument as unknown[]).some((item) => this.#resolve(item) === true);
      case 'Condition':
        return this.condition(String(argument));
      default:
        throw new TemplateError(`The local runner cannot resolve the intrinsic function ${name}.`);
    }
  }

  condition(name: string): boolean {
    const condition = this.#template.Conditions?.[name];
    if (condition === undefined) throw new TemplateError(`Unknown condition "${name}".`);
    return this.#resolve(condition) === true;
  }

  #sub(argument: unknown): string {
    const [text, variables] = typeof argument === 'string' ? [argument, {}] : (argument as [string, object]);
    const resolvedVariables = this.#resolve(variables) as Record<string, unknown>;
    return text.replace(/\$\{([^}]+)\}/g, (_match, expression: string) => {
      if (expression.startsWith('!')) return `\${${expression.slice(1)}}`;
      if (expression in resolvedVariables) return String(resolvedVariables[expression]);
      const [logicalId, attribute] = expression.split('.');
      if (logicalId && attribute) return String(this.getAtt(logicalId, attribute));
      return String(this.ref(expression));
    });
  }
}

export function stateMachineArn(name: string): string {
  return `arn:aws:states:${LOCAL_STATES_REGION}:${LOCAL_ACCOUNT_ID}:stateMachine:${name}`;
}

export function executionArn(stateMachineName: string, executionName: string): string {
  return `arn:aws:states:${LOCAL_STATES_REGION}:${LOCAL_ACCOUNT_ID}:execution:${stateMachineName}:${executionName}`;
}
