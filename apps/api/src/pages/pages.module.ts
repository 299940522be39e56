import { Module } from '@nestjs/common';
import { PageStackModule } from './page-stack.module';
import { SignInModule } from './sign-in/sign-in.module';

/** The HTML pages, at the site's root: one module per area. */
@Module({
  imports: [PageStackModule, SignInModule],
})
export class PagesModule {}
