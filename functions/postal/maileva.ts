import { unzipSync } from 'fflate';
import {
  type LetterOutcome,
  type LetterStatus,
  type PostalAddress,
  type PostalMail,
  PostalMailError,
  type RegisteredLetterHandle,
  type RegisteredLetterRequest,
} from './port';

/**
 * Maileva « Lettre Recommandée En Ligne » (registered letter with acknowledgement of receipt, printed
 * and posted by La Poste), REST API `registered_mail/v2`, OAuth2 password grant. Documented by
 * Maileva's developer portal (API « Envoi et Suivi de Lettres Recommandées En Ligne distribuées par
 * le facteur »; see docs/postal-mail.md). The request builders and response parsers are pure and
 * unit-tested against fixtures of the documented payloads.
 */

export interface MailevaConfig {
  /** e.g. `https://api.maileva.com/registered_mail/v2` (sandbox: `https://api.sandbox.maileva.net/registered_mail/v2`). */
  readonly apiUrl: string;
  /** e.g. `https://connexion.maileva.com/auth/realms/services/protocol/openid-connect/token`. */
  readonly tokenUrl: string;
  readonly credentials: MailevaCredentials;
}

export interface MailevaCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly username: string;
  readonly password: string;
}

/** Countries the API accepts (`country_code` enum: metropolitan France, Monaco, Andorra, overseas). */
export const MAILEVA_COUNTRIES = new Set(['FR', 'MC', 'AD', 'RE', 'YT', 'MQ', 'GP', 'MF', 'BL', 'GF', 'PM']);
/** Every address line is limited to 38 characters (errors `ADDRESS_LINE_n_TOO_LONG`). */
export const ADDRESS_LINE_MAX = 38;

/** Distribution statuses that end the letter's journey (the API's `delivery_statuses` table). */
const DELIVERED_CODES = new Set(['D01', 'N01']);
const RETURNED_CODES = new Set([
  'A14',
  'A16',
  'A17',
  'A18',
  'A19',
  'A21',
  'A22',
  'A23',
  'A24',
  'A25',
  'A26',
  'P03',
  'P04',
  'P05',
  'P06',
  'N02',
  'N03',
  'N04',
  'N05',
  'N07',
  'N08',
  'N10',
]);

export function outcomeOf(code: string | undefined): LetterOutcome {
  if (code === undefined) return 'in_transit';
  if (DELIVERED_CODES.has(code)) return 'delivered';
  if (RETURNED_CODES.has(code)) return 'returned';
  return 'in_transit';
}

function line(value: string | undefined, field: string): string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const clean = value.replace(/\s+/g, ' ').trim();
  if (clean.length > ADDRESS_LINE_MAX) {
    throw new PostalMailError(
      `${field} is longer than ${ADDRESS_LINE_MAX} characters`,
      400,
      'ADDRESS_LINE_TOO_LONG',
    );
  }
  return clean;
}

