import { App, Duration, Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../bin/app';
import { Api } from '../../lib/api';
import { BaseFunction } from '../../lib/base-function';
import { InvalidConfigurationError } from '../../lib/errors';
import { Mailer } from '../../lib/mailer';
import { Storage } from '../../lib/storage';
import { FUNCTIONS } from './stack-fixture';

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
