/**
 * One AES-256 key per person. Forgetting a person deletes their key: the encrypted personal parts of the events
 * stay in the log, hash chain intact, and can no longer be read (crypto-shredding).
 */
export abstract class PersonalDataKeys {
  /** The person's key, created on first use. Refuses (returns undefined) once the person has been forgotten. */
  abstract keyFor(personId: string): Promise<Buffer | undefined>;
  /** The person's key if it exists and was not deleted. */
  abstract existingKey(personId: string): Promise<Buffer | undefined>;
  /** Deletes the key for good; returns false if the person was already forgotten. */
  abstract forget(personId: string, at: Date): Promise<boolean>;
  abstract close(): Promise<void>;
}
