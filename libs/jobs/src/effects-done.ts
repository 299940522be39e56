/**
 * The side effects already done (a delivery made, a mail sent), by a key derived from the job: a job run again
 * after a crash or a lost acknowledgement asks before it sends again. Kept beside the work, not in the log.
 */
export abstract class EffectsDone {
  abstract has(key: string): Promise<boolean>;
  abstract record(key: string): Promise<void>;
  abstract close(): Promise<void>;
}

/**
 * Does `effect` unless `key` is recorded as done, and records it once done. Between the effect and its record a
 * crash can still repeat it: at least once, as Standard Webhooks and mail allow, but never again once recorded.
 * Answers whether the effect ran now.
 */
export async function once(effects: EffectsDone, key: string, effect: () => Promise<void>): Promise<boolean> {
  if (await effects.has(key)) return false;
  await effect();
  await effects.record(key);
  return true;
}
