/**
 * Whether PDF bytes may hold an embedded file or Factur-X metadata. Embedded-file streams and the
 * PDF/A XMP metadata are never inside compressed object streams, so a byte search finds them: a plain
 * PDF with complete JSON is then registered without being parsed at all.
 */
export function mayCarryFacturX(pdf: Uint8Array): boolean {
  const bytes = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  return ['/EmbeddedFile', 'factur-x', 'Factur-X', 'zugferd', 'ZUGFeRD', 'xrechnung'].some(
    (marker) => bytes.indexOf(marker, 0, 'latin1') !== -1,
  );
}
