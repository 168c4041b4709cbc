import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PDFDocument, StandardFonts } from 'pdf-lib';

/**
 * A local stand-in for Maileva's registered-letter API (`registered_mail/v2`) and its OAuth2 token
 * endpoint, on the virtual clock: the routes, payload shapes and status codes the adapter uses.
 * A submitted letter gets a registered number at once, then is taken in charge, distributed (D01) and
 * its signed receipt scanned (N01) two and four days later — or, when the recipient's lines contain
 * "NPAI" (n'habite pas à l'adresse indiquée), it is notified, waits at the post office and comes
 * back unclaimed (P03, N03) 17 and 19 days later. State is in memory.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface Step {
  readonly afterMs: number;
  readonly status: string;
  readonly label: string;
}

const DELIVERED: readonly Step[] = [
  { afterMs: 4 * HOUR, status: 'A01', label: 'Pris en charge' },
  { afterMs: 2 * DAY, status: 'D01', label: 'Distribué' },
  { afterMs: 4 * DAY, status: 'N01', label: 'AR Signé : RAR distribué' },
];
const RETURNED: readonly Step[] = [
  { afterMs: 4 * HOUR, status: 'A01', label: 'Pris en charge' },
  { afterMs: 2 * DAY, status: 'A02', label: 'Avisé' },
  { afterMs: 2 * DAY + HOUR, status: 'P01', label: "Attend d'être retiré au guichet" },
  {
    afterMs: 17 * DAY,
    status: 'P03',
    label: "Retourné à l'expéditeur pour cause de dépassement de délai d'instance",
  },
  { afterMs: 19 * DAY, status: 'N03', label: 'Non réclamé' },
];

interface Recipient {
  readonly id: string;
  readonly body: Record<string, unknown>;
}

interface Sending {
  readonly id: string;
  readonly body: Record<string, unknown>;
  documents: number;
  recipient?: Recipient;
  submittedAt?: number;
  registeredNumber?: string;
}

export interface MailevaSimulator {
  /** Base URL of the API (`…/registered_mail/v2`). */
  readonly apiUrl: string;
  readonly tokenUrl: string;
  /** The credentials it accepts (JSON of the adapter's secret). */
  readonly credentials: string;
  close(): Promise<void>;
}

const CREDENTIALS = {
  clientId: 'relance-local',
  clientSecret: 'local-secret',
  username: 'relance',
  password: 'local',
};
const TOKEN = 'local-maileva-token';

function send(response: ServerResponse, status: number, body?: unknown, type = 'application/json'): void {
  const payload =
    body === undefined ? '' : body instanceof Uint8Array ? Buffer.from(body) : JSON.stringify(body);
  response.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(payload) });
  response.end(payload);
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function stepsOf(sending: Sending): readonly Step[] {
  const lines = Object.values(sending.recipient?.body ?? {}).join(' ');
  return /\b(NPAI|RETOUR)\b/i.test(lines) ? RETURNED : DELIVERED;
}

async function receiptPdf(sending: Sending, status: Step, at: Date): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle(`Avis de réception ${sending.registeredNumber}`);
  doc.setCreationDate(at);
  doc.setModificationDate(at);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([595.28, 841.89]);
  const recipient = sending.recipient?.body ?? {};
  const lines = [
    'AVIS DE RECEPTION - simulateur local de l API Maileva (registered_mail/v2)',
    `Recommande n° ${sending.registeredNumber}`,
    `Destinataire : ${[recipient.address_line_1, recipient.address_line_2, recipient.address_line_4, recipient.address_line_6].filter(Boolean).join(', ')}`,
    `Statut : ${status.status} - ${status.label}`,
    `Date : ${at.toISOString()}`,
  ];
  lines.forEach((text, index) => {
    page.drawText(text.normalize('NFD').replace(/[\u0300-\u036f]/g, ''), {
      x: 56,
      y: 780 - index * 18,
      size: 10,
      font,
    });
  });
  return doc.save();
}

