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

/** Sends a command whose answer is the position of what it wrote (API.md: `{position}`). */
export async function sendForPosition(
  bus: CommandBus,
  command: DomainCommand,
  meta: CommandMeta,
): Promise<{ position: number }> {
  const { position } = await send(bus, command, meta);
  return { position };
}

/** A credential made for this attempt is worthless if the command was already in the log: say so, never show it. */
export function shownOnce(result: CommandResult): CommandResult {
  if (result.replayed)
    throw new CredentialShownOnce(
      'This request was already carried out; the credential it made was shown once',
    );
  return result;
}
