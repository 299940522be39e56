import { Injectable } from '@nestjs/common';
import { AuthorityRegister } from '@app/reference-data';

/**
 * Authorities grouped by how much highways funding they get: the quartiles of the register's total annual
 * allocation, over the authorities (local and combined) that the document gives a positive total. Band 1 is the
 * lowest quarter, band 4 the highest; a quartile's boundary value belongs to the band below it. Authorities funded
 * through CRSTS, a PFI or their combined authority have no figure of their own, so no band: comparing them with
 * directly funded ones by the combined authority's figure would mix two scales. Computed once, from the register.
 */
@Injectable()
export class FundingBands {
  private readonly bands: ReadonlyMap<string, number>;
  /** The highest total of bands 1, 2 and 3. */
  readonly boundaries: readonly number[];

  constructor(register: AuthorityRegister) {
    const funded = register
      .all()
      .flatMap((authority) =>
        (authority.allocations?.total ?? 0) > 0
          ? [{ code: authority.code, total: authority.allocations!.total! }]
          : [],
      )
      .sort((a, b) => a.total - b.total);
    // Nearest-rank quartiles: the value a quarter, a half and three quarters of the way up the sorted totals.
    this.boundaries = [0.25, 0.5, 0.75].map((share) => funded[Math.ceil(share * funded.length) - 1].total);
    this.bands = new Map(
      funded.map(({ code, total }) => [
        code,
        1 + this.boundaries.filter((boundary) => total > boundary).length,
      ]),
    );
  }

  /** 1 (least funded) to 4 (most funded); undefined for an authority with no total of its own. */
  bandOf(code: string): number | undefined {
    return this.bands.get(code);
  }

  /** Every authority in a band of one of `codes`. */
  sharingBands(codes: string[]): string[] {
    const wanted = new Set(codes.map((code) => this.bands.get(code)));
    return [...this.bands].filter(([, band]) => wanted.has(band)).map(([code]) => code);
  }
}
