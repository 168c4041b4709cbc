import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

/**
 * One structured logger and one metrics emitter per process. Never log secrets or raw personal data
 * (emails, names, addresses): log ids (invoiceId, sellerId, step) and use `redactEmail` when a
 * recipient must appear.
 */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'relance' });

export const metrics = new Metrics({
  namespace: 'Relance',
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'relance',
});

/** `marie@boulangerie-martin.fr` → `m***@boulangerie-martin.fr` */
export function redactEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${email[0]}***${email.slice(at)}`;
}
