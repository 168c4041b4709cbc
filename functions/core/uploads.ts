/**
 * Large invoice PDFs (`POST /uploads`): limits and where uploads live. Pure: the API function signs
 * the URL. An upload key is under the seller's own prefix, so registration can tell whose it is
 * (`isSellerObjectKey` in schemas.ts).
 */

/**
 * At most 10 MiB: a formal notice carries the invoice and the letter, base64 adds a third, and SES
 * accepts 40 MB per message; larger scans are better split or compressed by the seller.
 */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/** A presigned URL works this long: enough to send a few megabytes, short enough not to linger. */
export const UPLOAD_URL_TTL_SECONDS = 15 * 60;

/** `uploads/<sellerId>/<uuid>.pdf`. */
export function uploadKey(sellerId: string, uuid: string): string {
  return `uploads/${sellerId}/${uuid}.pdf`;
}
