import type { ResolvedActor } from '@app/read-models';

export class ErasePersonalDataCommand {
  constructor(
    readonly actor: ResolvedActor,
    readonly personId: string,
    readonly commandId: string,
  ) {}
}
