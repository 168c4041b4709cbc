import { createHash } from 'node:crypto';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { localDate } from '../core/dates';
import {
  deliveredAt,
  type ManifestFile,
  messageFileBase,
  type SentMessageCopy,
  sesEventsOf,
  type TimelineEvent,
} from '../core/evidence';
import { limitationDate } from '../core/limitation';
import type { Seller } from '../core/schemas';
import { s3Client } from '../shared/aws/s3';
import { lazyModule, siblingModule } from '../shared/lazy-module';
import { statementFor } from '../shared/statements';
import type { InvoiceRecord, Store } from '../shared/store';
import type { EvidenceFacts } from './documents';
import type { ZipEntry } from './zip';

/**
 * The PDF documents (pdf-lib) live in a module of their own, bundled next to `index.mjs` as
 * `documents.mjs` (BaseFunction `lazyModules`) so that no file of the function passes 1 MB; run from
 * source it is `documents.ts`. The specifier is computed so that esbuild leaves the import out.
 */
const documents = lazyModule(
  () => import(siblingModule(import.meta.url, 'documents')) as Promise<typeof import('./documents')>,
);

/** Version of the bundle layout, written in the manifest (`format`). */
export const EVIDENCE_FORMAT = 'relance-evidence/1';

export interface EvidenceDeps {
  readonly store: Store;
  readonly bucketName: string;
  readonly now: () => Date;
}

export interface EvidenceBundle {
  /** `manifest.json` first, then every file it describes. */
  readonly entries: ZipEntry[];
  readonly manifest: Record<string, unknown>;
  readonly invoice: InvoiceRecord;
  readonly generatedAt: Date;
}

/** Event fields that point to a stored proof file (letters, registered-mail proofs). */
const FILE_FIELDS = ['letterKey', 'proofKey'] as const;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  pdf: 'application/pdf',
  html: 'text/html; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  json: 'application/json',
};

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function describe(entry: ZipEntry): ManifestFile {
  const extension = entry.path.slice(entry.path.lastIndexOf('.') + 1);
  return {
    path: entry.path,
    bytes: entry.bytes.length,
    sha256: sha256(entry.bytes),
    contentType: CONTENT_TYPES[extension] ?? 'application/octet-stream',
  };
}

const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));
const json = (value: unknown) => utf8(`${JSON.stringify(value, null, 2)}\n`);

async function readObject(deps: EvidenceDeps, key: string): Promise<Uint8Array> {
  const object = await s3Client().send(new GetObjectCommand({ Bucket: deps.bucketName, Key: key }));
  if (!object.Body) throw new Error(`Empty object ${key}`);
  return object.Body.transformToByteArray();
}

/** The last path segment of a key, made safe for a ZIP entry name. */
function baseName(key: string): string {
  return (key.split('/').pop() ?? key).replace(/[^A-Za-z0-9._-]+/g, '_');
}

/**
 * Gathers everything recorded about an invoice (item, seller, events, message copies, letters and
 * proofs in S3) and lays out the bundle's files with their SHA-256 in `manifest.json`.
 */
