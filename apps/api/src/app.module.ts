import { DynamicModule, Module } from '@nestjs/common';
import { RouterModule } from '@nestjs/core';
import { IdempotencyInterceptor } from './http/idempotency.interceptor';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AppConfig, ConfigModule } from '@app/config';
import { EventStoreModule } from '@app/event-store';
import { ApplicationModule, PolicyReactors } from '@app/application';
import { InfrastructureModule } from '@app/infrastructure';
import { JobsModule, NotificationsModule } from '@app/jobs';
import { ReadModelsModule } from '@app/read-models';
import { RateLimitModule } from './http/rate-limit.module';
import { RequestLogModule, serviceLogger } from './http/request-log';
import { IdentityModule } from './identity/identity.module';
import { NetworksModule } from './networks/networks.module';
import { ReferenceModule } from './reference/reference.module';
import { PracticesModule } from './practices/practices.module';
import { AttachmentsModule } from './attachments/attachments.module';
import { MotionsModule } from './motions/motions.module';
import { PeopleModule } from './people/people.module';
import { PersonalDataTracesModule } from './people/personal-data-traces.module';
import { SubscriptionsModule } from './subscriptions/subscriptions.module';
import { ClaimsModule } from './claims/claims.module';
import { LedgerModule } from './ledger/ledger.module';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';
import { SchedulingModule } from './scheduling/scheduling.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { ReportsModule } from './reports/reports.module';
import { CatalogueModule } from './catalogue/catalogue.module';
import { CatalogueFeedsModule } from './catalogue/catalogue-feeds.module';
import { AuditModule } from './audit/audit.module';
import { PagesModule } from './pages/pages.module';

/**
 * The JSON API's modules: RouterModule serves their controllers under `/api/v1`. The health check, the open data
 * (`/catalogue.atom` …) and the pages are served at the root, some at the same paths as API routes
 * (`/practices/{id}`), which a global prefix with exclusions could not tell apart.
 */
const API_MODULES = [
  IdentityModule,
  ReferenceModule,
  NetworksModule,
  PracticesModule,
  AttachmentsModule,
  MotionsModule,
  PeopleModule,
  PersonalDataTracesModule,
  SubscriptionsModule,
  ClaimsModule,
  LedgerModule,
  SchedulingModule,
  DashboardModule,
  ReportsModule,
  CatalogueModule,
  AuditModule,
];

@Module({})
export class AppModule {
  /** `logDestination`: where the log goes instead of stdout, for tests that read it. */
  static forRoot(config: AppConfig, logDestination?: DestinationStream): DynamicModule {
    const logger = serviceLogger(config.logLevel, logDestination);
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        // nestjs-pino for the application's log lines, with no middleware of its own (no request context kept
        // per request); the request log writes a line per request with the same logger.
        LoggerModule.forRoot({ pinoHttp: { logger }, forRoutes: [] }),
        RequestLogModule.forRoot(logger),
        EventStoreModule,
        InfrastructureModule,
        ApplicationModule,
        // Every process may add jobs; the API runs them only in the embedded default (the worker does with Redis).
        JobsModule.forRoot(config, { runJobs: !config.redisUrl }),
        NotificationsModule,
        ReadModelsModule,
        RateLimitModule,
        ...API_MODULES,
        RouterModule.register([{ path: 'api/v1', children: API_MODULES }]),
        HealthModule,
        MetricsModule,
        CatalogueFeedsModule,
        PagesModule,
      ],
      providers: [
        // Put on the write routes by `useRouteInterceptors` (api.ts).
        IdempotencyInterceptor,
        // In the embedded default the API runs the policies itself; with REDIS_URL (production) the worker does.
        ...(config.redisUrl ? [] : [PolicyReactors]),
      ],
    };
  }
}
