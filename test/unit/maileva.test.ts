import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  addressLines,
  letterStatusOf,
  MailevaPostalMail,
  outcomeOf,
  pdfFromDownload,
  recipientCreationBody,
  sendingCreationBody,
} from '../../functions/postal/maileva';
import { PostalMailError, type RegisteredLetterRequest } from '../../functions/postal/port';

const fixture = (name: string) =>
  JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/maileva', `${name}.json`), 'utf8'));

const PDF = new Uint8Array(Buffer.from('%PDF-1.4 letter'));

const request: RegisteredLetterRequest = {
  reference: 'inv_Qm9vdGVyLUZBLTIwMjYtMDAx-fn',
  title: 'Mise en demeure FA-2026-0012',
  fileName: 'mise-en-demeure-FA-2026-0012.pdf',
  pdf: PDF,
  sender: {
    company: 'Atelier Dupont SAS',
    line1: '12 rue des Lilas',
    postalCode: '69003',
    city: 'Lyon',
    country: 'FR',
  },
  recipient: {
    company: 'Boulangerie Martin SARL',
    person: 'Marie Martin',
    line1: '3 place du Marché',
    postalCode: '69002',
    city: 'Lyon',
    country: 'FR',
  },
  notificationEmail: 'compta@atelier-dupont.fr',
};

describe('Maileva request mapping', () => {
  it('should ask for a registered letter with a scanned acknowledgement of receipt, from the seller', () => {
    expect(sendingCreationBody(request)).toEqual({
      name: 'Mise en demeure FA-2026-0012',
      custom_id: 'inv_Qm9vdGVyLUZBLTIwMjYtMDAx-fn',
      acknowledgement_of_receipt: true,
      acknowledgement_of_receipt_scanning: true,
      color_printing: false,
      duplex_printing: false,
      optional_address_sheet: false,
      notification_email: 'compta@atelier-dupont.fr',
      archiving_duration: 6,
      sender_address_line_1: 'Atelier Dupont SAS',
      sender_address_line_4: '12 rue des Lilas',
      sender_address_line_6: '69003 Lyon',
      sender_country_code: 'FR',
    });
  });

  it('should put company, person, street and postcode-city on the documented address lines', () => {
    const body = recipientCreationBody(request);
    const created = fixture('recipient-created');
    for (const key of [
      'custom_id',
      'address_line_1',
      'address_line_2',
      'address_line_4',
      'address_line_6',
      'country_code',
    ]) {
      expect(body[key], key).toBe(created[key]);
    }
    expect(body).not.toHaveProperty('address_line_3');
  });

  it('should refuse lines over 38 characters and countries the API does not serve', () => {
    expect(() => addressLines({ ...request.recipient, line1: 'x'.repeat(39) })).toThrow(PostalMailError);
    expect(() => addressLines({ ...request.recipient, country: 'BE' })).toThrow(/country BE/);
  });
});

describe('Maileva response mapping', () => {
  it('should classify the documented distribution statuses', () => {
    expect(['D01', 'N01'].map(outcomeOf)).toEqual(['delivered', 'delivered']);
    expect(['P03', 'A16', 'N02', 'N03', 'N05'].map(outcomeOf)).toEqual(Array(5).fill('returned'));
    expect(['A01', 'A02', 'P01', 'P02', undefined].map(outcomeOf)).toEqual(Array(5).fill('in_transit'));
  });

  it('should read a letter in transit with its registered number', () => {
    expect(letterStatusOf(fixture('recipient-in-transit'), fixture('statuses-in-transit'))).toEqual({
      outcome: 'in_transit',
      trackingNumber: '1E00232062142',
      code: 'A01',
      label: 'Pris en charge',
      at: '2026-12-21T16:10:00.000Z',
      proofAvailable: false,
    });
  });

  it('should date a delivery at the distribution, not at the later scan of the receipt', () => {
    expect(letterStatusOf(fixture('recipient-delivered'), fixture('statuses-delivered'))).toEqual({
      outcome: 'delivered',
      trackingNumber: '1E00232062142',
      code: 'D01',
      label: 'Distribué',
      at: '2026-12-23T11:40:00.000Z',
      proofAvailable: true,
    });
  });

  it('should read an unclaimed letter as returned', () => {
    const status = letterStatusOf(fixture('recipient-returned'), fixture('statuses-returned'));
    expect(status).toMatchObject({ outcome: 'returned', code: 'P03', at: '2027-01-08T08:00:00.000Z' });
  });

  it('should report a rejected recipient as an error', () => {
    expect(() =>
      letterStatusOf({ ...fixture('recipient-created'), status: 'REJECTED', status_detail: 'ADDRESS' }),
    ).toThrow(/rejected the recipient/);
  });

  it('should take the receipt as a PDF or as a ZIP holding one', () => {
    expect(pdfFromDownload(PDF)).toBe(PDF);
    expect(
      Buffer.from(pdfFromDownload(zipSync({ 'AR_1E00232062142.pdf': PDF }))).equals(Buffer.from(PDF)),
    ).toBe(true);
    expect(() => pdfFromDownload(new Uint8Array([1, 2, 3, 4]))).toThrow(PostalMailError);
  });
});

