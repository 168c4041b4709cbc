/**
 * The floor under the API function's cold start: only what every API request needs from outside our
 * code (the DynamoDB document client, the Step Functions client, Powertools' logger), bundled the way
 * BaseFunction bundles a function. `npm run bench` times it next to the API bundle.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

const logger = new Logger();
const table = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const executions = new SFNClient({});

export const handler = async (): Promise<unknown> => [logger, table, executions];
