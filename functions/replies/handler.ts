import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import * as z from 'zod';
import { now } from '../shared/clock';
import { loadConfig } from '../shared/config';
import { Executions } from '../shared/executions';
import { header, rawBody } from '../shared/http';
import { logger } from '../shared/logger';
import { secretValues } from '../shared/secrets';
import { Store } from '../shared/store';
import { errorPage, PAGE_HEADERS } from './page';
import { ReplyService } from './service';

const config = loadConfig({
  TABLE_NAME: z.string().min(1),
  STATE_MACHINE_ARN: z.string().startsWith('arn:'),
  SES_CONFIGURATION_SET: z.string().min(1),
  // The reply-link key: a Secrets Manager ARN in AWS, the value itself locally.
  REPLY_SECRET_ARN: z.string().optional(),
  DUNNING_REPLY_SECRET: z.string().optional(),
});

const store = new Store(config.TABLE_NAME);
const replies = new ReplyService({
  store,
  executions: new Executions(config.STATE_MACHINE_ARN),
  now,
  secrets: () => secretValues({ arn: config.REPLY_SECRET_ARN, value: config.DUNNING_REPLY_SECRET }),
  configurationSet: config.SES_CONFIGURATION_SET,
});

function page(status: number, html: string): APIGatewayProxyResult {
  return { statusCode: status, headers: { ...PAGE_HEADERS }, body: html };
}

/**
 * `GET /r/{token}` (the reply page, read-only: mail scanners open links) and `POST /r/{token}` (one
 * answer, form-encoded). Public routes: the signed token is the only credential. Answers HTML pages,
 * errors included.
 */
export const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const token = event.pathParameters?.token ?? '';
  try {
    if (event.httpMethod === 'GET') {
      const result = await replies.show(token);
      return page(result.status, result.html);
    }
    if (event.httpMethod === 'POST') {
      const result = await replies.answer(token, rawBody(event), header(event, 'content-type'));
      return page(result.status, result.html);
    }
    return page(405, errorPage('unsupported'));
  } catch (error) {
    logger.error('Unhandled reply error', { method: event.httpMethod, error: error as Error });
    return page(500, errorPage('unavailable'));
  }
};
