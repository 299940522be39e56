import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Body, Controller, Get, INestApplication, Param, Post } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ArrayMaxSize, IsInt, IsString, MaxLength } from 'class-validator';
import { loadConfig } from '@app/config';
import { ConflictOfInterest, NotAllowed, NotFound, RuleBroken, WrongState } from '@app/domain';
import { EventStore, WrongExpectedVersionError } from '@app/event-store';
import { AppModule } from '../apps/api/src/app.module';
import { configureApi } from '../apps/api/src/api';
import { Public } from '../apps/api/src/identity/bearer-auth.guard';
import { answerOf, expectRefused } from './support/running-api';

class ProbeBody {
  @IsString() @MaxLength(10) name!: string;
  @IsInt() count!: number;
  @IsString({ each: true }) @ArrayMaxSize(3) tags!: string[];
}

const failures: Record<string, () => Error> = {
  'not-allowed': () => new NotAllowed('Only coordinators can do this'),
  'not-found': () => new NotFound('No such practice'),
  'wrong-state': () => new WrongState('Only approved material can be published'),
  'conflict-of-interest': () => new ConflictOfInterest('Own network'),
  'rule-broken': () => new RuleBroken('principles-adopted', 'Adopt the principles first'),
  race: () => new WrongExpectedVersionError('practice-1', 3n, 4n),
  crash: () => new Error('secret internals'),
};

/** A probe that fails in each of the ways a real route can, to check the one mapping. */
@Public()
// Registered on the test's root module, not among the API's modules that RouterModule mounts: the path says where.
@Controller('api/v1/probe')
class ProbeController {
  @Post()
  accept(@Body() body: ProbeBody) {
    return body;
  }

  @Get(':failure')
  fail(@Param('failure') failure: string) {
    throw failures[failure]();
  }
}

describe('problem+json errors', () => {
  let app: INestApplication;
  let dataDir: string;
  let base: string;
  let store: EventStore;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cns-problem-'));
    const moduleRef = await Test.createTestingModule({
      imports: [AppModule.forRoot(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }))],
      controllers: [ProbeController],
    }).compile();
    app = configureApi(
      moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: false }),
    );
    await app.listen(0, '127.0.0.1');
    base = `${await app.getUrl()}/api/v1/probe`;
    store = app.get(EventStore);
  });
  afterAll(async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const post = (body: string) =>
    fetch(base, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  /** A problem of this status and type, with a title and detail, and nothing written. */
  async function expectProblem(request: () => Promise<Response>, status: number, type: string) {
    const { body } = await expectRefused({ store }, async () => answerOf(await request()), status, type);
    expect(body).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) });
    return body as Record<string, unknown>;
  }

  it('accepts a valid body', async () => {
    const response = await post(JSON.stringify({ name: 'ok', count: 1, tags: [] }));
    expect(response.status).toBe(201);
  });

  it('names every field and rule that failed', async () => {
    const body = await expectProblem(
      () => post(JSON.stringify({ name: 'far too long a name', count: 'one', tags: ['a', 'b', 'c', 'd'] })),
      400,
      'validation',
    );
    expect(body.errors).toEqual(
      expect.arrayContaining([
        { field: 'name', rule: 'maxLength', message: expect.any(String) },
        { field: 'count', rule: 'isInt', message: expect.any(String) },
        { field: 'tags', rule: 'arrayMaxSize', message: expect.any(String) },
      ]),
    );
  });

  it('refuses unknown properties', async () => {
    const body = await expectProblem(
      () => post(JSON.stringify({ name: 'ok', count: 1, tags: [], admin: true })),
      400,
      'validation',
    );
    expect(body.errors).toEqual([
      { field: 'admin', rule: 'whitelistValidation', message: expect.stringMatching(/admin/) },
    ]);
  });

  it('refuses malformed JSON', async () => {
    const body = (await expectProblem(() => post('{"name": '), 400, 'malformed-json')) as { detail: string };
    expect(body.detail).toMatch(/JSON/);
  });

  it('refuses a body over the limit with 413', async () => {
    await expectProblem(() => post(JSON.stringify({ name: 'x'.repeat(300_000) })), 413, 'body-too-large');
  });

  it.each([
    ['not-allowed', 403, 'not-allowed'],
    ['not-found', 404, 'not-found'],
    ['wrong-state', 409, 'wrong-state'],
    ['race', 409, 'concurrent-change'],
    ['conflict-of-interest', 422, 'conflict-of-interest'],
    ['rule-broken', 422, 'principles-adopted'],
  ])('maps %s to %i', async (failure, status, type) => {
    await expectProblem(() => fetch(`${base}/${failure}`), status, type);
  });

  it('hides internals of unexpected errors behind a 500', async () => {
    const body = await expectProblem(() => fetch(`${base}/crash`), 500, 'internal');
    expect(JSON.stringify(body)).not.toMatch(/secret/);
  });

  it('answers unknown routes with a 404 problem', async () => {
    await expectProblem(() => fetch(`${base.replace('/probe', '/nothing-here')}`), 404, 'not-found');
  });
});
