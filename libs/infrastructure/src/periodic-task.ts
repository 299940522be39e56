import type { LoggerService } from '@nestjs/common';

/**
 * Work a process does every `intervalMs`, one round at a time: a round still running when the next is due lets it
 * pass; a failed round (the store unavailable, say) is logged and the next tries again; stopping waits for the round
 * that runs. Tests call the work itself rather than waiting for the timer.
 */
export class PeriodicTask {
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> | undefined;

  constructor(
    private readonly name: string,
    private readonly intervalMs: number,
    private readonly work: () => Promise<unknown>,
    private readonly logger: LoggerService,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.round ??= this.work()
        .then(
          () => undefined,
          (error: unknown) => this.logger.error({ err: error }, `${this.name} failed this round`),
        )
        .finally(() => (this.round = undefined));
    }, this.intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.round;
  }
}
