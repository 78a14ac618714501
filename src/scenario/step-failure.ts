/** An expectation that did not hold (exit 1): thrown by steps, caught by the runner. */
export class StepFailure extends Error {
  constructor(
    message: string,
    readonly diff?: string,
  ) {
    super(message);
    this.name = 'StepFailure';
  }
}
