import { DescribeExecutionCommand, StartExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { sfnClient } from './aws/sfn';

export interface WorkflowInput {
  readonly invoiceId: string;
  readonly mode: 'start' | 'resume' | 'thank_you' | 'payment_plan';
  readonly notBefore?: string;
}

/** What the use cases need of the executions: start one by name, stop one (the port their fakes implement). */
export type ExecutionsPort = Pick<Executions, 'start' | 'stop'>;

/** Starts and stops the per-invoice executions of the dunning state machine. */
export class Executions {
  constructor(readonly stateMachineArn: string) {}

  executionArn(name: string): string {
    return `${this.stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
  }

  /** Starts an execution; an existing one with the same name is not an error (names are deterministic). */
  async start(name: string, input: WorkflowInput): Promise<{ started: boolean }> {
    try {
      await sfnClient().send(
        new StartExecutionCommand({
          stateMachineArn: this.stateMachineArn,
          name,
          input: JSON.stringify(input),
        }),
      );
      return { started: true };
    } catch (error) {
      if ((error as { name?: string }).name === 'ExecutionAlreadyExists') return { started: false };
      throw error;
    }
  }

  /** Stops an execution if it is still running; unknown or finished executions are fine. */
  async stop(name: string, cause: string): Promise<void> {
    const executionArn = this.executionArn(name);
    try {
      const { status } = await sfnClient().send(new DescribeExecutionCommand({ executionArn }));
      if (status !== 'RUNNING') return;
      await sfnClient().send(new StopExecutionCommand({ executionArn, cause, error: 'DunningStopped' }));
    } catch (error) {
      if ((error as { name?: string }).name === 'ExecutionDoesNotExist') return;
      throw error;
    }
  }
}
