import { Module } from '@nestjs/common';
import { IdentityModule } from '../../identity/identity.module';
import { SignInPage } from './sign-in.page';

@Module({
  imports: [IdentityModule],
  controllers: [SignInPage],
})
export class SignInModule {}
