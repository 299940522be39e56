import { Controller, Delete, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { HttpCommandMeta, Meta } from '../http/command-meta';
import { sendForPosition } from '../http/send-command';

@Controller('people')
export class PeopleController {
  constructor(private readonly bus: CommandBus) {}

  /** Records who erased whose personal data, then deletes the person's key: their sealed parts become unreadable. */
  @Delete(':personId/personal-data')
  erase(@Param('personId') personId: string, @Meta() meta: HttpCommandMeta) {
    return sendForPosition(this.bus, { type: 'ErasePersonalData', personId }, meta);
  }
}
