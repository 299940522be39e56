/**
 * The ways a command can be refused. The HTTP layer maps each to one status in one place (`DOMAIN_STATUS` in
 * apps/api/src/http/problem-details.filter.ts).
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The actor's role or seat does not allow this command. */
export class NotAllowed extends DomainError {
  readonly code = 'not-allowed';
}

/** The object does not exist (or the actor may not know that it does). */
export class NotFound extends DomainError {
  readonly code = 'not-found';
}

/** The object is not in a state where this command applies (including a stale version or round). */
export class WrongState extends DomainError {
  readonly code = 'wrong-state';
}

/** The object existed and is no longer available: a claim link already used, or expired. */
export class Gone extends DomainError {
  readonly code = 'gone';
}

/** A Steering Group member acting on their own network's material. */
export class ConflictOfInterest extends DomainError {
  readonly code = 'conflict-of-interest';
}

/** A rule of the scheme refuses the command (principles not adopted, one review per seat, last coordinator…). */
export class RuleBroken extends DomainError {
  readonly code = 'rule-broken';
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A retried command that made a credential shown only once (an access token, a webhook secret): the first attempt is
 * in the log and its credential cannot be shown again.
 */
export class CredentialShownOnce extends DomainError {
  readonly code = 'credential-shown-once';
}
