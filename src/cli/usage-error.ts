/** A mistake on the command line (unknown option, missing value...): printed as one line, exit 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    /** The subcommand whose help to point at, if any. */
    readonly command?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}
