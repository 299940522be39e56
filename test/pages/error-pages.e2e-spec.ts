import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Get, INestApplication, Param } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { loadConfig } from '@app/config';
import { NotAllowed, NotFound } from '@app/domain';
import { configureApi } from '../../apps/api/src/api';
import { AppModule } from '../../apps/api/src/app.module';
import { PageController } from '../../apps/api/src/pages/page-controller';

const failures: Record<string, () => Error> = {
  'not-allowed': () => new NotAllowed('Only coordinators can do this'),
  'not-found': () => new NotFound('No such practice'),
  crash: () => new Error('secret internals'),
};

/** A page that fails in the ways a real page can. */
@PageController('probe-page')
class ProbePage {
  @Get(':failure')
  fail(@Param('failure') failure: string) {
    throw failures[failure]();
  }
}

describe('error pages: the same design for pages, problem+json for the API', () => {
  let app: INestApplication;
  let dataDir: string;
  let origin: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cns-error-pages-'));
    const moduleRef = await Test.createTestingModule({
      imports: [AppModule.forRoot(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }))],
      controllers: [ProbePage],
    }).compile();
    app = configureApi(
      moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: false }),
    );
    await app.listen(0, '127.0.0.1');
    origin = await app.getUrl();
  });
  afterAll(async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function page(path: string, accept = '*/*') {
    const response = await fetch(`${origin}${path}`, { headers: { accept } });
    const text = await response.text();
    return { status: response.status, type: response.headers.get('content-type'), text };
  }
  const heading = (html: string) => /<h1[^>]*>([^<]*)<\/h1>/.exec(html)?.[1];

  it.each([
    ['not-allowed', 403, 'You cannot do this'],
    ['not-found', 404, 'Page not found'],
    ['crash', 500, 'Sorry, there is a problem with the service'],
  ])(
    'answers a page failing with %s as the %i page, whatever the client accepts',
    async (failure, status, title) => {
      const answer = await page(`/probe-page/${failure}`);
      expect([answer.status, answer.type, heading(answer.text)]).toEqual([
        status,
        'text/html; charset=utf-8',
        title,
      ]);
      expect(answer.text).not.toMatch(/secret internals/);
      expect(answer.text).toMatch(/govuk-frontend\.min\.css/);
    },
  );

  it('answers an unknown path with the 404 page to a browser, and with problem+json to a program or under /api/v1', async () => {
    const browser = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
    const unknownPage = await page('/no-such-page', browser);
    expect([unknownPage.status, heading(unknownPage.text)]).toEqual([404, 'Page not found']);
    expect(await page('/no-such-page')).toMatchObject({
      status: 404,
      type: 'application/problem+json; charset=utf-8',
    });
    expect(await page('/api/v1/no-such-route', browser)).toMatchObject({
      status: 404,
      type: 'application/problem+json; charset=utf-8',
    });
  });
});
