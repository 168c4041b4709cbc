import type { VirtualClock, WorkTracker } from './clock';
import type { LocalLambdas } from './lambda';
import type { SentEmail } from './mailbox';
import type { LocalEvent } from './service-types';
import { type EventBridgeEvent, matchesPattern, sesEventsFor } from './ses-events';
import type { LocalModel } from './template';

export interface SesEventRelayOptions {
  readonly model: LocalModel;
  readonly lambdas: LocalLambdas;
  readonly tracker: WorkTracker;
  readonly clock: VirtualClock;
  readonly emit: (event: LocalEvent) => void;
}

/**
 * What the SES emulator calls on each email sent: the email as a local event, and the SES events its
 * configuration set publishes (delivery, bounce…) delivered through EventBridge rules to their functions.
 */
export function sesEventRelay({
  model,
  lambdas,
  tracker,
  clock,
  emit,
}: SesEventRelayOptions): (email: SentEmail) => void {
  const sesDestinations = new Map(
    model.sesEventDestinations.map((d) => [d.configurationSetName, new Set(d.eventTypes)]),
  );
  return (email: SentEmail) => {
    emit({ kind: 'email', email });
    const eventTypes = email.configurationSetName
      ? sesDestinations.get(email.configurationSetName)
      : undefined;
    if (!eventTypes) return;
    const deliveries: [EventBridgeEvent, string][] = [];
    for (const event of sesEventsFor(email, {
      region: model.resolver.region,
      accountId: model.resolver.accountId,
      eventTypes,
    })) {
      for (const rule of model.eventRules) {
        if (!matchesPattern(rule.pattern, event)) continue;
        for (const target of rule.targetFunctionLogicalIds) deliveries.push([event, target]);
      }
    }
    if (deliveries.length === 0) return;
    // Delivered once the invocation that sent the email has finished (it records the message id first).
    const end = tracker.begin();
    void Promise.allSettled(lambdas.running())
      .then(async () => {
        for (const [event, target] of deliveries) {
          const fn = model.functions.get(target);
          if (!fn) continue;
          try {
            await lambdas.invoke(fn, event);
          } catch (error) {
            console.error(
              `[local] ${fn.logicalId} failed on "${event['detail-type']}":`,
              (error as Error).message,
            );
          }
          const detail = event.detail as Record<string, Record<string, unknown>>;
          emit({
            kind: 'ses-event',
            at: clock.now().toISOString(),
            detailType: event['detail-type'],
            messageId: String(detail.mail?.messageId),
            recipients: recipientsOf(event),
          });
        }
      })
      .finally(end);
  };
}

function recipientsOf(event: EventBridgeEvent): string[] {
  const detail = event.detail as Record<string, { [key: string]: unknown }>;
  const bounce = detail.bounce?.bouncedRecipients as { emailAddress: string }[] | undefined;
  const complaint = detail.complaint?.complainedRecipients as { emailAddress: string }[] | undefined;
  const delivery = detail.delivery?.recipients as string[] | undefined;
  return bounce?.map((r) => r.emailAddress) ?? complaint?.map((r) => r.emailAddress) ?? delivery ?? [];
}