export async function startMailevaSimulator(options: {
  now: () => Date;
  host?: string;
}): Promise<MailevaSimulator> {
  const sendings = new Map<string, Sending>();
  const reached = (sending: Sending) => {
    if (sending.submittedAt === undefined) return [];
    const elapsed = options.now().getTime() - sending.submittedAt;
    return stepsOf(sending)
      .filter((step) => step.afterMs <= elapsed)
      .map((step) => ({
        ...step,
        date: new Date((sending.submittedAt as number) + step.afterMs).toISOString(),
      }));
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const route = `${request.method} ${url.pathname}`;
    const body = await readBody(request);
    if (route === 'POST /auth/token') {
      const basic = Buffer.from(`${CREDENTIALS.clientId}:${CREDENTIALS.clientSecret}`).toString('base64');
      const form = new URLSearchParams(body.toString('utf8'));
      const valid =
        request.headers.authorization === `Basic ${basic}` &&
        form.get('grant_type') === 'password' &&
        form.get('username') === CREDENTIALS.username &&
        form.get('password') === CREDENTIALS.password;
      if (!valid) return send(response, 401, { error: 'invalid_grant' });
      return send(response, 200, { access_token: TOKEN, expires_in: 300, token_type: 'bearer' });
    }
    if (request.headers.authorization !== `Bearer ${TOKEN}`) {
      return send(response, 401, { code: 'UNAUTHORIZED', message: 'Invalid token' });
    }
    const match =
      /^\/registered_mail\/v2\/sendings(?:\/([^/]+))?(?:\/([a-z_]+))?(?:\/([^/]+))?(?:\/([a-z_]+))?$/.exec(
        url.pathname,
      );
    if (!match) return send(response, 404, { code: 'NOT_FOUND', message: 'Unknown route' });
    const [, sendingId, collection, recipientId, action] = match;
    if (!sendingId && request.method === 'POST') {
      const sending: Sending = { id: randomUUID(), body: JSON.parse(body.toString('utf8')), documents: 0 };
      sendings.set(sending.id, sending);
      return send(response, 201, { id: sending.id, ...sending.body, status: 'DRAFT' });
    }
    const sending = sendingId ? sendings.get(sendingId) : undefined;
    if (!sending) return send(response, 404, { code: 'SENDING_NOT_FOUND', message: 'Unknown sending' });
    if (route.endsWith('/documents') && request.method === 'POST') {
      sending.documents += 1;
      return send(response, 201, {
        id: randomUUID(),
        priority: sending.documents,
        name: 'document.pdf',
        type: 'application/pdf',
        size: body.length,
      });
    }
    if (collection === 'recipients' && !recipientId && request.method === 'POST') {
      const recipient = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
      if (recipient.country_code === 'FR' && !/^\d{5} \S/.test(String(recipient.address_line_6 ?? ''))) {
        return send(response, 400, {
          errors: [
            { code: 'ADDRESS_LINE_6_WRONG_FORMAT', message: 'address_line_6 must be [CODE_POSTAL] [VILLE]' },
          ],
        });
      }
      sending.recipient = { id: randomUUID(), body: recipient };
      return send(response, 201, { id: sending.recipient.id, ...recipient, status: 'DRAFT' });
    }
    if (collection === 'submit' && request.method === 'POST') {
      if (!sending.recipient || sending.documents === 0) {
        return send(response, 400, {
          errors: [{ code: 'INVALID_SENDING', message: 'No document or recipient' }],
        });
      }
      sending.submittedAt = options.now().getTime();
      const digits =
        BigInt(`0x${createHash('sha256').update(sending.id).digest('hex').slice(0, 12)}`) % 10n ** 11n;
      sending.registeredNumber = `1A${digits.toString().padStart(11, '0')}`;
      return send(response, 200);
    }
    const recipient = sending.recipient;
    if (collection !== 'recipients' || !recipient || recipientId !== recipient.id) {
      return send(response, 404, { code: 'RECIPIENT_NOT_FOUND', message: 'Unknown recipient' });
    }
    const statuses = reached(sending);
    const last = statuses.at(-1);
    const receipt = statuses.find((step) => step.status === 'N01' || step.status === 'N03');
    const base = `/sendings/${sending.id}/recipients/${recipient.id}`;
    if (!action && request.method === 'GET') {
      return send(response, 200, {
        id: recipient.id,
        ...recipient.body,
        status: sending.submittedAt === undefined ? 'DRAFT' : 'PROCESSED',
        ...(sending.registeredNumber ? { registered_number: sending.registeredNumber } : {}),
        ...(last ? { last_delivery_status: last.status, last_delivery_status_date: last.date } : {}),
        ...(receipt
          ? {
              acknowledgement_of_receipt_archive_date: receipt.date,
              acknowledgement_of_receipt_url: `${base}/download_acknowledgement_of_receipt`,
            }
          : {}),
      });
    }
    if (action === 'delivery_statuses') {
      return send(response, 200, {
        delivery_statuses: statuses.map(({ status, label, date }) => ({ status, label, date })),
        paging: { total_results: statuses.length },
      });
    }
    if (action === 'download_acknowledgement_of_receipt') {
      if (!receipt)
        return send(response, 404, { code: 'ACKNOWLEDGEMENT_NOT_FOUND', message: 'No receipt yet' });
      return send(
        response,
        200,
        await receiptPdf(sending, receipt, new Date(receipt.date)),
        'application/pdf',
      );
    }
    return send(response, 404, { code: 'NOT_FOUND', message: 'Unknown route' });
  };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      console.error('[local] Maileva simulator failed:', error);
      if (!response.headersSent) send(response, 500, { code: 'INTERNAL', message: 'simulator error' });
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://${host}:${port}`;
  return {
    apiUrl: `${origin}/registered_mail/v2`,
    tokenUrl: `${origin}/auth/token`,
    credentials: JSON.stringify(CREDENTIALS),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
