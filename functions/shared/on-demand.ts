import { lazyModule, siblingModule } from './lazy-module';
import type { MailerPort, OutgoingEmail } from './mailer';
import type { DocumentsPort } from './use-cases/documents';

/**
 * The S3 and SES adapters for functions that need them on some requests only (the API stores a PDF on
 * registration but not on a read; the SES-events function mails the seller once per bad address): the
 * SDK client loads on first use instead of at every cold start. Deployed, `documents-s3.mjs` and
 * `ses-mailer.mjs` sit next to `index.mjs` (BaseFunction `lazyModules`); run from source, the `.ts` files
 * next to this one (the specifiers are computed so that esbuild leaves the imports out of `index.mjs`).
 * The functions that use a client on every invocation import the adapter directly.
 */
const loadDocuments = lazyModule(
  () => import(siblingModule(import.meta.url, 'documents-s3')) as Promise<typeof import('./documents-s3')>,
);

const loadMailer = lazyModule(
  () => import(siblingModule(import.meta.url, 'ses-mailer')) as Promise<typeof import('./ses-mailer')>,
);

/** The invoices bucket behind the documents port, its S3 client loaded on first use. */
export function onDemandS3Documents(bucketName: string): DocumentsPort {
  // The adapter holds only the bucket name; the S3 client is the lazily loaded module's own.
  const documents = async () => new (await loadDocuments()).S3Documents(bucketName);
  return {
    put: async (key, body, contentType) => (await documents()).put(key, body, contentType),
    read: async (key) => (await documents()).read(key),
    readHead: async (key, length) => (await documents()).readHead(key, length),
  };
}

/** SES v2 behind the mailer port, its client loaded on the first message. */
export function onDemandSesMailer(configurationSet: string): MailerPort {
  const mailer = async () => new (await loadMailer()).SesMailer(configurationSet);
  return { send: async (email: OutgoingEmail) => (await mailer()).send(email) };
}
