import {
  chronology,
  deliveredAt,
  type ManifestFile,
  type SentMessageCopy,
  type TimelineEvent,
} from '../core/evidence';
import { formatDate, formatMoney, formatPercent } from '../core/money';
import type { Seller } from '../core/schemas';
import type { Statement } from '../core/statement';
import type { InvoiceRecord } from '../shared/store';
import { DocumentWriter } from './pdf';

/** Everything the evidence PDFs are drawn from. */
export interface EvidenceFacts {
  readonly invoice: InvoiceRecord;
  readonly seller: Seller;
  readonly events: readonly TimelineEvent[];
  readonly messages: readonly SentMessageCopy[];
  /** The statement of amounts as of `asOf` (may carry `legalInterestMinor` for consumers). */
  readonly statement: Statement & { readonly legalInterestMinor?: number };
  readonly asOf: string;
  readonly limitationDate: string;
  readonly generatedAt: Date;
}

const STEP_NAMES: Readonly<Record<string, string>> = {
  courtesy_reminder: 'Rappel avant échéance',
  first_reminder: 'Première relance',
  second_reminder: 'Deuxième relance',
  formal_notice: 'Mise en demeure',
  escalation: 'Transmission au service financier',
  thank_you: 'Remerciements',
};

/** Optional legal-identity fields a seller profile may carry (legal form, share capital). */
interface LegalExtras {
  readonly legalForm?: string;
  readonly shareCapitalMinor?: number;
}

function dateTime(iso: string, timezone: string): string {
  return new Intl.DateTimeFormat('fr-FR', {
    timeZone: timezone,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));
}

function sellerLines(seller: Seller): string[] {
  const extras = seller as Seller & LegalExtras;
  const capital =
    extras.shareCapitalMinor !== undefined
      ? ` au capital de ${formatMoney(extras.shareCapitalMinor, 'EUR', 'fr')}`
      : '';
  const name = `${seller.legalName}${extras.legalForm && !seller.legalName.includes(extras.legalForm) ? ` ${extras.legalForm}` : ''}${capital}`;
  const { address, registration } = seller;
  return [
    name,
    [address.line1, address.line2, `${address.postalCode} ${address.city}`, address.country]
      .filter(Boolean)
      .join(', '),
    [
      `SIREN ${registration.siren}`,
      registration.rcs,
      registration.vatNumber ? `TVA ${registration.vatNumber}` : undefined,
    ]
      .filter(Boolean)
      .join(' · '),
    [seller.contact.email, seller.contact.phone].filter(Boolean).join(' · '),
  ];
}

function debtorLines(invoice: InvoiceRecord): string[] {
  const { customer } = invoice;
  const address = customer.address;
  return [
    customer.companyName ? `${customer.companyName} (à l'attention de ${customer.name})` : customer.name,
    customer.type === 'business' ? 'Professionnel' : 'Consommateur',
    address
      ? [address.line1, address.line2, `${address.postalCode} ${address.city}`, address.country]
          .filter(Boolean)
          .join(', ')
      : 'Adresse postale non communiquée',
    `${customer.email} · référence client ${customer.id}`,
  ];
}

function amountRows(facts: EvidenceFacts): [string, string, boolean?][] {
  const { statement, invoice } = facts;
  const money = (minor: number) => formatMoney(minor, invoice.currency, 'fr');
  const rows: [string, string, boolean?][] = [['Principal restant dû', money(statement.principalMinor)]];
  if (statement.penaltiesMinor > 0) {
    rows.push([
      `Pénalités de retard (${formatPercent(statement.penaltyRatePercent, 'fr')} l'an, ${statement.daysLate} jours)`,
      money(statement.penaltiesMinor),
    ]);
  }
  if (statement.recoveryIndemnityMinor > 0) {
    rows.push([
      'Indemnité forfaitaire pour frais de recouvrement (art. D441-5 C. com.)',
      money(statement.recoveryIndemnityMinor),
    ]);
  }
  if ((statement.legalInterestMinor ?? 0) > 0) {
    rows.push([
      'Intérêts au taux légal depuis la mise en demeure (art. 1231-6 C. civ.)',
      money(statement.legalInterestMinor ?? 0),
    ]);
  }
  rows.push(['Total réclamé', money(statement.totalDueMinor), true]);
  return rows;
}

