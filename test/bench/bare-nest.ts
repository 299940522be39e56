/**
 * The floor for `npm run bench:http`: a bare NestJS 11 app with one controller, no middleware, guards or
 * interceptors, answering `GET /api/v1/themes` with the same list as the API and `POST /api/v1/practices` (its JSON
 * body parsed) with a fixed answer. `PLATFORM` is `express` (the API's platform) or `fastify`; `PORT` where it listens.
 * Run as its own process: `node --import tsx test/bench/bare-nest.ts`.
 */
import 'reflect-metadata';
import { Body, Controller, Get, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { THEMES } from '@app/reference-data/themes';

const ANSWER = { practiceId: '00000000-0000-4000-8000-000000000000', version: 1, position: 1 };

@Controller('api/v1')
class BareController {
  @Get('themes')
  themes() {
    return THEMES;
  }

  @Post('practices')
  @HttpCode(201)
  submit(@Body() _body: unknown) {
    return ANSWER;
  }
}

@Module({ controllers: [BareController] })
class BareModule {}

async function main() {
  const app =
    process.env.PLATFORM === 'fastify'
      ? await NestFactory.create(BareModule, new FastifyAdapter(), { logger: false })
      : await NestFactory.create(BareModule, { logger: false });
  await app.listen(Number(process.env.PORT), '127.0.0.1');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