/** Our address → the API's six lines (1 company, 2 person, 3 building, 4 street, 6 postcode + city). */
export function addressLines(address: PostalAddress, prefix = ''): Record<string, string> {
  if (!MAILEVA_COUNTRIES.has(address.country)) {
    throw new PostalMailError(
      `country ${address.country} is not served by registered_mail/v2`,
      400,
      'INVALID_COUNTRY_CODE',
    );
  }
  const lines: Record<string, string | undefined> = {
    [`${prefix}address_line_1`]: line(address.company, 'company'),
    [`${prefix}address_line_2`]: line(address.person, 'person'),
    [`${prefix}address_line_3`]: line(address.line2, 'address line 2'),
    [`${prefix}address_line_4`]: line(address.line1, 'address line 1'),
    [`${prefix}address_line_6`]: line(`${address.postalCode} ${address.city}`, 'postal code and city'),
    [`${prefix}country_code`]: address.country,
  };
  return Object.fromEntries(
    Object.entries(lines).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

/** `POST /sendings`: a registered letter with a scanned, downloadable acknowledgement of receipt. */
export function sendingCreationBody(request: RegisteredLetterRequest): Record<string, unknown> {
  return {
    name: request.title.slice(0, 256),
    custom_id: request.reference.slice(0, 38),
    acknowledgement_of_receipt: true,
    // Maileva receives, scans and archives the signed receipt: the proof we keep.
    acknowledgement_of_receipt_scanning: true,
    color_printing: false,
    duplex_printing: false,
    optional_address_sheet: false,
    notification_email: request.notificationEmail,
    archiving_duration: 6,
    ...addressLines(request.sender, 'sender_'),
  };
}

/** `POST /sendings/{id}/recipients`. */
export function recipientCreationBody(request: RegisteredLetterRequest): Record<string, unknown> {
  return { custom_id: request.reference.slice(0, 32), ...addressLines(request.recipient) };
}

interface RecipientResponse {
  readonly id: string;
  readonly status?: string;
  readonly status_detail?: string;
  readonly registered_number?: string;
  readonly last_delivery_status?: string;
  readonly last_delivery_status_date?: string;
  readonly acknowledgement_of_receipt_url?: string;
}

interface DeliveryStatusesResponse {
  readonly delivery_statuses?: readonly { status: string; label?: string; date?: string }[];
}

/** A recipient and its distribution statuses → our status of the letter. */
export function letterStatusOf(
  recipient: RecipientResponse,
  statuses: DeliveryStatusesResponse = {},
): LetterStatus {
  if (recipient.status === 'REJECTED') {
    throw new PostalMailError(
      `the provider rejected the recipient: ${recipient.status_detail ?? 'no detail'}`,
      400,
      'REJECTED',
    );
  }
  const history = [...(statuses.delivery_statuses ?? [])].sort((a, b) =>
    (a.date ?? '').localeCompare(b.date ?? ''),
  );
  const last = history.at(-1);
  const code = recipient.last_delivery_status ?? last?.status;
  const at = recipient.last_delivery_status_date ?? last?.date;
  // A final status may be followed by the scan of the receipt (N01 after D01): the first final one wins.
  const final = history.find((item) => outcomeOf(item.status) !== 'in_transit');
  const outcome = final ? outcomeOf(final.status) : outcomeOf(code);
  return {
    outcome,
    ...(recipient.registered_number ? { trackingNumber: recipient.registered_number } : {}),
    ...((final?.status ?? code) ? { code: final?.status ?? code } : {}),
    ...((final?.label ?? last?.label) ? { label: final?.label ?? last?.label } : {}),
    ...((final?.date ?? at) ? { at: final?.date ?? at } : {}),
    proofAvailable: Boolean(recipient.acknowledgement_of_receipt_url),
  };
}

/** The receipt download is documented as a PDF served as `application/zip`: accept both. */
export function pdfFromDownload(bytes: Uint8Array): Uint8Array {
  const text = (start: number) => String.fromCharCode(...bytes.subarray(start, start + 4));
  if (text(0) === '%PDF') return bytes;
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
    const files = unzipSync(bytes);
    const pdf = Object.entries(files).find(
      ([name, content]) => /\.pdf$/i.test(name) || String.fromCharCode(...content.subarray(0, 4)) === '%PDF',
    );
    if (pdf) return pdf[1];
  }
  throw new PostalMailError('the proof download is neither a PDF nor a ZIP holding one', 502, 'BAD_PROOF');
}

type Fetch = typeof fetch;

/** The HTTP client of the adapter (token cached until a minute before it expires). */
export class MailevaPostalMail implements PostalMail {
  readonly provider = 'maileva';
  #token?: { value: string; until: number };

  constructor(
    private readonly config: MailevaConfig,
    private readonly fetchImpl: Fetch = fetch,
  ) {}

  private async token(): Promise<string> {
    if (this.#token && this.#token.until > Date.now()) return this.#token.value;
    const { clientId, clientSecret, username, password } = this.config.credentials;
    const response = await this.fetchImpl(this.config.tokenUrl, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: 'password', username, password }).toString(),
    });
    if (!response.ok)
      throw new PostalMailError('authentication with the provider failed', response.status, 'AUTH');
    const body = (await response.json()) as { access_token: string; expires_in?: number };
    this.#token = { value: body.access_token, until: Date.now() + ((body.expires_in ?? 300) - 60) * 1000 };
    return body.access_token;
  }

  private async call(
    method: string,
    path: string,
    body?: string | FormData,
    contentType?: string,
  ): Promise<Response> {
    const response = await this.fetchImpl(`${this.config.apiUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await this.token()}`,
        accept: 'application/json',
        ...(contentType ? { 'content-type': contentType } : {}),
      },
      ...(body === undefined ? {} : { body }),
    });
    if (!response.ok) {
      const detail = (await response.text().catch(() => '')).slice(0, 300);
      const code = /"code"\s*:\s*"([A-Z_0-9]+)"/.exec(detail)?.[1];
      throw new PostalMailError(
        `${method} ${path.replace(/\/[0-9a-f-]{20,}/g, '/…')} answered ${response.status}`,
        response.status,
        code,
      );
    }
    return response;
  }

  private async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.call(
      method,
      path,
      body === undefined ? undefined : JSON.stringify(body),
      body === undefined ? undefined : 'application/json',
    );
    const text = await response.text();
    return (text ? JSON.parse(text) : {}) as T;
  }

  /** Create the sending, add the letter and the recipient, submit: four calls, as the API requires. */
  async send(request: RegisteredLetterRequest): Promise<RegisteredLetterHandle> {
    const sending = await this.json<{ id: string }>('POST', '/sendings', sendingCreationBody(request));
    const form = new FormData();
    form.append('document', new Blob([request.pdf], { type: 'application/pdf' }), request.fileName);
    form.append('metadata', JSON.stringify({ priority: 1, name: request.fileName }));
    await this.call('POST', `/sendings/${sending.id}/documents`, form);
    const recipient = await this.json<{ id: string }>(
      'POST',
      `/sendings/${sending.id}/recipients`,
      recipientCreationBody(request),
    );
    await this.call('POST', `/sendings/${sending.id}/submit`);
    return { provider: this.provider, sendingId: sending.id, recipientId: recipient.id };
  }

  async status(handle: RegisteredLetterHandle): Promise<LetterStatus> {
    const base = `/sendings/${handle.sendingId}/recipients/${handle.recipientId}`;
    const recipient = await this.json<RecipientResponse>('GET', base);
    const statuses = await this.json<DeliveryStatusesResponse>('GET', `${base}/delivery_statuses`);
    return letterStatusOf(recipient, statuses);
  }

  async proof(handle: RegisteredLetterHandle): Promise<Uint8Array> {
    const response = await this.call(
      'GET',
      `/sendings/${handle.sendingId}/recipients/${handle.recipientId}/download_acknowledgement_of_receipt`,
    );
    return pdfFromDownload(new Uint8Array(await response.arrayBuffer()));
  }
}
