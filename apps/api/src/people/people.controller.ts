import { Controller, Delete, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { OutsideAuditor, ResolvedActor } from '@app/read-models';
import { HttpCommandMeta, Meta } from '../http/command-meta';
import { sendForPosition } from '../http/send-command';
import { CurrentActor, OpenToAuditors } from '../identity/bearer-auth.guard';

@Controller('people')
export class PeopleController {
  constructor(private readonly bus: CommandBus) {}

  /**
   * Records who erased whose personal data, then deletes the person's key: their sealed parts become unreadable.
   * Open to auditors without an active network: erasure is a right whatever the network's state, and an auditor
   * appointed from outside the networks erases their own (kept on their auditor stream, not a network's).
   */
  @OpenToAuditors()
  @Delete(':personId/personal-data')
  erase(
    @Param('personId') personId: string,
    @Meta() meta: HttpCommandMeta,
    @CurrentActor() actor: ResolvedActor | OutsideAuditor,
  ) {
    const type = actor.networkId === null ? 'EraseAuditorData' : 'ErasePersonalData';
    return sendForPosition(this.bus, { type, personId }, meta);
  }
}
