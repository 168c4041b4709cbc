import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../bin/app';
import { MAILEVA_ENDPOINTS } from '../../lib/postal';
import { logicalIdOf, resourcesOfType, synthesize, TEST_CONTEXT } from './synth';

describe('PostalMail (relance:postalMail=maileva)', () => {
  const { json, stack } = synthesize({
    context: { 'relance:postalMail': 'maileva', 'relance:postalMailEnvironment': 'sandbox' },
  });
  const environmentOf = (id: string) =>
    (
      json.Resources[logicalIdOf(json, 'AWS::Lambda::Function', id)]?.Properties?.Environment as
        | { Variables: Record<string, unknown> }
        | undefined
    )?.Variables;

  it('should give the send and tracking functions the sandbox endpoints and the credentials secret', () => {
    const secret = logicalIdOf(json, 'AWS::SecretsManager::Secret', 'PostalMailMailevaCredentials');
    for (const id of ['SendMessageFunction', 'PostalTrackingFunction']) {
      expect(environmentOf(id)).toMatchObject({
        POSTAL_MAIL_PROVIDER: 'maileva',
        MAILEVA_API_URL: MAILEVA_ENDPOINTS.sandbox.apiUrl,
        MAILEVA_TOKEN_URL: MAILEVA_ENDPOINTS.sandbox.tokenUrl,
        MAILEVA_SECRET_ARN: { Ref: secret },
      });
    }
  });

  it('should poll travelling letters on an EventBridge Scheduler schedule', () => {
    const tracking = logicalIdOf(json, 'AWS::Lambda::Function', 'PostalTrackingFunction');
    const schedules = resourcesOfType(json, 'AWS::Scheduler::Schedule')
      .map(([, schedule]) => schedule.Properties ?? {})
      .filter((properties) => JSON.stringify(properties.Target).includes(tracking));
    expect(schedules.map((properties) => properties.ScheduleExpression)).toEqual(['rate(6 hours)']);
  });

  it('should leave zero unacknowledged cdk-nag findings', () => {
    const report = new AwsSolutionsChecks().validateScope(stack);
    expect(report.violations.map((violation) => violation.ruleName)).toEqual([]);
  });

  it('should post nothing by default and reject an unknown provider', () => {
    const { json: plain } = synthesize();
    // No Maileva credentials among the secrets, no tracking function.
    expect(resourcesOfType(plain, 'AWS::SecretsManager::Secret').map(([id]) => id)).not.toContainEqual(
      expect.stringMatching(/^PostalMail/),
    );
    expect(resourcesOfType(plain, 'AWS::Lambda::Function').map(([id]) => id)).not.toContainEqual(
      expect.stringMatching(/^PostalTrackingFunction/),
    );
    expect(() =>
      createApp({ bundle: false, context: { ...TEST_CONTEXT, 'relance:postalMail': 'pigeon' } }),
    ).toThrow(/relance:postalMail/);
  });
});
