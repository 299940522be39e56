import { INestApplication, Type } from '@nestjs/common';
import { ModulesContainer, NestFactory, Reflector } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  DocumentBuilder,
  OpenAPIObject,
  ParameterObject,
  SchemaObject,
  SwaggerModule,
} from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AppConfig } from '@app/config';
import { AppModule } from './app.module';
import { IS_PUBLIC } from './identity/bearer-auth.guard';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { validationPipe } from './http/problem-details';
import { jsonBody } from './http/json-body';
import { useRouteInterceptors } from './http/route-interceptors';
import { securityHeaders } from './http/security-headers';
import { configureViews } from './pages/views';

/** JSON bodies: a practice's body is at most 50,000 characters, so this leaves room without inviting abuse. */
export const JSON_BODY_LIMIT = '256kb';

/** What every instance of the API has, however it is created (main, tests). */
export function configureApi(app: NestExpressApplication): INestApplication {
  app.useLogger(app.get(Logger));
  app.use(securityHeaders);
  configureViews(app);
  app.use(jsonBody(JSON_BODY_LIMIT));
  app.useGlobalPipes(validationPipe());
  useRouteInterceptors(app);
  app.useGlobalFilters(new ProblemDetailsFilter());
  // `/docs` (Swagger UI) and `/docs-json` are plain Express routes outside the prefix: public, no guard applies.
  // The document is built on its first request, once, so starting the API costs nothing more.
  SwaggerModule.setup('docs', app, () => openApiDocument(app), {
    jsonDocumentUrl: 'docs-json',
    raw: ['json'],
  });
  return app;
}

/**
 * Builds the HTTP application; `main.ts` and the end-to-end tests both start it this way. `logDestination` is for
 * tests that read the log: by default it goes to stdout.
 */
export async function createApi(
  config: AppConfig,
  logDestination?: DestinationStream,
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, logDestination), {
    bufferLogs: true,
    bodyParser: false,
  });
  return configureApi(app);
}

/** RFC 9457 problem details, as `ProblemDetailsFilter` writes them. */
const PROBLEM_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string', example: '/problems/validation' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    errors: {
      type: 'array',
      description: 'For validation failures: each failed rule of each field',
      items: {
        type: 'object',
        required: ['field', 'rule', 'message'],
        properties: { field: { type: 'string' }, rule: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
};

const IDEMPOTENCY_KEY: ParameterObject = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description: 'A retry with the same key and body returns the first response and writes nothing',
  schema: { type: 'string' },
};

/** Swagger's default operation ids, spelled out because `openApiDocument` finds the public routes by them. */
const operationId = (controller: string, method: string) => `${controller}_${method}`;

/**
 * The OpenAPI document. Body and query schemas come from the DTOs' class-validator rules through the
 * @nestjs/swagger plugin (in `nest build`, and in Jest through jest.config.js). Every route needs a bearer token
 * but those marked @Public(); every write takes an Idempotency-Key; every error is problem+json.
 */
function openApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Connect & Share API')
    .setDescription('Enrolled networks share highways practice material, with no central administrator.')
    .setVersion('1')
    .addBearerAuth()
    .addSecurityRequirements('bearer')
    .build();
  config.components = { ...config.components, schemas: { Problem: PROBLEM_SCHEMA } };
  const document = SwaggerModule.createDocument(app, config, { operationIdFactory: operationId });
  const publicRoutes = publicOperationIds(app);
  for (const path of Object.values(document.paths))
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = path[method];
      if (!operation) continue;
      if (publicRoutes.has(operation.operationId!)) operation.security = [];
      if (method !== 'get') operation.parameters = [...(operation.parameters ?? []), IDEMPOTENCY_KEY];
      operation.responses.default = {
        description: 'An error: RFC 9457 problem details',
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      };
    }
  return document;
}

/** The operation ids of the controller methods that the bearer guard lets through without a token. */
function publicOperationIds(app: INestApplication): Set<string> {
  const reflector = app.get(Reflector);
  const ids = new Set<string>();
  for (const module of app.get(ModulesContainer).values())
    for (const { metatype } of module.controllers.values()) {
      const controller = metatype as Type;
      for (const method of Object.getOwnPropertyNames(controller.prototype))
        if (reflector.getAllAndOverride<boolean>(IS_PUBLIC, [controller.prototype[method], controller]))
          ids.add(operationId(controller.name, method));
    }
  return ids;
}
