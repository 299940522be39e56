import { THEMES } from '@app/reference-data';
import { isApiPath } from '../apps/api/src/pages/views';
import { RunningApi, startApi } from './support/running-api';

interface Operation {
  operationId: string;
  security?: unknown[];
  parameters?: Array<{ name: string; in: string }>;
  requestBody?: { content: Record<string, { schema: { $ref: string } }> };
  responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }>;
}
type Document = {
  openapi: string;
  info: { title: string };
  security: unknown[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, SchemaObject>; securitySchemes: Record<string, unknown> };
};
type SchemaObject = { required?: string[]; properties: Record<string, Record<string, unknown>> };

/** Every `$ref` in the document, wherever it is. */
function refs(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refs);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    key === '$ref' && typeof inner === 'string' ? [inner] : refs(inner),
  );
}

describe('OpenAPI at /docs', () => {
  let api: RunningApi;
  let root: string;
  let document: Document;
  const operations = () =>
    Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]) => ({ path, method, operation })),
    );

  beforeAll(async () => {
    api = await startApi('openapi');
    root = api.base.replace(/\/api\/v1$/, '');
    const response = await fetch(`${root}/docs-json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    document = (await response.json()) as Document;
  });
  afterAll(() => api.close());

  it('/docs-json is an OpenAPI 3 document whose references all resolve', () => {
    expect(document.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(document.info.title).toBe('Connect & Share API');
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const ref of refs(document)) {
      const [, name] = /^#\/components\/schemas\/(.+)$/.exec(ref) ?? [];
      expect(document.components.schemas).toHaveProperty([name]);
    }
    for (const { path, operation } of operations()) {
      const declared = (operation.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
      expect(declared.sort()).toEqual([...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => name).sort());
    }
  });

  it('documents exactly the routes the app registers', () => {
    const express = api.app.getHttpAdapter().getInstance();
    const registered = (
      express.router.stack as Array<{ route?: { path: string; methods: Record<string, boolean> } }>
    )
      // The machine-readable routes: not /docs itself, nor the pages and their assets (isApiPath).
      .filter((layer) => layer.route && isApiPath(layer.route.path) && !layer.route.path.startsWith('/docs'))
      .map((layer) => ({ path: layer.route!.path, methods: Object.keys(layer.route!.methods) }))
      // Middleware mounted for every method (logging) is not a route.
      .filter(({ methods }) => methods.length === 1)
      .map(({ path, methods }) => `${methods[0].toUpperCase()} ${path.replace(/:(\w+)/g, '{$1}')}`);
    const documented = operations().map(({ path, method }) => `${method.toUpperCase()} ${path}`);
    expect(new Set(documented)).toEqual(new Set(registered));
    expect(documented).toEqual(
      expect.arrayContaining([
        'POST /api/v1/networks',
        'POST /api/v1/networks/{networkId}/principles',
        'POST /api/v1/networks/{networkId}/members',
        'PUT /api/v1/networks/{networkId}/representative',
        'POST /api/v1/practices',
        'POST /api/v1/practices/{id}/reviews',
        'POST /api/v1/practices/{id}/revisions',
        'POST /api/v1/motions',
        'POST /api/v1/motions/{id}/votes',
        'DELETE /api/v1/people/{personId}/personal-data',
        'GET /api/v1/networks',
        'GET /api/v1/motions',
        'GET /health',
      ]),
    );
  });

  it('takes body and query schemas from the DTOs’ validation rules', () => {
    const submit = document.paths['/api/v1/practices'].post;
    const ref = submit.requestBody!.content['application/json'].schema.$ref;
    const schema = document.components.schemas[ref.split('/').pop()!];
    expect(schema.required).toEqual(expect.arrayContaining(['title', 'summary', 'body', 'themes']));
    expect(schema.properties.title).toMatchObject({ type: 'string', maxLength: 200 });
    expect(schema.properties.themes).toMatchObject({
      type: 'array',
      items: { enum: THEMES.map((theme) => theme.code) },
    });

    const list = document.paths['/api/v1/motions'].get.parameters!;
    expect(list).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          name: 'pageSize',
          in: 'query',
          required: false,
          schema: expect.objectContaining({ maximum: 100 }),
        }),
        expect.objectContaining({
          name: 'status',
          schema: expect.objectContaining({ enum: ['open', 'carried', 'lapsed'] }),
        }),
      ]),
    );
  });

  it('asks for a bearer token except on public routes, and describes errors as problem+json', () => {
    expect(document.security).toEqual([{ bearer: [] }]);
    expect(document.paths['/api/v1/themes'].get.security).toEqual([]);
    expect(document.paths['/health'].get.security).toEqual([]);
    expect(document.paths['/api/v1/networks'].get.security).toBeUndefined();
    expect(document.paths['/api/v1/practices'].post.parameters).toContainEqual(
      expect.objectContaining({ name: 'Idempotency-Key', in: 'header' }),
    );
    for (const { operation } of operations())
      expect(operation.responses.default.content!['application/problem+json'].schema.$ref).toBe(
        '#/components/schemas/Problem',
      );
    expect(document.components.schemas.Problem.required).toEqual(['type', 'title', 'status', 'detail']);
  });

  it('/docs serves Swagger UI to anyone', async () => {
    const response = await fetch(`${root}/docs`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    expect(await response.text()).toContain('swagger-ui');
    const init = await fetch(`${root}/docs/swagger-ui-init.js`);
    expect(init.status).toBe(200);
    expect(await init.text()).toContain('Connect & Share API');
  });
});
