import { Controller, Get, INestApplication, Param } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { StoreUnavailableError, WrongExpectedVersionError } from '@app/event-store';
import { ProblemDetailsFilter } from './problem-details.filter';

const failures: Record<string, () => Error> = {
  'store-away': () =>
    new StoreUnavailableError(new Error('14 UNAVAILABLE: connect ECONNREFUSED 10.0.0.2:2113')),
  race: () => new WrongExpectedVersionError('practice-1', 3n, 4n),
};

/** A route that fails as one that reached the event store can, to check the filter's answer over real HTTP. */
@Controller('probe')
class ProbeController {
  @Get(':failure')
  fail(@Param('failure') failure: string) {
    throw failures[failure]();
  }
}

describe('ProblemDetailsFilter', () => {
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ controllers: [ProbeController] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.useGlobalFilters(new ProblemDetailsFilter());
    await app.listen(0, '127.0.0.1');
    base = `${await app.getUrl()}/probe`;
  });
  afterAll(async () => {
    await app.close();
  });

  it('answers while the event store is unavailable with 503 and a Retry-After of a few seconds', async () => {
    const response = await fetch(`${base}/store-away`);

    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const retryAfter = Number(response.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 30).toBe(true);
    const body = await response.json();
    expect(body).toEqual({
      type: '/problems/store-unavailable',
      title: 'Service unavailable',
      status: 503,
      detail: expect.stringMatching(/Retry-After/),
    });
    expect(JSON.stringify(body)).not.toMatch(/10\.0\.0\.2|ECONNREFUSED/);
  });

  it('leaves Retry-After off the other answers', async () => {
    const response = await fetch(`${base}/race`);

    expect(response.status).toBe(409);
    expect(response.headers.get('retry-after')).toBeNull();
    expect(await response.json()).toMatchObject({ type: '/problems/concurrent-change', status: 409 });
  });
});
