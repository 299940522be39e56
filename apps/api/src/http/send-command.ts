import type { CommandBus } from '@nestjs/cqrs';
import { CommandMeta, CommandResult, DomainCommand, RunCommand, Secrets } from '@app/application';
import { CredentialShownOnce } from '@app/domain';

/** Sends a command to its runner, as every door does. */
export function send(
  bus: CommandBus,
  command: DomainCommand,
  meta: CommandMeta,
  secrets?: Secrets,
): Promise<CommandResult> {
  return bus.execute(new RunCommand(command, meta, secrets));
}

/**
 * Sends a command whose answer is the position of what it wrote (API.md: `{position}`). A command that changes
 * nothing (the same vote cast again) writes nothing: its answer is the position of the state it was decided on
 * (its stream's last event, so a read with that `minPosition` shows it), marked `unchanged` as naming no event of its own.
 */
export async function sendForPosition(
  bus: CommandBus,
  command: DomainCommand,
  meta: CommandMeta,
): Promise<{ position: number; unchanged?: true }> {
  const { position, events, replayed } = await send(bus, command, meta);
  return events.length === 0 && !replayed ? { position, unchanged: true } : { position };
}

/** A credential made for this attempt is worthless if the command was already in the log: say so, never show it. */
export function shownOnce(result: CommandResult): CommandResult {
  if (result.replayed)
    throw new CredentialShownOnce(
      'This request was already carried out; the credential it made was shown once',
    );
  return result;
}
