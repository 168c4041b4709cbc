import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  ObjectOwnership,
  StorageClass,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { InvalidConfigurationError } from './errors';

/** The global secondary indexes of the single table (docs/architecture.md). */
export const TABLE_INDEXES = [
  { indexName: 'bySeller', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  { indexName: 'byCustomer', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  { indexName: 'byStatus', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
] as const;

export interface StorageProps {
  /**
   * What happens to the table and the invoices bucket when the stack is deleted. Invoices, payments
   * and the audit trail are business records, so they are kept unless told otherwise.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /** Age at which invoice objects move to S3 Standard-IA (S3 requires at least 30 days). @default Duration.days(30) */
  readonly infrequentAccessAfter?: Duration;
  /** Age at which overwritten (noncurrent) versions of invoice objects are deleted. @default Duration.days(90) */
  readonly noncurrentVersionExpiration?: Duration;
  /** Age at which S3 server access logs are deleted. @default Duration.days(365) */
  readonly accessLogsExpiration?: Duration;
}

/**
 * The data of Relance: the DynamoDB single table (invoices, sellers, events, webhook deduplication,
 * idempotency keys) and the S3 bucket of invoice PDFs, formal-notice letters and sending evidence,
 * whose access logs go to a separate bucket.
 */
export class Storage extends Construct {
  /** The single table: keys `pk`/`sk`, indexes `bySeller`, `byCustomer`, `byStatus`. */
  public readonly table: Table;
  /** The invoices bucket: `invoices/` (PDFs), `letters/` (formal notices), `evidence/` (what was sent). */
  public readonly invoicesBucket: Bucket;
  /** Receives the server access logs of the invoices bucket. */
  public readonly accessLogsBucket: Bucket;

  constructor(scope: Construct, id: string, props: StorageProps = {}) {
    super(scope, id);
    // Access-log delivery through the logs bucket's policy (not ACLs), whatever the app's feature flags.
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
    const infrequentAccessAfter = props.infrequentAccessAfter ?? Duration.days(30);
    const noncurrentVersionExpiration = props.noncurrentVersionExpiration ?? Duration.days(90);
    const accessLogsExpiration = props.accessLogsExpiration ?? Duration.days(365);
    if (infrequentAccessAfter.toDays() < 30) {
      throw new InvalidConfigurationError(
        `${this.node.path}: infrequentAccessAfter must be at least 30 days (S3 rule).`,
      );
    }
    if (noncurrentVersionExpiration.toDays() < 1 || accessLogsExpiration.toDays() < 1) {
      throw new InvalidConfigurationError(`${this.node.path}: expirations must be at least one day.`);
    }
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;

    this.table = new Table(this, 'Table', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      encryption: TableEncryption.AWS_MANAGED,
      // Idempotency-Key records expire after 24 hours (the API also ignores expired ones on read).
      timeToLiveAttribute: 'expiresAt',
      removalPolicy,
    });
    for (const index of TABLE_INDEXES) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      });
    }

    this.accessLogsBucket = new Bucket(this, 'AccessLogsBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      // Server access logs can only be delivered to SSE-S3 buckets.
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: accessLogsExpiration }],
      removalPolicy,
    });

    this.invoicesBucket = new Bucket(this, 'InvoicesBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'invoices-bucket/',
      lifecycleRules: [
        {
          id: 'infrequent-access-and-noncurrent-expiry',
          transitions: [
            { storageClass: StorageClass.INFREQUENT_ACCESS, transitionAfter: infrequentAccessAfter },
          ],
          noncurrentVersionExpiration,
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
        // Evidence bundles too large for a response are copies built on demand, fetched within minutes.
        { id: 'expire-evidence-bundles', prefix: 'bundles/', expiration: Duration.days(1) },
      ],
      removalPolicy,
    });
  }
}
