import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { ResolvedActor } from '@app/read-models';
import { CurrentActor } from '../identity/bearer-auth.guard';
import { HttpCommandMeta, Meta } from '../http/command-meta';
import { sendForPosition } from '../http/send-command';
import { CosignatureDto, TreeSizeParamDto } from './ledger.dto';

/** A witness's cosignature, posted by its network's coordinator (the ledger's other routes are public). */
@Controller('ledger/checkpoints')
export class CosignaturesController {
  constructor(private readonly bus: CommandBus) {}

  @Post(':treeSize/cosignatures')
  add(
    @Param() { treeSize }: TreeSizeParamDto,
    @CurrentActor() actor: ResolvedActor,
    @Meta() meta: HttpCommandMeta,
    @Body() { signatureLine }: CosignatureDto,
  ) {
    const command = { type: 'AddCosignature', treeSize, networkId: actor.networkId, signatureLine } as const;
    return sendForPosition(this.bus, command, meta);
  }
}
