import { Template } from 'aws-cdk-lib/assertions';
import { type CreateAppOptions, createApp } from '../../bin/app';
import type { RelanceStack } from '../../lib/relance-stack';

/** The context every construct test starts from (what cdk.json gives the CLI). */
export const TEST_CONTEXT = {
  'relance:senderDomain': 'example.com',
  'relance:alarmEmail': '',
  'relance:stage': 'dev',
} as const;

export interface Synthesized {
  readonly stack: RelanceStack;
  readonly template: Template;
  readonly json: CfnTemplate;
}

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
}

export interface CfnTemplate {
  readonly Resources: Record<string, CfnResource>;
  readonly Outputs?: Record<string, { Value: unknown }>;
}

/** Synthesizes the app without bundling (fast): call once per test file, in `beforeAll`. */
export function synthesize(options: CreateAppOptions = {}): Synthesized {
  const { stack } = createApp({
    bundle: false,
    ...options,
    context: { ...TEST_CONTEXT, ...options.context },
  });
  const template = Template.fromStack(stack);
  return { stack, template, json: template.toJSON() as CfnTemplate };
}

/** Resources of a type, keyed by logical id. */
export function resourcesOfType(json: CfnTemplate, type: string): [string, CfnResource][] {
  return Object.entries(json.Resources).filter(([, resource]) => resource.Type === type);
}

/** The logical id of the only resource of `type` whose id starts with `prefix` (construct path without hash). */
export function logicalIdOf(json: CfnTemplate, type: string, prefix: string): string {
  const ids = resourcesOfType(json, type)
    .map(([id]) => id)
    .filter((id) => stripHash(id) === prefix);
  if (ids.length !== 1)
    throw new Error(`expected one ${type} named ${prefix}*, found ${ids.join(', ') || 'none'}`);
  return ids[0] as string;
}

/** `PlanScheduleFunction6871D3E4` → `PlanScheduleFunction`: logical ids without CDK's hash suffix. */
export function stripHash(logicalId: string): string {
  return logicalId.replace(/[0-9A-F]{8}$/, '');
}

/** The placeholder `renderWithPlaceholders` writes for a reference: `ref('StorageTable')` → `${StorageTable}`. */
export function ref(name: string): string {
  return `\${${name}}`;
}

/**
 * Renders a CloudFormation value (string, `Ref`, `Fn::GetAtt`, `Fn::Join`) as a string with stable
 * placeholders: `${PlanScheduleFunction.Arn}`, `${StorageTable}`, `${AWS::Partition}`.
 */
export function renderWithPlaceholders(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const node = value as Record<string, unknown>;
    if (typeof node.Ref === 'string')
      return `\${${node.Ref.startsWith('AWS::') ? node.Ref : stripHash(node.Ref)}}`;
    if (Array.isArray(node['Fn::GetAtt'])) {
      const [id, attribute] = node['Fn::GetAtt'] as [string, string];
      return `\${${stripHash(id)}.${attribute}}`;
    }
    if (Array.isArray(node['Fn::Join'])) {
      const [delimiter, parts] = node['Fn::Join'] as [string, unknown[]];
      return parts.map(renderWithPlaceholders).join(delimiter);
    }
  }
  throw new Error(`cannot render ${JSON.stringify(value)}`);
}

/** One statement of an IAM policy document, with the policy's logical id and attached roles. */
export interface PolicyStatementEntry {
  readonly policyId: string;
  readonly roles: readonly string[];
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly effect: string;
}

/** Every statement of every AWS::IAM::Policy and inline role policy, resources rendered with placeholders. */
export function policyStatements(json: CfnTemplate): PolicyStatementEntry[] {
  const entries: PolicyStatementEntry[] = [];
  const add = (policyId: string, roles: string[], document: unknown) => {
    const statements = (document as { Statement: Record<string, unknown>[] }).Statement;
    for (const statement of statements) {
      entries.push({
        policyId,
        roles,
        actions: toArray(statement.Action) as string[],
        resources: toArray(statement.Resource).map(renderWithPlaceholders),
        effect: String(statement.Effect),
      });
    }
  };
  for (const [id, resource] of resourcesOfType(json, 'AWS::IAM::Policy')) {
    const props = resource.Properties as { PolicyDocument: unknown; Roles?: { Ref: string }[] };
    add(
      id,
      (props.Roles ?? []).map((role) => stripHash(role.Ref)),
      props.PolicyDocument,
    );
  }
  for (const [id, resource] of resourcesOfType(json, 'AWS::IAM::Role')) {
    const inline = (resource.Properties?.Policies ?? []) as { PolicyDocument: unknown }[];
    for (const policy of inline) add(id, [stripHash(id)], policy.PolicyDocument);
  }
  return entries;
}

function toArray(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** The ASL definition of the (only) state machine, tokens replaced by placeholders. */
export function stateMachineDefinition(json: CfnTemplate): AslDefinition {
  const machines = resourcesOfType(json, 'AWS::StepFunctions::StateMachine');
  if (machines.length !== 1) throw new Error(`expected one state machine, found ${machines.length}`);
  const [, machine] = machines[0] as [string, CfnResource];
  return JSON.parse(renderWithPlaceholders(machine.Properties?.DefinitionString)) as AslDefinition;
}

export interface AslDefinition {
  readonly StartAt: string;
  readonly States: Record<string, AslState>;
  readonly QueryLanguage?: string;
  readonly TimeoutSeconds?: number;
}

export interface AslState {
  readonly Type: 'Task' | 'Choice' | 'Wait' | 'Succeed' | 'Fail' | 'Pass' | 'Parallel' | 'Map';
  readonly Next?: string;
  readonly End?: boolean;
  readonly Resource?: string;
  readonly Parameters?: Record<string, unknown>;
  readonly ResultSelector?: Record<string, string>;
  readonly ResultPath?: string | null;
  readonly Choices?: AslChoiceRule[];
  readonly Default?: string;
  readonly TimestampPath?: string;
  readonly Seconds?: number;
  readonly Timestamp?: string;
  readonly SecondsPath?: string;
  readonly Retry?: {
    ErrorEquals: string[];
    IntervalSeconds?: number;
    MaxAttempts?: number;
    BackoffRate?: number;
    JitterStrategy?: string;
  }[];
  readonly Catch?: { ErrorEquals: string[]; ResultPath?: string; Next: string }[];
  readonly QueryLanguage?: string;
  readonly Assign?: unknown;
}

export interface AslChoiceRule {
  readonly Next?: string;
  readonly Variable?: string;
  readonly StringEquals?: string;
  readonly IsPresent?: boolean;
  readonly Or?: AslChoiceRule[];
  readonly And?: AslChoiceRule[];
  readonly Not?: AslChoiceRule;
}
