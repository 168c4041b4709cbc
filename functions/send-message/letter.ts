import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';
import { COPY } from '../../templates/copy';
import type { MessageContext } from '../core/messages';
import { buildCopyValues, legalIdentity, safeHttpsUrl } from './copy-values';
import { countryName, iban, money } from './format';

/** A4 in PDF points (1/72 inch). */
const A4: [number, number] = [595.28, 841.89];
const MARGIN_X = 64;
const MARGIN_TOP = 56;
/** Room kept at the bottom of every page for the legal footer. */
const MARGIN_BOTTOM = 70;
const RIGHT_COLUMN_X = 322;
const CONTENT_WIDTH = A4[0] - 2 * MARGIN_X;
const BODY_SIZE = 10;
const BODY_LEADING = 13.5;
const INK = rgb(0.09, 0.11, 0.15);
const MUTED = rgb(0.38, 0.4, 0.45);
const RULE = rgb(0.8, 0.82, 0.85);

/**
 * The standard PDF fonts only encode WinAnsi (Latin-1 plus € – — ’ …). Intl's fr-FR formats use
 * U+202F (narrow no-break space) as the thousands separator: it becomes U+00A0, which WinAnsi has and
 * which keeps "1 234,56 €" on one line. Other characters lose their accents when that makes them
 * encodable (ł → l), or become "?".
 */
/** Letters whose stroke is not a combining mark, so that NFD cannot strip it. */
const STROKED_LETTERS: Readonly<Record<string, string>> = {
  Ł: 'L',
  ł: 'l',
  Đ: 'D',
  đ: 'd',
  Ħ: 'H',
  ħ: 'h',
  ı: 'i',
};

export function toWinAnsi(text: string, encodable: ReadonlySet<number>): string {
  let result = '';
  for (const char of text.replace(/[\u202f\u2007\u2009]/g, '\u00a0')) {
    if (encodable.has(char.codePointAt(0) as number)) {
      result += char;
      continue;
    }
    const base = (STROKED_LETTERS[char] ?? char).normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    const fits = base.length > 0 && [...base].every((part) => encodable.has(part.codePointAt(0) as number));
    result += fits ? base : '?';
  }
  return result;
}