/** `statement.pdf`: the statement of amounts as of the bundle's date, with its legal basis. */
export async function renderStatementPdf(facts: EvidenceFacts): Promise<Uint8Array> {
  const { invoice, seller, statement } = facts;
  const money = (minor: number) => formatMoney(minor, invoice.currency, 'fr');
  const doc = await DocumentWriter.create({
    title: `Décompte au ${formatDate(facts.asOf, 'fr')} – facture ${invoice.number}`,
    author: seller.legalName,
    at: facts.generatedAt,
  });
  doc.title(`Décompte des sommes dues au ${formatDate(facts.asOf, 'fr')}`);
  doc.paragraph(
    `Facture n° ${invoice.number} du ${formatDate(invoice.issueDate, 'fr')}, échue le ${formatDate(invoice.dueDate, 'fr')}.`,
  );
  doc.row('Créancier', sellerLines(seller)[0] as string);
  doc.row('Débiteur', debtorLines(invoice)[0] as string);
  doc.heading('Sommes');
  doc.row('Montant de la facture', money(invoice.totalMinor));
  const payments = Object.entries(invoice.payments ?? {}).sort(([, a], [, b]) =>
    a.paidAt.localeCompare(b.paidAt),
  );
  for (const [paymentId, payment] of payments) {
    doc.row(
      `Paiement du ${formatDate(payment.paidAt.slice(0, 10), 'fr')} (${paymentId})`,
      `– ${money(payment.amountMinor)}`,
    );
  }
  for (const [label, value, strong] of amountRows(facts)) doc.row(label, value, { bold: strong === true });
  doc.heading('Fondement');
  if (invoice.customer.type === 'business') {
    doc.paragraph(
      `Pénalités de retard exigibles de plein droit dès le lendemain de l'échéance, au taux annuel de ${formatPercent(statement.penaltyRatePercent, 'fr')}, intérêts simples sur le solde impayé, base 365 jours (art. L441-10 C. com.). Indemnité forfaitaire de 40 € par facture payée en retard (art. L441-10 et D441-5 C. com.).`,
    );
  } else {
    doc.paragraph(
      'Client consommateur : ni pénalité contractuelle entre professionnels ni indemnité forfaitaire. Après mise en demeure, les intérêts au taux légal courent sur le principal (art. 1231-6 et 1344-1 C. civ.).',
    );
  }
  doc.paragraph(`Date de prescription de la créance : ${formatDate(facts.limitationDate, 'fr')}.`, {
    muted: true,
  });
  return doc.save(`${seller.legalName} – décompte facture ${invoice.number} – établi par Relance`);
}

/**
 * `dossier.pdf`: one document a judge (injonction de payer) or a collection agency reads on its own —
 * the parties and their legal identities, the claim, every step taken with its date and its proof,
 * the amounts claimed, and the list of the bundle's files with their SHA-256.
 */
