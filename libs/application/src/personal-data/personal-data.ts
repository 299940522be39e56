import type { PersonalDetails } from '@app/domain';
import type { RunnerPorts } from '../command-runner';
import { seal, unseal } from './aes-gcm';
import { PersonalDataKeys } from './personal-data-keys';

/** The stored form of an event's `personal` part: AES-256-GCM under its subject's key. */
export interface SealedPersonal {
  subject: string;
  alg: 'A256GCM';
  iv: string;
  ciphertext: string;
  tag: string;
}

/** What a reader gets for the personal part of a forgotten person. */
export const FORGOTTEN = { forgotten: true } as const;

/**
 * The fields naming whose personal data an event carries, in order of preference. A practice's contact has a key
 * of its own (`contactId`), so it can be erased without the submitter; earlier events fall back to the submitter's.
 * A webhook's signing secret is sealed the same way under the webhook's own key, so that removing the webhook shreds
 * it. A motion appointing an auditor from outside the networks seals their details under the appointee's key.
 */
const SUBJECT_FIELDS = [
  'contactId',
  'appointeeId',
  'personId',
  'submittedBy',
  'revisedBy',
  'subscriberId',
  'webhookId',
] as const;

export class PersonalDataForgotten extends Error {
  override readonly name = 'PersonalDataForgotten';
}

export function isSealed(value: unknown): value is SealedPersonal {
  return typeof value === 'object' && value !== null && (value as SealedPersonal).alg === 'A256GCM';
}

/** Encrypts `personal` parts before events are written and decrypts them when they are served. */
export class PersonalData {
  constructor(private readonly keys: PersonalDataKeys) {}

  /** The subject whose key protects this event's personal part. */
  static subjectOf(data: Record<string, unknown>): string {
    const field = SUBJECT_FIELDS.find((name) => typeof data[name] === 'string');
    if (!field)
      throw new Error(`An event with personal data must name its subject (${SUBJECT_FIELDS.join(', ')})`);
    return data[field] as string;
  }

  /** Returns the event data with its `personal` part encrypted; data without one is returned as it is. */
  async seal<D>(data: D): Promise<D> {
    const record = data as Record<string, unknown>;
    if (record.personal === undefined || isSealed(record.personal)) return data;
    const subject = PersonalData.subjectOf(record);
    const key = await this.keys.keyFor(subject);
    if (!key)
      throw new PersonalDataForgotten(
        `Person ${subject} has been forgotten: their details cannot be recorded again`,
      );
    const { iv, ciphertext, tag } = seal(
      key,
      Buffer.from(JSON.stringify(record.personal)),
      Buffer.from(subject),
    );
    const sealed: SealedPersonal = {
      subject,
      alg: 'A256GCM',
      iv: iv.toString('base64'),
      ciphertext: ciphertext.toString('base64'),
      tag: tag.toString('base64'),
    };
    return { ...record, personal: sealed } as D;
  }

  /** The plaintext personal part, or `FORGOTTEN` once the subject's key is gone. */
  async open<P>(sealed: SealedPersonal): Promise<P | typeof FORGOTTEN> {
    const key = await this.keys.existingKey(sealed.subject);
    if (!key) return FORGOTTEN;
    const plaintext = unseal(
      key,
      {
        iv: Buffer.from(sealed.iv, 'base64'),
        ciphertext: Buffer.from(sealed.ciphertext, 'base64'),
        tag: Buffer.from(sealed.tag, 'base64'),
      },
      Buffer.from(sealed.subject),
    );
    return JSON.parse(plaintext.toString('utf8')) as P;
  }
}

/**
 * What is kept of a person outside the log goes while their details can still be read (mail held for them, searches
 * naming them), then their key: every sealed part of the log under it becomes unreadable.
 */
export async function forgetSubject(
  { mailer, traces, keys, clock }: Pick<RunnerPorts, 'mailer' | 'traces' | 'keys' | 'clock'>,
  subject: string,
  details: Partial<PersonalDetails> | undefined,
): Promise<void> {
  if (details) {
    if (details.email) await mailer.discardMailTo(details.email);
    for (const kept of traces) await kept.clear(details as PersonalDetails);
  }
  await keys.forget(subject, clock.now());
}
