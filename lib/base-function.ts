import { existsSync } from 'node:fs';
import { basename, isAbsolute, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, type CfnFunction, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { InvalidConfigurationError } from './errors';
import type { Mailer } from './mailer';
import { acknowledgeNag, wildcardActionFinding, wildcardResourceFinding } from './nag';

/** The repository root: entries, the lock file and esbuild's working directory are resolved from it. */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Metadata keys on each function's CloudFormation resource, read by the local runner. */
export const ENTRY_METADATA_KEY = 'relance:entry';
export const HANDLER_METADATA_KEY = 'relance:handler';
/** Modules bundled next to `index.mjs` and imported on first use (see `lazyModules`). */
export const LAZY_MODULES_METADATA_KEY = 'relance:lazy-modules';

/** DynamoDB actions of `bindTable(…, 'read')`: single-item and batch reads, index queries. */
export const TABLE_READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'] as const;
/** Added by `bindTable(…, 'readWrite')`. Conditional writes are UpdateItem/PutItem with a condition. */
export const TABLE_WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
] as const;

/**
 * esbuild emits ESM; a few CommonJS dependencies still call `require` at run time, which does not
 * exist in an ES module, so the bundle defines it first.
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __relanceCreateRequire } from 'node:module'; const require = __relanceCreateRequire(import.meta.url);";

export interface BaseFunctionProps {
  /**
   * The handler's source file, relative to the repository root, e.g. `functions/api/handler.ts`.
   * It must export `handler`.
   */
  readonly entry: string;
  /** What the function does, shown in the Lambda console. @default - none */
  readonly description?: string;
  /** Memory in MiB (128–10240). @default 512 */
  readonly memorySize?: number;
  /** Timeout (at most 15 minutes). @default Duration.seconds(30) */
  readonly timeout?: Duration;
  /** How long the function's log group keeps its logs. @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
  /** Powertools service name (logs, traces, the `service` metric dimension). @default 'relance' */
  readonly serviceName?: string;
  /** Extra environment variables; prefer the `bind*` helpers for resources. @default - none */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * Modules (paths relative to the repository root) that the handler imports only when needed, e.g. the
   * formal-notice letter and its PDF library. Each is bundled into its own `<name>.mjs` next to
   * `index.mjs`, so a cold start does not load it; the handler imports `./<name>.mjs` at run time.
   * @default - none
   */
  readonly lazyModules?: readonly string[];
  /**
   * Files (paths relative to the repository root, e.g. a browser script of an npm package) copied next
   * to `index.mjs` under their own name; the handler reads them with `new URL('./<name>', import.meta.url)`.
   * @default - none
   */
  readonly assets?: readonly string[];
}

/** Access of a function to the invoices bucket. */
export interface InvoicesBucketAccess {
  /** Read any object (invoice PDFs may come from any key given as `pdf.s3Key`). @default false */
  readonly read?: boolean;
  /** Key prefixes (each ending with `/`, e.g. `evidence/`) under which the function may put objects. @default - none */
  readonly writePrefixes?: readonly string[];
}

/**
 * A Node.js 24 / ARM64 Lambda with X-Ray tracing, its own log group, an ESM bundle with source maps
 * and a role that holds only what the `bind*` helpers grant. Each helper grants access AND sets the
 * environment variable the handler reads, so a handler never sees a resource it cannot use.
 */
export class BaseFunction extends NodejsFunction {
  // The function's own log group is the inherited `logGroup` (retention set by `logRetention`).
  /** The function's execution role (no AWS-managed policy attached). */
  public readonly executionRole: Role;
  /** The entry path relative to the repository root, as given in the props. */
  public readonly entryPath: string;

