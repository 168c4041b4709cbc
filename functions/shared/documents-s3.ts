import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { s3Client } from './aws/s3';
import type { DocumentsPort } from './use-cases/documents';

/** S3 errors that mean "nothing to read there" (an empty object refuses any range). */
const ABSENT = new Set(['NoSuchKey', 'NotFound', 'InvalidRange']);

/** The invoices bucket behind the documents port. */
export class S3Documents implements DocumentsPort {
  constructor(private readonly bucketName: string) {}

  async put(key: string, body: Uint8Array | string, contentType: string): Promise<void> {
    await s3Client().send(
      new PutObjectCommand({ Bucket: this.bucketName, Key: key, Body: body, ContentType: contentType }),
    );
  }

  async read(key: string): Promise<Uint8Array> {
    const object = await s3Client().send(new GetObjectCommand({ Bucket: this.bucketName, Key: key }));
    if (!object.Body) throw new Error(`Empty object ${key}`);
    return object.Body.transformToByteArray();
  }

  async readHead(key: string, length: number): Promise<Uint8Array | undefined> {
    try {
      const object = await s3Client().send(
        new GetObjectCommand({ Bucket: this.bucketName, Key: key, Range: `bytes=0-${length - 1}` }),
      );
      return (await object.Body?.transformToByteArray()) ?? new Uint8Array();
    } catch (error) {
      if (ABSENT.has((error as { name?: string }).name ?? '')) return undefined;
      throw error;
    }
  }
}
