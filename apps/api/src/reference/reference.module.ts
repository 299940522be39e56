import { Global, Module } from '@nestjs/common';
import { AuthorityRegister, loadAuthorityRegister } from '@app/reference-data';
import { ReferenceController } from './reference.controller';

@Global()
@Module({
  controllers: [ReferenceController],
  providers: [{ provide: AuthorityRegister, useFactory: loadAuthorityRegister }],
  exports: [AuthorityRegister],
})
export class ReferenceModule {}