  constructor(scope: Construct, id: string, props: BaseFunctionProps) {
    validateProps(id, props);
    // Created next to the function (not inside it) because they must exist before NodejsFunction's constructor.
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
    });
    const executionRole = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${id}`,
    });
    const serviceName = props.serviceName ?? 'relance';
    const lazyModules = props.lazyModules ?? [];
    const assets = props.assets ?? [];
    super(scope, id, {
      entry: join(REPO_ROOT, props.entry),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      tracing: Tracing.ACTIVE,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(30),
      logGroup,
      role: executionRole,
      environment: {
        ...props.environment,
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: serviceName,
      },
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_BANNER,
        target: 'node24',
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        logLevel: LogLevel.WARNING,
        // Licence comments go to `index.mjs.LEGAL.txt`: a single non-ASCII byte left in the code (an
        // author's name) makes V8 decode and scan the whole file as two-byte text at every cold start.
        esbuildArgs: { '--legal-comments': 'external' },
        // Bundled so that the code runs against the SDK versions it was tested with.
        bundleAwsSDK: true,
        ...(lazyModules.length > 0 || assets.length > 0
          ? {
              commandHooks: {
                beforeBundling: () => [],
                beforeInstall: () => [],
                afterBundling: (inputDir: string, outputDir: string) => [
                  ...lazyModules.map((module) => lazyModuleCommand(inputDir, outputDir, module)),
                  ...assets.map((asset) =>
                    copyCommand(join(inputDir, asset), join(outputDir, basename(asset))),
                  ),
                ],
              },
            }
          : {}),
      },
    });
    this.executionRole = executionRole;
    this.entryPath = props.entry;

    // Least privilege for logs: this log group only, not the AWS-managed basic execution policy.
    logGroup.grantWrite(executionRole);
    acknowledgeNag(
      executionRole,
      'AwsSolutions-IAM5[Resource::*]',
      'X-Ray active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions.',
    );

    const cfnFunction = this.node.defaultChild as CfnFunction;
    cfnFunction.addMetadata(ENTRY_METADATA_KEY, props.entry);
    cfnFunction.addMetadata(HANDLER_METADATA_KEY, 'handler');
    if (lazyModules.length > 0) cfnFunction.addMetadata(LAZY_MODULES_METADATA_KEY, [...lazyModules]);
  }

  /**
   * Read or read/write access to the single table and its indexes → `TABLE_NAME`. Item-level actions
   * only (see TABLE_READ_ACTIONS / TABLE_WRITE_ACTIONS): no Scan, no streams, no table management.
   */
  public bindTable(table: ITable, access: 'read' | 'readWrite'): this {
    table.grant(this, ...TABLE_READ_ACTIONS, ...(access === 'readWrite' ? TABLE_WRITE_ACTIONS : []));
    this.addEnvironment('TABLE_NAME', table.tableName);
    acknowledgeNag(
      this.executionRole,
      wildcardResourceFinding(this, `${table.tableArn}/index/*`),
      'Queries the bySeller, byCustomer and byStatus indexes of this table only; index ARNs are table ARN + /index/<name>.',
    );
    return this;
  }

  /** Access to the invoices bucket → `INVOICES_BUCKET`. `'read'` is `{read: true}`. */
  public bindInvoicesBucket(bucket: IBucket, access: 'read' | InvoicesBucketAccess): this {
    const { read = false, writePrefixes = [] } = access === 'read' ? { read: true } : access;
    if (!read && writePrefixes.length === 0) {
      throw new InvalidConfigurationError(
        `${this.node.path}: bindInvoicesBucket needs read or writePrefixes.`,
      );
    }
    if (read) {
      bucket.grantRead(this);
      for (const action of ['s3:GetObject*', 's3:GetBucket*', 's3:List*']) {
        acknowledgeNag(
          this.executionRole,
          wildcardActionFinding(action),
          'Read-only action family of the S3 read grant, limited to the invoices bucket and its objects.',
        );
      }
      acknowledgeNag(
        this.executionRole,
        wildcardResourceFinding(this, bucket.arnForObjects('*')),
        'Reads invoice PDFs of any invoice: object keys are per invoice and an invoice may reference any existing key (pdf.s3Key).',
      );
    }
    for (const prefix of writePrefixes) {
      if (!/^[a-z0-9-]+\/$/.test(prefix)) {
        throw new InvalidConfigurationError(
          `${this.node.path}: write prefix "${prefix}" must look like "evidence/" (lowercase, ending with "/").`,
        );
      }
      bucket.grantPut(this, `${prefix}*`);
      acknowledgeNag(
        this.executionRole,
        wildcardResourceFinding(this, bucket.arnForObjects(`${prefix}*`)),
        `Writes objects under ${prefix} only; keys below it are per invoice, so the prefix needs a wildcard.`,
      );
    }
    if (writePrefixes.length > 0) {
      acknowledgeNag(
        this.executionRole,
        wildcardActionFinding('s3:Abort*'),
        'Lets the SDK abort its own multipart uploads under the granted prefixes.',
      );
    }
    this.addEnvironment('INVOICES_BUCKET', bucket.bucketName);
    return this;
  }

  /**
   * Start executions of the state machine, stop and describe its executions → `STATE_MACHINE_ARN`.
   * StartExecution is granted on the state machine only; Stop/Describe on its executions only.
   */
  public bindStateMachine(stateMachine: StateMachine): this {
    stateMachine.grantStartExecution(this);
    const executionsArn = Stack.of(this).formatArn({
      service: 'states',
      resource: 'execution',
      resourceName: `${stateMachine.stateMachineName}:*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    this.addToRolePolicy(
      new PolicyStatement({
        actions: ['states:StopExecution', 'states:DescribeExecution'],
        resources: [executionsArn],
      }),
    );
    acknowledgeNag(
      this.executionRole,
      wildcardResourceFinding(this, executionsArn),
      'Stops and describes executions of this state machine only; execution names are per invoice.',
    );
    this.addEnvironment('STATE_MACHINE_ARN', stateMachine.stateMachineArn);
    return this;
  }

  /** Send email through the SES identity and configuration set of the mailer → `SES_CONFIGURATION_SET`. */
  public bindMailer(mailer: Mailer): this {
    mailer.grantSend(this);
    this.addEnvironment('SES_CONFIGURATION_SET', mailer.configurationSet.configurationSetName);
    return this;
  }

  /** Read a secret → `<envName>` = the secret's ARN (the handler fetches the value at run time). */
  public bindSecret(envName: string, secret: ISecret): this {
    if (!/^[A-Z][A-Z0-9_]*$/.test(envName)) {
      throw new InvalidConfigurationError(
        `${this.node.path}: "${envName}" is not an environment variable name.`,
      );
    }
    secret.grantRead(this);
    this.addEnvironment(envName, secret.secretArn);
    return this;
  }
}

/** The file name a lazy module gets next to `index.mjs`: `functions/x/letter.ts` → `letter.mjs`. */
export function lazyModuleFileName(module: string): string {
  return `${basename(module).replace(/\.[mc]?[jt]s$/, '')}.mjs`;
}

/** esbuild with the same options as the function's own bundle, for one lazy module. */
function copyCommand(from: string, to: string): string {
  return ['cp', from, to].map((arg) => `'${arg.replace(/'/g, `'\\''`)}'`).join(' ');
}

