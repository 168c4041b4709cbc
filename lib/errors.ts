/**
 * Thrown at synth time when a construct or the app receives a configuration it cannot deploy
 * (missing sender domain, malformed email, out-of-range limits…), so that `cdk synth` fails with a
 * readable message instead of CloudFormation failing half-way through a deployment.
 */
export class InvalidConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidConfigurationError';
  }
}
