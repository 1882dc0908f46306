import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';

const CONSTANT = { id: '00000000-0000-4000-8000-000000000000', name: 'SI CENTING: Sistem Informasi Cegah Stunting', regionCode: '33.19' };

/** What GET /document answers; the runner sets it to the very answer of the endpoint it compares. */
let servedDocument: unknown = CONSTANT;

/** The bare app's /document answers `document` from then on, as a constant object serialized on every request. */
export function serveDocument(document: unknown): void {
  servedDocument = document;
}

@Controller()
class ConstantController {
  @Get('constant')
  constant() {
    return CONSTANT;
  }

  @Get('document')
  document() {
    return servedDocument;
  }
}

@Module({ controllers: [ConstantController] })
class BareModule {}

/** The ceiling for GET: Nest on Fastify with nothing in the way (no guard, pipe, database or logging). */
export async function createBareApp(): Promise<NestFastifyApplication> {
  return NestFactory.create<NestFastifyApplication>(BareModule, new FastifyAdapter(), { logger: false });
}
