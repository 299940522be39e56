import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { NetworksModule } from '../networks/networks.module';
import { PeopleController } from './people.controller';
import { ErasePersonalDataHandler } from './handlers/erase-personal-data.handler';

@Module({
  imports: [CqrsModule, NetworksModule],
  controllers: [PeopleController],
  providers: [ErasePersonalDataHandler],
})
export class PeopleModule {}
