import { synthesize } from './synth';

/** Every Lambda function of the stack and its entry: the stack tests check each one. */
export const FUNCTIONS = {
  PlanScheduleFunction: 'functions/plan-schedule/handler.ts',
  SendMessageFunction: 'functions/send-message/handler.ts',
  RecordFailureFunction: 'functions/record-failure/handler.ts',
  ApiFunction: 'functions/api/handler.ts',
  WebhooksFunction: 'functions/webhooks/handler.ts',
  SesEventsFunction: 'functions/ses-events/handler.ts',
  EvidenceFunction: 'functions/evidence/handler.ts',
  FinanceSnapshotFunction: 'functions/finance-snapshot/handler.ts',
  RepliesFunction: 'functions/replies/handler.ts',
  LimitationAlertsFunction: 'functions/limitation-alerts/handler.ts',
  StartPendingFunction: 'functions/start-pending/handler.ts',
} as const;
export type FunctionId = keyof typeof FUNCTIONS;
export const FUNCTION_IDS = Object.keys(FUNCTIONS) as FunctionId[];

/** The stack as deployed with an alarm email: what the stack tests synthesize once per file. */
export function synthesizeStack(): ReturnType<typeof synthesize> {
  return synthesize({ context: { 'relance:alarmEmail': 'finance-ops@example.com' } });
}