/** Splits a paragraph into lines that fit `width` (breaking at ordinary spaces only). */
export function wrapText(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (line !== '' && font.widthOfTextAtSize(candidate, size) > width) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

interface TextStyle {
  readonly font?: PDFFont;
  readonly size?: number;
  readonly color?: ReturnType<typeof rgb>;
  readonly x?: number;
  readonly width?: number;
  readonly leading?: number;
}

/** Lays text out top-down, starting a new page when the current one is full. */
class LetterLayout {
  page: PDFPage;
  /** Distance from the top of the page to the next baseline. */
  y = MARGIN_TOP;
  private readonly encodable: ReadonlySet<number>;

  constructor(
    private readonly doc: PDFDocument,
    readonly regular: PDFFont,
    readonly bold: PDFFont,
  ) {
    this.page = doc.addPage(A4);
    this.encodable = new Set(regular.getCharacterSet());
  }

  clean(text: string): string {
    return toWinAnsi(text, this.encodable);
  }

  ensureRoom(height: number): void {
    if (this.y + height > A4[1] - MARGIN_BOTTOM) {
      this.page = this.doc.addPage(A4);
      this.y = MARGIN_TOP;
    }
  }

  /** Draws one line at the current position, without moving down. */
  draw(text: string, style: TextStyle & { align?: 'left' | 'right' } = {}): void {
    const font = style.font ?? this.regular;
    const size = style.size ?? BODY_SIZE;
    const clean = this.clean(text);
    const x =
      style.align === 'right'
        ? A4[0] - MARGIN_X - font.widthOfTextAtSize(clean, size)
        : (style.x ?? MARGIN_X);
    this.page.drawText(clean, { x, y: A4[1] - this.y, size, font, color: style.color ?? INK });
  }

  line(text: string, style: TextStyle = {}): void {
    const leading = style.leading ?? BODY_LEADING;
    this.ensureRoom(leading);
    this.draw(text, style);
    this.y += leading;
  }

  paragraph(text: string, style: TextStyle = {}): void {
    const font = style.font ?? this.regular;
    const size = style.size ?? BODY_SIZE;
    for (const line of wrapText(this.clean(text), font, size, style.width ?? CONTENT_WIDTH)) {
      this.line(line, style);
    }
    this.y += 5;
  }

  gap(points: number): void {
    this.y += points;
  }

  rule(color = RULE, thickness = 0.6): void {
    const y = A4[1] - this.y + 10;
    this.page.drawLine({
      start: { x: MARGIN_X, y },
      end: { x: A4[0] - MARGIN_X, y },
      thickness,
      color,
    });
  }
}

/**
 * The formal-notice letter (mise en demeure de payer) as an A4 PDF, in the message locale: letterhead,
 * recipient, place and date, registered-mail mention, subject, statement of amounts, deadline,
 * consequences, payment details and signature block. Deterministic: the same context gives the same bytes.
 */
export async function renderFormalNoticeLetter(context: MessageContext): Promise<Uint8Array> {
  const { seller, customer, invoice, statement, locale } = context;
  const copy = COPY[locale];
  const letter = copy.letter;
  const labels = copy.labels;
  const values = buildCopyValues({ ...context, step: 'formal_notice' });
  const identity = legalIdentity(context);
  const amount = (minor: number) => money(minor, invoice.currency, locale);

  const doc = await PDFDocument.create({ updateMetadata: false });
  const issued = new Date(`${context.today}T00:00:00Z`);
  doc.setTitle(`${letter.subject} – ${invoice.number}`);
  doc.setAuthor(seller.legalName);
  doc.setSubject(letter.reference(values));
  doc.setCreator('Relance');
  doc.setProducer('Relance (pdf-lib)');
  doc.setCreationDate(issued);
  doc.setModificationDate(issued);
  doc.setLanguage(locale === 'fr' ? 'fr-FR' : 'en-GB');
  const layout = new LetterLayout(
    doc,
    await doc.embedFont(StandardFonts.Helvetica),
    await doc.embedFont(StandardFonts.HelveticaBold),
  );
  const { regular, bold } = layout;

  // Letterhead: who writes.
  layout.line(seller.legalName, { font: bold, size: 15, leading: 18 });
  if (identity.name !== seller.legalName)
    layout.line(identity.name, { size: 8.5, color: MUTED, leading: 11.5 });
  const contact = [seller.contact.email, ...(seller.contact.phone ? [seller.contact.phone] : [])].join(' · ');
  for (const text of [identity.address.slice(0, -1).join(', '), contact, identity.registration.join(' · ')]) {
    layout.line(text, { size: 8.5, color: MUTED, leading: 11.5 });
  }
  layout.gap(4);
  layout.rule();

  // Recipient, in the window of a French DL envelope (right-hand column).
  layout.y = Math.max(layout.y + 24, 150);
  const recipient = [
    ...(customer.companyName ? [customer.companyName, letter.attention(values)] : [customer.name]),
    ...(customer.address
      ? [
          customer.address.line1,
          ...(customer.address.line2 ? [customer.address.line2] : []),
          `${customer.address.postalCode} ${customer.address.city}`,
          ...(customer.address.country === seller.address.country
            ? []
            : [countryName(customer.address.country, locale).toUpperCase()]),
        ]
      : []),
  ];
  recipient.forEach((text, index) => {
    layout.line(text, { x: RIGHT_COLUMN_X, font: index === 0 ? bold : regular, size: 10.5, leading: 13.5 });
  });
  layout.gap(16);
  layout.line(letter.placeAndDate(values), { x: RIGHT_COLUMN_X });
  layout.gap(18);

  layout.line(letter.registered, { font: bold, size: 10 });
  layout.gap(6);
  layout.ensureRoom(BODY_LEADING * 2);
  layout.draw(letter.subjectLabel, { font: bold, size: 11 });
  layout.draw(letter.subject, {
    font: bold,
    size: 11,
    x: MARGIN_X + bold.widthOfTextAtSize(layout.clean(letter.subjectLabel), 11),
  });
  layout.gap(BODY_LEADING);
  layout.paragraph(letter.reference(values), { color: MUTED, size: 9.5 });
  layout.gap(8);

  layout.paragraph(letter.salutation);
  layout.gap(2);
  for (const text of letter.body(values)) layout.paragraph(text);

  // Statement of amounts (penalties and indemnity: business customers only).
  layout.gap(4);
  layout.line(letter.statementTitle(values), { font: bold });
  layout.gap(2);
  const rows: { label: string; value: string; strong?: boolean }[] = [];
  if (invoice.paidMinor > 0) {
    rows.push({ label: labels.invoiceTotal, value: amount(invoice.totalMinor) });
    rows.push({ label: labels.alreadyPaid, value: `– ${amount(invoice.paidMinor)}` });
  }
  rows.push({ label: labels.principal, value: amount(statement.principalMinor) });
  if (values.penaltiesApply && statement.penaltiesMinor > 0) {
    rows.push({
      label: labels.penalties(values.rate, labels.days(statement.daysLate)),
      value: amount(statement.penaltiesMinor),
    });
  }
  if (values.business && statement.recoveryIndemnityMinor > 0) {
    rows.push({ label: labels.indemnity, value: amount(statement.recoveryIndemnityMinor) });
  }
  rows.push({ label: labels.totalDue, value: amount(statement.totalDueMinor), strong: true });
  for (const row of rows) {
    layout.ensureRoom(BODY_LEADING + 3);
    layout.gap(1.5);
    if (row.strong) layout.rule(INK, 0.8);
    else layout.rule();
    const font = row.strong ? bold : regular;
    layout.draw(row.label, { font });
    layout.draw(row.value, { font, align: 'right' });
    layout.gap(BODY_LEADING + 1);
  }
  layout.gap(6);

  layout.paragraph(letter.deadline(values), { font: bold });
  for (const text of letter.consequences(values)) layout.paragraph(text);

  const paymentLink = safeHttpsUrl(invoice.paymentLink);
  for (const text of letter.payment(values)) layout.paragraph(text);
  if (seller.bank) {
    const bankLines = [
      `${labels.accountHolder}${labels.colon}${seller.legalName}`,
      `${labels.iban}${labels.colon}${iban(seller.bank.iban)}    ${labels.bic}${labels.colon}${seller.bank.bic}`,
    ];
    for (const text of bankLines) layout.line(text, { x: MARGIN_X + 16 });
    layout.gap(5);
  }
  if (paymentLink !== null) layout.paragraph(`${labels.payOnline}${labels.colon}${paymentLink}`);

  layout.gap(4);
  layout.paragraph(letter.closing);

  // Signature block, kept on one page.
  layout.ensureRoom(72);
  layout.gap(4);
  layout.line(letter.signatureFor(values), { x: RIGHT_COLUMN_X, font: bold });
  layout.line(letter.signatureRole, { x: RIGHT_COLUMN_X });
  layout.gap(30);
  layout.line(letter.enclosure, { size: 9, color: MUTED });

  // Legal footer and page numbers, now that the page count is known.
  const pages = doc.getPages();
  const footer = layout.clean(`${identity.name} – ${identity.address.join(', ')}`);
  const registration = layout.clean(identity.registration.join(' · '));
  pages.forEach((page, index) => {
    const centered = (text: string, y: number) => {
      const width = regular.widthOfTextAtSize(text, 7.5);
      page.drawText(text, { x: (A4[0] - width) / 2, y, size: 7.5, font: regular, color: MUTED });
    };
    page.drawLine({
      start: { x: MARGIN_X, y: 58 },
      end: { x: A4[0] - MARGIN_X, y: 58 },
      thickness: 0.5,
      color: RULE,
    });
    centered(footer, 46);
    centered(registration, 36);
    const number = layout.clean(letter.page(index + 1, pages.length));
    page.drawText(number, {
      x: A4[0] - MARGIN_X - regular.widthOfTextAtSize(number, 7.5),
      y: 22,
      size: 7.5,
      font: regular,
      color: MUTED,
    });
  });

  return doc.save();
}