describe('MailevaPostalMail', () => {
  const config = {
    apiUrl: 'https://api.sandbox.maileva.net/registered_mail/v2',
    tokenUrl: 'https://connexion.sandbox.maileva.net/auth/realms/services/protocol/openid-connect/token',
    credentials: { clientId: 'client', clientSecret: 'secret', username: 'user', password: 'pass' },
  };

  /** A recorded exchange: each request is answered by the fixture of its route. */
  function recorder(answers: Record<string, { status?: number; body: unknown }>) {
    const calls: { method: string; url: string; headers: Record<string, string>; body: unknown }[] = [];
    const fetchImpl = (async (url: string, init: RequestInit = {}) => {
      const method = init.method ?? 'GET';
      calls.push({ method, url, headers: init.headers as Record<string, string>, body: init.body });
      const route = `${method} ${url.replace(config.apiUrl, '')}`;
      const answer: { status?: number; body: unknown } | undefined =
        url === config.tokenUrl ? { body: fixture('token') } : answers[route];
      if (!answer) return new Response('{"code":"NOT_FOUND","message":"no route"}', { status: 404 });
      const payload = answer.body instanceof Uint8Array ? answer.body : JSON.stringify(answer.body);
      return new Response(payload, { status: answer.status ?? 200 });
    }) as unknown as typeof fetch;
    return { calls, fetchImpl };
  }

  const sendingId = '110e8400-e29b-11d4-a716-446655440000';
  const recipientId = 'd905a65e-aa46-4f37-8480-260c4600c810';

  it('should create, fill and submit a sending with one OAuth2 token', async () => {
    const { calls, fetchImpl } = recorder({
      'POST /sendings': { status: 201, body: fixture('sending-created') },
      [`POST /sendings/${sendingId}/documents`]: { status: 201, body: fixture('document-created') },
      [`POST /sendings/${sendingId}/recipients`]: { status: 201, body: fixture('recipient-created') },
      [`POST /sendings/${sendingId}/submit`]: { body: {} },
    });
    const handle = await new MailevaPostalMail(config, fetchImpl).send(request);
    expect(handle).toEqual({ provider: 'maileva', sendingId, recipientId });
    expect(calls.map((call) => `${call.method} ${call.url.replace(config.apiUrl, '')}`)).toEqual([
      `POST ${config.tokenUrl}`,
      'POST /sendings',
      `POST /sendings/${sendingId}/documents`,
      `POST /sendings/${sendingId}/recipients`,
      `POST /sendings/${sendingId}/submit`,
    ]);
    const [token, ...api] = calls;
    expect(token?.headers.authorization).toBe(`Basic ${Buffer.from('client:secret').toString('base64')}`);
    expect(String(token?.body)).toBe('grant_type=password&username=user&password=pass');
    for (const call of api)
      expect(call.headers.authorization).toBe(`Bearer ${fixture('token').access_token}`);
    const form = api[1]?.body as FormData;
    expect(JSON.parse(String(form.get('metadata')))).toEqual({ priority: 1, name: request.fileName });
    expect(Buffer.from(await (form.get('document') as Blob).arrayBuffer()).equals(Buffer.from(PDF))).toBe(
      true,
    );
  });

  it('should poll the recipient and its statuses, then download the receipt', async () => {
    const base = `/sendings/${sendingId}/recipients/${recipientId}`;
    const { fetchImpl } = recorder({
      [`GET ${base}`]: { body: fixture('recipient-delivered') },
      [`GET ${base}/delivery_statuses`]: { body: fixture('statuses-delivered') },
      [`GET ${base}/download_acknowledgement_of_receipt`]: { body: zipSync({ 'ar.pdf': PDF }) },
    });
    const maileva = new MailevaPostalMail(config, fetchImpl);
    const handle = { provider: 'maileva', sendingId, recipientId };
    expect(await maileva.status(handle)).toMatchObject({
      outcome: 'delivered',
      trackingNumber: '1E00232062142',
    });
    expect(Buffer.from(await maileva.proof(handle)).equals(Buffer.from(PDF))).toBe(true);
  });

  it('should surface the documented error code of a 400', async () => {
    const { fetchImpl } = recorder({ 'POST /sendings': { status: 400, body: fixture('errors-address') } });
    await expect(new MailevaPostalMail(config, fetchImpl).send(request)).rejects.toMatchObject({
      name: 'PostalMailError',
      status: 400,
      code: 'ADDRESS_LINE_6_WRONG_FORMAT',
    });
  });
});
