import { Global, Module } from '@nestjs/common';
import { PageContextGuard } from './page-context.guard';
import { SignedIn } from './page-controller';
import { PageSessions } from './session/page-sessions';

/** What every page module's controllers need (`@PageController` and `SignedIn`), one instance for all of them. */
@Global()
@Module({
  providers: [PageSessions, PageContextGuard, SignedIn],
  exports: [PageSessions, PageContextGuard, SignedIn],
})
export class PageStackModule {}
