import { Module } from '@nestjs/common';
import { PageStackModule } from './page-stack.module';
import { SignInModule } from './sign-in/sign-in.module';
import { CataloguePagesModule } from './catalogue/catalogue-pages.module';
import { SubscriptionPagesModule } from './subscriptions/subscription-pages.module';
import { ClaimPageModule } from './claims/claim-page.module';
import { ContributeModule } from './contribute/contribute.module';
import { ReviewModule } from './review/review.module';
import { NetworkPagesModule } from './network/network-pages.module';
import { MotionPagesModule } from './motions/motion-pages.module';
import { DashboardPageModule } from './dashboard/dashboard-page.module';
import { AuditPageModule } from './audit/audit-page.module';
import { ReportPagesModule } from './reports/report-pages.module';

/** The HTML pages, at the site's root: one module per area. */
@Module({
  imports: [
    PageStackModule,
    SignInModule,
    CataloguePagesModule,
    SubscriptionPagesModule,
    ClaimPageModule,
    ContributeModule,
    ReviewModule,
    NetworkPagesModule,
    MotionPagesModule,
    DashboardPageModule,
    AuditPageModule,
    ReportPagesModule,
  ],
})
export class PagesModule {}
