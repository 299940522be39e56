import type { Authority, AuthorityRegisterFile } from './authority';
import checkedIn from '../data/authorities.json';

/** The English local highway and combined authorities of the DfT 2022–25 allocations, looked up by code. */
export class AuthorityRegister {
  private readonly byCode: ReadonlyMap<string, Authority>;

  constructor(readonly file: AuthorityRegisterFile) {
    this.byCode = new Map(file.authorities.map((authority) => [authority.code, authority]));
    if (this.byCode.size !== file.authorities.length) throw new Error('Authority codes must be unique');
  }

  /** In the document's order: the combined-authority table, then the local-authority table. */
  all(): readonly Authority[] {
    return this.file.authorities;
  }

  get(code: string): Authority | undefined {
    return this.byCode.get(code);
  }

  has(code: string): boolean {
    return this.byCode.has(code);
  }
}

/**
 * The register from the checked-in data file. A JSON import, so that tsc copies the file beside the compiled code;
 * its inferred type is loose (strings for codes), and the file is checked against the script's output by a spec.
 */
export function loadAuthorityRegister(): AuthorityRegister {
  return new AuthorityRegister(checkedIn as AuthorityRegisterFile);
}
