import { Controller, Delete, Headers, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { ResolvedActor } from '@app/read-models';
import { CurrentActor } from '../identity/bearer-auth.guard';
import { commandIdFor } from '../http/command-id';
import { ErasePersonalDataCommand } from './erase-personal-data.command';

@Controller('people')
export class PeopleController {
  constructor(private readonly commands: CommandBus) {}

  @Delete(':personId/personal-data')
  erase(
    @CurrentActor() actor: ResolvedActor,
    @Param('personId') personId: string,
    @Headers('idempotency-key') key: string | undefined,
  ) {
    return this.commands.execute(new ErasePersonalDataCommand(actor, personId, commandIdFor(actor, key)));
  }
}
