import type { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../bin/app';
import type { RelanceStack } from '../../lib/relance-stack';
import { TEST_CONTEXT } from './synth';

let app: App;
let stack: RelanceStack;
let synthError: unknown;

beforeAll(() => {
  // cdk-nag v3 is a policy-validation plugin: unacknowledged findings make the synth itself fail.
  ({ app, stack } = createApp({ bundle: false, nag: true, context: { ...TEST_CONTEXT } }));
  try {
    app.synth();
  } catch (error) {
    synthError = error;
  }
});

describe('cdk-nag AwsSolutions', () => {
  it('should synthesize with the AwsSolutions plugin registered', () => {
    expect(synthError).toBeUndefined();
  });

  it('should leave zero unacknowledged errors and warnings', () => {
    const report = new AwsSolutionsChecks().validateScope(stack);
    const findings = report.violations.map(
      (violation) =>
        `${violation.severity} ${violation.ruleName}: ${violation.violatingResources.map((r) => r.constructPath).join(', ')}`,
    );
    expect(findings).toEqual([]);
  });

  it('should acknowledge each finding with a specific reason, on the resource that causes it', () => {
    const acknowledgements = stack.node.findAll().flatMap((construct) =>
      construct.node.metadata
        .filter((entry) => entry.type === 'aws:cdk:acknowledged-rules')
        .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
        .map(([id, reason]) => ({ path: construct.node.path, id, reason })),
    );
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const { path, id, reason } of acknowledgements) {
      expect(path, id).not.toBe(stack.node.path);
      expect(reason.length, `${path} ${id}`).toBeGreaterThan(40);
    }
  });

  it('should not subscribe anyone to the alarm topic when relance:alarmEmail is empty', () => {
    // Reuses the assembly synthesized above (Template.fromStack would synthesize again).
    const template = Template.fromJSON(app.synth().getStackByName(stack.stackName).template);
    template.resourceCountIs('AWS::SNS::Subscription', 0);
  });
});
