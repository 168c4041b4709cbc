/**
 * The evidence bundle's pure parts: file names, the chronology a reader follows in the dossier, and
 * the manifest. No AWS here: the evidence function gathers the sources and hands them over.
 */

/** One message as sent, from the copy the send function kept (`evidence/<invoiceId>/<step>-<id>.json`). */
export interface SentMessageCopy {
  readonly step: string;
  readonly messageId: string;
  readonly sentAt: string;
  readonly from?: string;
  readonly replyTo?: string;
  readonly to: readonly string[];
  readonly cc?: readonly string[];
  readonly subject: string;
  readonly html: string;
  readonly text: string;
  readonly attachments?: readonly { fileName: string; bytes: number; sha256: string }[];
  readonly letterKey?: string;
  readonly [field: string]: unknown;
}

/** An event of the invoice's timeline (as stored). */
export interface TimelineEvent {
  readonly at: string;
  readonly type: string;
  readonly [field: string]: unknown;
}

/** SES event types recorded by the SES-events function, per message id. */
const SES_EVENT_TYPES = new Set(['email_delivery', 'email_bounce', 'email_complaint', 'email_reject']);

/** `messages/03-second_reminder`: numbered in sending order so that a file listing reads as a timeline. */
export function messageFileBase(index: number, step: string): string {
  return `messages/${String(index + 1).padStart(2, '0')}-${step.replace(/[^a-z0-9_-]/gi, '_')}`;
}

/** The SES events (delivery, bounce, complaint, reject) recorded for one message, oldest first. */
export function sesEventsOf(events: readonly TimelineEvent[], messageId: string): TimelineEvent[] {
  return events
    .filter((event) => SES_EVENT_TYPES.has(event.type) && event.messageId === messageId)
    .sort((a, b) => a.at.localeCompare(b.at));
}

/** The first delivery time SES reported for a message, if any. */
export function deliveredAt(events: readonly TimelineEvent[], messageId: string): string | undefined {
  return sesEventsOf(events, messageId).find((event) => event.type === 'email_delivery')?.at;
}

/** What a line of the chronology says, in French (the dossier is read by a French court or agency). */
const EVENT_LABELS: Readonly<Record<string, string>> = {
  invoice_registered: 'Facture enregistrée pour relance',
  reminder_sent: 'Relance envoyée par courriel',
  formal_notice_sent: 'Mise en demeure envoyée par courriel (lettre jointe)',
  escalated: 'Dossier transmis au service financier du créancier',
  thank_you_sent: 'Remerciements envoyés',
  email_delivery: 'Courriel remis au serveur du destinataire (preuve SES)',
  email_bounce: 'Courriel rejeté par le serveur du destinataire',
  email_complaint: 'Le destinataire a signalé le courriel comme indésirable',
  email_reject: 'Courriel refusé avant envoi',
  payment_received: 'Paiement reçu',
  invoice_paid: 'Facture soldée',
  dunning_paused: 'Relances suspendues',
  dunning_resumed: 'Relances reprises',
  invoice_cancelled: 'Facture annulée',
  send_outcome_unknown: "Issue d'un envoi inconnue",
  workflow_failed: 'Incident technique',
  registered_letter_sent: 'Lettre recommandée déposée',
  registered_letter_delivered: 'Lettre recommandée distribuée (preuve de distribution)',
  registered_letter_returned: 'Lettre recommandée non distribuée (retour)',
  postal_letter_to_post: 'Lettre de mise en demeure à poster par le créancier',
  seller_alerted: 'Alerte envoyée au créancier',
};

const STEP_LABELS_FR: Readonly<Record<string, string>> = {
  courtesy_reminder: 'rappel avant échéance',
  first_reminder: 'première relance',
  second_reminder: 'deuxième relance',
  formal_notice: 'mise en demeure',
  escalation: 'transmission au service financier',
  thank_you: 'remerciements',
  seller_alert_letter_to_post: 'lettre de mise en demeure à poster',
  seller_alert_limitation: 'prescription dans 90 jours',
  seller_alert_undeliverable: 'adresse électronique du débiteur à corriger',
  seller_alert_insolvency: 'procédure collective, créance à déclarer',
};

export interface ChronologyLine {
  readonly at: string;
  readonly what: string;
  /** What proves it: an SES message id, a tracking number, a payment reference. */
  readonly proof?: string;
}

/** The timeline as a reader of the dossier needs it: one line per event, with its proof. */
export function chronology(events: readonly TimelineEvent[]): ChronologyLine[] {
  return [...events]
    .sort((a, b) => a.at.localeCompare(b.at))
    .map((event) => {
      const step = typeof event.step === 'string' ? STEP_LABELS_FR[event.step] : undefined;
      const label = EVENT_LABELS[event.type] ?? event.type.replaceAll('_', ' ');
      const proofs = [
        typeof event.messageId === 'string' ? `SES ${event.messageId}` : undefined,
        typeof event.trackingNumber === 'string' ? `suivi ${event.trackingNumber}` : undefined,
        typeof event.paymentId === 'string' ? `paiement ${event.paymentId}` : undefined,
      ].filter((item): item is string => item !== undefined);
      return {
        at: event.at,
        what: step && !label.includes(step) ? `${label} : ${step}` : label,
        ...(proofs.length > 0 ? { proof: proofs.join(' · ') } : {}),
      };
    });
}

export interface ManifestFile {
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
  readonly contentType: string;
}