function lazyModuleCommand(inputDir: string, outputDir: string, module: string): string {
  const args = [
    join(inputDir, 'node_modules', '.bin', 'esbuild'),
    join(inputDir, module),
    '--bundle',
    '--platform=node',
    '--format=esm',
    '--target=node24',
    '--main-fields=module,main',
    '--minify',
    '--sourcemap',
    '--sources-content=false',
    '--legal-comments=external',
    '--log-level=warning',
    `--banner:js=${ESM_REQUIRE_BANNER}`,
    `--outfile=${join(outputDir, lazyModuleFileName(module))}`,
  ];
  return args.map((arg) => `'${arg.replace(/'/g, `'\\''`)}'`).join(' ');
}

function validateProps(id: string, props: BaseFunctionProps): void {
  const entry = normalize(props.entry);
  if (isAbsolute(props.entry) || entry.startsWith('..') || !/\.(ts|mts|js|mjs)$/.test(entry)) {
    throw new InvalidConfigurationError(
      `${id}: entry "${props.entry}" must be a .ts/.js file path relative to the repository root.`,
    );
  }
  if (!existsSync(join(REPO_ROOT, entry))) {
    throw new InvalidConfigurationError(`${id}: entry "${props.entry}" does not exist under ${REPO_ROOT}.`);
  }
  for (const module of props.lazyModules ?? []) {
    if (isAbsolute(module) || normalize(module).startsWith('..') || !existsSync(join(REPO_ROOT, module))) {
      throw new InvalidConfigurationError(
        `${id}: lazy module "${module}" must be an existing file under ${REPO_ROOT}.`,
      );
    }
  }
  for (const asset of props.assets ?? []) {
    if (isAbsolute(asset) || normalize(asset).startsWith('..') || !existsSync(join(REPO_ROOT, asset))) {
      throw new InvalidConfigurationError(
        `${id}: asset "${asset}" must be an existing file under ${REPO_ROOT}.`,
      );
    }
  }
  const memory = props.memorySize;
  if (memory !== undefined && (!Number.isInteger(memory) || memory < 128 || memory > 10240)) {
    throw new InvalidConfigurationError(`${id}: memorySize must be an integer between 128 and 10240 MiB.`);
  }
  if (props.timeout !== undefined && props.timeout.toSeconds() > 900) {
    throw new InvalidConfigurationError(`${id}: timeout must be at most 15 minutes.`);
  }
}