export async function buildEvidenceBundle(
  deps: EvidenceDeps,
  invoice: InvoiceRecord,
  seller: Seller,
): Promise<EvidenceBundle> {
  const generatedAt = deps.now();
  const asOf = localDate(generatedAt, seller.sendWindow);
  const events = (await deps.store.listEvents(invoice.invoiceId)) as TimelineEvent[];
  events.sort((a, b) => a.at.localeCompare(b.at));

  const messageKeys = [
    ...new Set(events.flatMap((e) => (typeof e.evidenceKey === 'string' ? [e.evidenceKey] : []))),
  ];
  const copies = await Promise.all(
    messageKeys.map(
      async (key) => JSON.parse(Buffer.from(await readObject(deps, key)).toString('utf8')) as SentMessageCopy,
    ),
  );
  const messages = copies.sort((a, b) => a.sentAt.localeCompare(b.sentAt));
  const fileKeys = [
    ...new Set(
      events.flatMap((e) =>
        FILE_FIELDS.flatMap((field) => (typeof e[field] === 'string' ? [e[field] as string] : [])),
      ),
    ),
  ];
  const storedFiles = await Promise.all(
    fileKeys.map(async (key) => ({ key, bytes: await readObject(deps, key) })),
  );

  const entries: ZipEntry[] = [{ path: 'invoice.pdf', bytes: await readObject(deps, invoice.pdfKey) }];
  const messageManifest = messages.map((message, index) => {
    const base = messageFileBase(index, message.step);
    const { html, text, ...metadata } = message;
    const sesEvents = sesEventsOf(events, message.messageId);
    entries.push({ path: `${base}.html`, bytes: utf8(html) });
    entries.push({ path: `${base}.txt`, bytes: utf8(text) });
    entries.push({ path: `${base}.json`, bytes: json({ ...metadata, sesEvents }) });
    const delivered = deliveredAt(events, message.messageId);
    return {
      step: message.step,
      messageId: message.messageId,
      sentAt: message.sentAt,
      to: message.to,
      cc: message.cc ?? [],
      subject: message.subject,
      ...(delivered ? { deliveredAt: delivered } : {}),
      deliveryEvents: sesEvents,
      files: [`${base}.html`, `${base}.txt`, `${base}.json`],
    };
  });
  const letterManifest = storedFiles.map(({ key, bytes }) => {
    const path = `letters/${baseName(key)}`;
    entries.push({ path, bytes });
    return { path, storedAs: key };
  });

  const limitation = limitationDate(invoice.customer.type, invoice.dueDate);
  const facts: EvidenceFacts = {
    invoice,
    seller,
    events,
    messages,
    statement: statementFor(invoice, seller, asOf),
    asOf,
    limitationDate: limitation,
    generatedAt,
  };
  const { renderDossierPdf, renderStatementPdf } = await documents();
  entries.push({ path: 'statement.pdf', bytes: await renderStatementPdf(facts) });
  const annexes = entries.map(describe);
  entries.push({ path: 'dossier.pdf', bytes: await renderDossierPdf(facts, annexes) });

  const extras = seller as Seller & { legalForm?: string; shareCapitalMinor?: number };
  const manifest = {
    format: EVIDENCE_FORMAT,
    generatedAt: generatedAt.toISOString(),
    asOf,
    invoice: {
      invoiceId: invoice.invoiceId,
      sellerId: invoice.sellerId,
      number: invoice.number,
      status: invoice.status,
      issueDate: invoice.issueDate,
      dueDate: invoice.dueDate,
      limitationDate: limitation,
      currency: invoice.currency,
      totalMinor: invoice.totalMinor,
      paidMinor: invoice.paidMinor,
      balanceMinor: invoice.balanceMinor,
      customer: invoice.customer,
      ...(invoice.purchaseOrder ? { purchaseOrder: invoice.purchaseOrder } : {}),
      ...(invoice.paymentLink ? { paymentLink: invoice.paymentLink } : {}),
      registeredAt: invoice.registeredAt,
      payments: Object.entries(invoice.payments ?? {}).map(([paymentId, payment]) => ({
        paymentId,
        ...payment,
      })),
    },
    seller: {
      sellerId: invoice.sellerId,
      legalName: seller.legalName,
      ...(extras.legalForm ? { legalForm: extras.legalForm } : {}),
      ...(extras.shareCapitalMinor !== undefined ? { shareCapitalMinor: extras.shareCapitalMinor } : {}),
      address: seller.address,
      registration: seller.registration,
      contact: seller.contact,
    },
    statement: facts.statement,
    ...(invoice.postal ? { registeredLetter: invoice.postal } : {}),
    events,
    messages: messageManifest,
    letters: letterManifest,
    files: entries.map(describe),
  };
  return {
    entries: [{ path: 'manifest.json', bytes: json(manifest) }, ...entries],
    manifest,
    invoice,
    generatedAt,
  };
}