export async function renderDossierPdf(
  facts: EvidenceFacts,
  annexes: readonly ManifestFile[],
): Promise<Uint8Array> {
  const { invoice, seller, events, messages } = facts;
  const zone = seller.sendWindow.timezone;
  const money = (minor: number) => formatMoney(minor, invoice.currency, 'fr');
  const doc = await DocumentWriter.create({
    title: `Dossier de recouvrement – facture ${invoice.number}`,
    author: seller.legalName,
    at: facts.generatedAt,
  });
  doc.title('Dossier de recouvrement de créance');
  doc.paragraph(
    `Facture n° ${invoice.number} – dossier établi le ${formatDate(facts.asOf, 'fr')} à partir du journal de relance tenu par Relance pour le créancier.`,
    { muted: true },
  );

  doc.heading('1. Parties');
  const [sellerName, ...sellerRest] = sellerLines(seller);
  doc.paragraph(`Créancier : ${sellerName}`, { bold: true });
  for (const line of sellerRest) doc.paragraph(line, { indent: 12 });
  const [debtorName, ...debtorRest] = debtorLines(invoice);
  doc.paragraph(`Débiteur : ${debtorName}`, { bold: true });
  for (const line of debtorRest) doc.paragraph(line, { indent: 12 });

  doc.heading('2. Créance');
  doc.row('Facture', `n° ${invoice.number}`);
  doc.row("Date d'émission", formatDate(invoice.issueDate, 'fr'));
  doc.row("Date d'échéance", formatDate(invoice.dueDate, 'fr'));
  doc.row('Montant de la facture', money(invoice.totalMinor));
  doc.row('Déjà payé', money(invoice.paidMinor));
  doc.row('Solde impayé', money(invoice.balanceMinor), { bold: true });
  if (invoice.purchaseOrder) doc.row('Bon de commande', invoice.purchaseOrder);
  doc.row(
    'Prescription',
    `${formatDate(facts.limitationDate, 'fr')} (${invoice.customer.type === 'business' ? '5 ans, art. L110-4 C. com.' : '2 ans, art. L218-2 C. conso.'})`,
  );

  doc.heading('3. Démarches amiables et preuves');
  doc.table(
    [92, 110, 130, 151],
    ['Envoyé le', 'Démarche', 'Destinataire', 'Preuve (SES) et remise'],
    messages.map((message) => {
      const delivered = deliveredAt(events, message.messageId);
      return [
        dateTime(message.sentAt, zone),
        STEP_NAMES[message.step] ?? message.step,
        [...message.to, ...(message.cc ?? [])].join(', '),
        `${message.messageId} – ${delivered ? `remis le ${dateTime(delivered, zone)}` : 'remise non confirmée'}`,
      ];
    }),
  );

  const postal = invoice.postal;
  if (postal) {
    const outcome =
      postal.state === 'delivered'
        ? `distribuée le ${dateTime(postal.settledAt ?? '', zone)}`
        : postal.state === 'returned'
          ? `revenue non distribuée le ${dateTime(postal.settledAt ?? '', zone)} (${postal.lastStatus?.label ?? 'retour'})`
          : postal.state === 'failed'
            ? `non postée par le prestataire (${postal.error ?? 'erreur'}) : à poster par le créancier`
            : 'en cours d’acheminement';
    doc.paragraph(
      `Lettre recommandée avec avis de réception de la mise en demeure, postée par ${postal.provider}${postal.sentAt ? ` le ${dateTime(postal.sentAt, zone)}` : ''}${postal.trackingNumber ? `, n° ${postal.trackingNumber}` : ''} : ${outcome}.${postal.proofKey ? ' Preuve jointe dans letters/.' : ''}`,
      { bold: true },
    );
  } else if (events.some((event) => event.type === 'postal_letter_to_post')) {
    doc.paragraph(
      'La lettre de mise en demeure a été jointe au courriel ; son envoi en recommandé avec avis de réception incombe au créancier (joindre l’avis de réception au dossier).',
    );
  }

  doc.heading('4. Chronologie complète');
  doc.table(
    [92, 240, 151],
    ['Date', 'Événement', 'Référence'],
    chronology(events).map((line) => [dateTime(line.at, zone), line.what, line.proof ?? '']),
  );

  doc.heading(`5. Sommes réclamées au ${formatDate(facts.asOf, 'fr')}`);
  for (const [label, value, strong] of amountRows(facts)) doc.row(label, value, { bold: strong === true });

  doc.heading('6. Pièces du dossier (empreintes SHA-256)');
  doc.table(
    [170, 45, 268],
    ['Fichier', 'Octets', 'SHA-256'],
    annexes.map((file) => [file.path, String(file.bytes), file.sha256]),
    7,
  );
  doc.paragraph(
    "Chaque fichier de l'archive est décrit dans manifest.json avec son empreinte SHA-256 : toute modification d'un fichier se voit en recalculant son empreinte (sha256sum).",
    { muted: true, size: 8.5 },
  );
  return doc.save(`${seller.legalName} – dossier facture ${invoice.number} – établi par Relance`);
}
