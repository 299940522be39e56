/**
 * The record of notices done: sent, or found no longer to apply. Checked before a mail goes out, so a job run
 * again (a retry after a crash, the same due item found by the next round, an event delivered twice) sends nothing
 * more. Kept as long as the data directory: job ids are de-duplicated only while the queue keeps them.
 */
export abstract class SentNotices {
  abstract has(noticeId: string): Promise<boolean>;
  abstract record(noticeId: string): Promise<void>;
}
