import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';
import { toWinAnsi, wrapText } from '../send-message/letter';

const A4: [number, number] = [595.28, 841.89];
const MARGIN_X = 56;
const MARGIN_TOP = 56;
const MARGIN_BOTTOM = 60;
const WIDTH = A4[0] - 2 * MARGIN_X;
const INK = rgb(0.09, 0.11, 0.15);
const MUTED = rgb(0.38, 0.4, 0.45);
const RULE = rgb(0.8, 0.82, 0.85);

/**
 * A plain top-down A4 document (titles, paragraphs, two-column rows, tables) for the evidence PDFs.
 * Standard fonts only (no font file in the bundle); text is folded to WinAnsi as in the letter.
 */
export class DocumentWriter {
  private page!: PDFPage;
  private y = MARGIN_TOP;
  private encodable!: ReadonlySet<number>;
  private regular!: PDFFont;
  private bold!: PDFFont;

  private constructor(private readonly doc: PDFDocument) {}

  static async create(meta: { title: string; author: string; at: Date }): Promise<DocumentWriter> {
    const doc = await PDFDocument.create({ updateMetadata: false });
    doc.setTitle(meta.title);
    doc.setAuthor(meta.author);
    doc.setCreator('Relance');
    doc.setProducer('Relance (pdf-lib)');
    doc.setCreationDate(meta.at);
    doc.setModificationDate(meta.at);
    doc.setLanguage('fr-FR');
    const writer = new DocumentWriter(doc);
    writer.regular = await doc.embedFont(StandardFonts.Helvetica);
    writer.bold = await doc.embedFont(StandardFonts.HelveticaBold);
    writer.encodable = new Set(writer.regular.getCharacterSet());
    writer.page = doc.addPage(A4);
    return writer;
  }

  private clean(text: string): string {
    return toWinAnsi(text, this.encodable);
  }

  private room(height: number): void {
    if (this.y + height > A4[1] - MARGIN_BOTTOM) {
      this.page = this.doc.addPage(A4);
      this.y = MARGIN_TOP;
    }
  }

  private text(
    text: string,
    x: number,
    options: { bold?: boolean; size?: number; muted?: boolean } = {},
  ): void {
    this.page.drawText(this.clean(text), {
      x,
      y: A4[1] - this.y,
      size: options.size ?? 9.5,
      font: options.bold ? this.bold : this.regular,
      color: options.muted ? MUTED : INK,
    });
  }

  title(text: string, size = 16): void {
    this.room(size + 8);
    this.text(text, MARGIN_X, { bold: true, size });
    this.y += size + 6;
  }

  heading(text: string): void {
    this.y += 8;
    this.room(30);
    this.text(text, MARGIN_X, { bold: true, size: 11.5 });
    this.y += 5;
    this.page.drawLine({
      start: { x: MARGIN_X, y: A4[1] - this.y },
      end: { x: A4[0] - MARGIN_X, y: A4[1] - this.y },
      thickness: 0.6,
      color: RULE,
    });
    this.y += 12;
  }

  paragraph(
    text: string,
    options: { bold?: boolean; muted?: boolean; size?: number; indent?: number } = {},
  ): void {
    const size = options.size ?? 9.5;
    const font = options.bold ? this.bold : this.regular;
    const indent = options.indent ?? 0;
    for (const line of wrapText(this.clean(text), font, size, WIDTH - indent)) {
      this.room(size + 3.5);
      this.text(line, MARGIN_X + indent, { ...options, size });
      this.y += size + 3.5;
    }
    this.y += 3;
  }

  /** Label on the left, value on the right (wrapped in its column). */
  row(label: string, value: string, options: { bold?: boolean } = {}): void {
    const labelWidth = 170;
    const lines = wrapText(
      this.clean(value),
      options.bold ? this.bold : this.regular,
      9.5,
      WIDTH - labelWidth,
    );
    this.room(13 * Math.max(1, lines.length));
    this.text(label, MARGIN_X, { muted: !options.bold, bold: options.bold });
    for (const line of lines) {
      this.text(line, MARGIN_X + labelWidth, options);
      this.y += 13;
    }
    if (lines.length === 0) this.y += 13;
  }

  /** A table with fixed column widths (points); cells wrap, rows never split across pages. */
  table(
    widths: readonly number[],
    header: readonly string[],
    rows: readonly (readonly string[])[],
    size = 8.5,
  ): void {
    const draw = (cells: readonly string[], bold: boolean) => {
      const wrapped = cells.map((cell, index) =>
        wrapText(this.clean(cell), bold ? this.bold : this.regular, size, (widths[index] ?? 60) - 6),
      );
      const height = Math.max(1, ...wrapped.map((lines) => lines.length)) * (size + 3) + 4;
      this.room(height);
      let x = MARGIN_X;
      wrapped.forEach((lines, index) => {
        lines.forEach((line, lineIndex) => {
          this.page.drawText(line, {
            x,
            y: A4[1] - this.y - lineIndex * (size + 3),
            size,
            font: bold ? this.bold : this.regular,
            color: INK,
          });
        });
        x += widths[index] ?? 60;
      });
      this.y += height;
      this.page.drawLine({
        start: { x: MARGIN_X, y: A4[1] - this.y + size - 1 },
        end: { x: A4[0] - MARGIN_X, y: A4[1] - this.y + size - 1 },
        thickness: 0.4,
        color: RULE,
      });
    };
    draw(header, true);
    for (const cells of rows) draw(cells, false);
    this.y += 6;
  }

  gap(points: number): void {
    this.y += points;
  }

  /** Numbers the pages and adds a footer line, then returns the PDF bytes. */
  async save(footer: string): Promise<Uint8Array> {
    const pages = this.doc.getPages();
    const text = this.clean(footer);
    pages.forEach((page, index) => {
      page.drawText(text, { x: MARGIN_X, y: 28, size: 7.5, font: this.regular, color: MUTED });
      const number = `${index + 1} / ${pages.length}`;
      page.drawText(number, {
        x: A4[0] - MARGIN_X - this.regular.widthOfTextAtSize(number, 7.5),
        y: 28,
        size: 7.5,
        font: this.regular,
        color: MUTED,
      });
    });
    return this.doc.save();
  }
}
