import { Injectable } from '@nestjs/common';
import type { Response } from 'express';

/** Uploads one caller may have in flight at once. */
export const MAX_UPLOADS_IN_FLIGHT = 2;

/**
 * Uploads in flight per caller, in this process: each holds a connection and a staging file for as long as its
 * bytes take to arrive, so one caller may hold only a few.
 */
@Injectable()
export class UploadSlots {
  private readonly inFlight = new Map<string, number>();

  /** Takes one of the caller's slots until the response is closed; false when they are all taken. */
  take(caller: string, response: Response): boolean {
    const taken = this.inFlight.get(caller) ?? 0;
    if (taken >= MAX_UPLOADS_IN_FLIGHT) return false;
    this.inFlight.set(caller, taken + 1);
    response.once('close', () => {
      const left = this.inFlight.get(caller)! - 1;
      if (left === 0) this.inFlight.delete(caller);
      else this.inFlight.set(caller, left);
    });
    return true;
  }
}
