import { describe, expect, it } from 'vitest';
import { ConflictError, InvalidRequestError, PayloadTooLargeError } from '../../functions/core/errors';
import { executionNames, invoiceIdFor } from '../../functions/core/ids';
import { type InvoiceInput, invoiceSchema } from '../../functions/core/schemas';
import { registerInvoice } from '../../functions/shared/use-cases/register';
import { invoiceFa0012 } from '../fixtures/invoices';
import { useCasePorts } from '../fixtures/use-cases';

const ID = invoiceIdFor('atelier-dupont', 'FA-2026-0012');

function setup() {
  const ports = useCasePorts(null);
  const register = (input: InvoiceInput = invoiceFa0012) =>
    registerInvoice(ports, invoiceSchema.parse(input));
  return { ...ports, register };
}

describe('registerInvoice', () => {
  it('should store the invoice and its PDF, plan its cadence and start its execution', async () => {
    const { store, executions, documents, register } = setup();
    const { status, view } = await register();
    expect(status).toBe(201);
    expect(view).toMatchObject({ invoiceId: ID, status: 'scheduled', balanceMinor: 123456, flags: [] });
    expect(view.schedule.length).toBeGreaterThan(0);
    expect([...documents.objects.keys()]).toEqual([`invoices/atelier-dupont/${ID}.pdf`]);
    expect(executions.started).toEqual([
      { name: executionNames.start(ID), input: { invoiceId: ID, mode: 'start' } },
    ]);
    expect(store.invoices.get(ID)?.executionStarted).toBe(true);
    expect(store.typesOf(ID)).toEqual(['invoice_registered']);
    expect(store.limitationAlerts.map((alert) => alert.invoiceId)).toEqual([ID]);
  });

  it('should answer an identical re-post with the stored invoice and change nothing', async () => {
    const { store, executions, register } = setup();
    await register();
    const again = await register();
    expect(again.status).toBe(200);
    expect(again.view.invoiceId).toBe(ID);
    expect(executions.started).toHaveLength(1);
    expect(store.typesOf(ID)).toEqual(['invoice_registered']);
  });

  it('should refuse the same number with other content', async () => {
    const { register } = setup();
    await register();
    await expect(register({ ...invoiceFa0012, totalMinor: 1 })).rejects.toThrow(ConflictError);
  });

  it('should finish on re-post a registration whose execution did not start', async () => {
    const { store, executions, register } = setup();
    executions.quotaFull = true;
    const first = await register();
    expect(first.view.flags).toEqual(['start_pending']);
    expect(store.pendingStarts).toEqual([ID]);
    expect(store.typesOf(ID)).toEqual(['invoice_registered', 'execution_start_deferred']);
    executions.quotaFull = false;
    const again = await register();
    expect(again).toMatchObject({ status: 200, view: { flags: [] } });
    expect(executions.started.map((run) => run.name)).toEqual([executionNames.start(ID)]);
    expect(store.pendingStarts).toEqual([]);
  });

  it('should refuse an unknown seller and a due date beyond the one-year cadence', async () => {
    const { register } = setup();
    await expect(register({ ...invoiceFa0012, sellerId: 'nobody' })).rejects.toThrow(InvalidRequestError);
    await expect(register({ ...invoiceFa0012, dueDate: '2028-01-01' })).rejects.toThrow(InvalidRequestError);
  });

  it('should refuse an inline document that is not a PDF, or too large', async () => {
    const { register } = setup();
    const notPdf = { contentBase64: Buffer.from('hello').toString('base64') };
    await expect(register({ ...invoiceFa0012, pdf: notPdf })).rejects.toThrow(InvalidRequestError);
    const huge = { contentBase64: Buffer.alloc(4 * 1024 * 1024 + 1, 0x25).toString('base64') };
    await expect(register({ ...invoiceFa0012, pdf: huge })).rejects.toThrow(PayloadTooLargeError);
  });

  it('should accept an uploaded PDF of the seller and refuse a missing, foreign or non-PDF object', async () => {
    const { documents, register } = setup();
    const own = 'uploads/atelier-dupont/up_1.pdf';
    await expect(register({ ...invoiceFa0012, pdf: { s3Key: own } })).rejects.toThrow(/does not exist/);
    documents.objects.set(own, Buffer.from('not a pdf'));
    await expect(register({ ...invoiceFa0012, pdf: { s3Key: own } })).rejects.toThrow(/not a PDF/);
    const foreign = { s3Key: 'uploads/someone-else/up_1.pdf' };
    await expect(register({ ...invoiceFa0012, pdf: foreign })).rejects.toThrow(/this seller's objects/);
    documents.objects.set(own, Buffer.from('%PDF-1.4 …'));
    const { status, view } = await register({ ...invoiceFa0012, pdf: { s3Key: own } });
    expect(status).toBe(201);
    expect(view.invoiceId).toBe(ID);
  });
});
