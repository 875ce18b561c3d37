/** Thrown (or used as an abort reason) to end a trial as pruned rather than failed. */
export class TrialPrunedError extends Error {
  constructor(message = 'trial pruned') {
    super(message);
    this.name = 'TrialPrunedError';
  }

  static isInstance(value: unknown): value is TrialPrunedError {
    return value instanceof TrialPrunedError || (value instanceof Error && value.name === 'TrialPrunedError');
  }
}
