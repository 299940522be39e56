import type { PersonalDetails } from '@app/domain';

/**
 * Somewhere outside the log where a person's details may linger (searches people typed into the catalogue): cleared
 * when the person is forgotten, before their key goes. The apps wire what they keep; the log itself is
 * crypto-shredded instead.
 */
export interface PersonalDataTraces {
  clear(details: PersonalDetails): Promise<void> | void;
}

/** The Nest token of the list of traces an app keeps. */
export const PERSONAL_DATA_TRACES = Symbol('PERSONAL_DATA_TRACES');
