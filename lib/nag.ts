import { Stack, Token, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * cdk-nag (v3) acknowledgements. Findings are acknowledged on the construct that causes them, each
 * with the reason it is acceptable; an acknowledgement covers the construct and its children only.
 */
export function acknowledgeNag(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

/** The id cdk-nag's IAM5 rule gives a wildcard action, e.g. `AwsSolutions-IAM5[Action::s3:Abort*]`. */
export function wildcardActionFinding(action: string): string {
  return `AwsSolutions-IAM5[Action::${action}]`;
}

/**
 * The id cdk-nag's IAM5 rule gives a wildcard resource: the resource as CloudFormation sees it,
 * flattened the way cdk-nag does (`{"Fn::GetAtt": ["Bucket", "Arn"]}` + `/evidence/*` →
 * `Resource::<Bucket.Arn>/evidence/*`), so that the acknowledgement names exactly that resource.
 */
export function wildcardResourceFinding(scope: IConstruct, resource: string): string {
  const resolved: unknown = Token.isUnresolved(resource) ? Stack.of(scope).resolve(resource) : resource;
  return `AwsSolutions-IAM5[Resource::${flattenCfnReference(resolved)}]`;
}

function flattenCfnReference(node: unknown): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/}/g, '>');
  if (typeof node === 'object' && node !== null) {
    const intrinsic = node as Record<string, unknown>;
    if (Array.isArray(intrinsic['Fn::Join'])) {
      const [delimiter, items] = intrinsic['Fn::Join'] as [string, unknown[]];
      return items.map(flattenCfnReference).join(delimiter);
    }
    if (intrinsic['Fn::Sub'] !== undefined) return flattenCfnReference(intrinsic['Fn::Sub']);
    if (Array.isArray(intrinsic['Fn::GetAtt'])) {
      const [resource, attribute] = intrinsic['Fn::GetAtt'] as [unknown, unknown];
      return `<${flattenCfnReference(resource)}.${flattenCfnReference(attribute)}>`;
    }
    if (intrinsic.Ref !== undefined) return `<${flattenCfnReference(intrinsic.Ref)}>`;
  }
  return JSON.stringify(node);
}
