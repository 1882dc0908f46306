import { createHash } from 'node:crypto';
import { Controller, Get, Headers, Inject, Param, ParseUUIDPipe, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBadRequestResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ErrorResponse, ListInnovationsQuery, PublicInnovationDetail, PublicInnovationPage, PublicRegion } from '@lumbung/contracts';
import { invalidField, Public, ServiceEnv } from '@lumbung/platform';
import type { RegistryEnv } from '../registry.env.js';
import { PublicAddressRateLimitGuard } from './public-address-rate-limit.guard.js';
import { PublicCatalogueService } from './public-catalogue.service.js';

type Reply = Pick<FastifyReply, 'header' | 'status'>;

const CACHE_HEADERS = {
  ETag: { description: 'A hash of the answer: send it back in If-None-Match to get 304 when nothing changed', schema: { type: 'string' } },
  'Cache-Control': { description: 'public, max-age=PUBLIC_MAX_AGE_SECONDS', schema: { type: 'string' } },
};

/**
 * What anyone may read without signing in, for citizens and other regions (issue 17). Answers are
 * cacheable by browsers and shared caches: an ETag of the answer's bytes (not the record's
 * version, since a list has none), and Cache-Control public with a short max-age.
 */
@ApiTags('public')
@Public()
@UseGuards(PublicAddressRateLimitGuard)
@ApiHeader({ name: 'if-none-match', required: false, description: 'The ETag of an answer you hold' })
@ApiResponse({ status: 304, description: 'Not modified: the answer is still the one of the ETag sent in If-None-Match' })
@ApiResponse({ status: 429, description: 'Too many catalogue reads from this address; see Retry-After', type: ErrorResponse })
@ApiResponse({ status: 503, description: 'The catalogue is busy; see Retry-After', type: ErrorResponse })
@Controller('public')
export class PublicCatalogueController {
  private readonly cacheControl: string;

  constructor(
    private readonly catalogue: PublicCatalogueService,
    @Inject(ServiceEnv) env: ServiceEnv,
  ) {
    this.cacheControl = `public, max-age=${(env as RegistryEnv).PUBLIC_MAX_AGE_SECONDS}`;
  }

  @Get('innovations')
  @ApiOperation({ summary: 'The public catalogue: the same filters and search as GET /innovations, without a token' })
  @ApiOkResponse({ type: PublicInnovationPage, headers: CACHE_HEADERS })
  @ApiBadRequestResponse({ description: 'A filter is invalid: errors[].field names it', type: ErrorResponse })
  async list(@Query() query: ListInnovationsQuery, @Headers('if-none-match') ifNoneMatch: string | undefined, @Res({ passthrough: true }) reply: Reply): Promise<string> {
    return this.cached(reply, ifNoneMatch, await this.catalogue.list(query));
  }

  @Get('innovations/:id')
  @ApiOperation({ summary: 'One innovation of the public catalogue, with its origin and its replications' })
  @ApiOkResponse({ type: PublicInnovationDetail, headers: CACHE_HEADERS })
  @ApiBadRequestResponse({ description: 'id is not a UUID', type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  async get(
    @Param('id', new ParseUUIDPipe({ exceptionFactory: () => invalidField('id', 'id must be a UUID') })) id: string,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res({ passthrough: true }) reply: Reply,
  ): Promise<string> {
    return this.cached(reply, ifNoneMatch, await this.catalogue.get(id));
  }

  @Get('regions/:code')
  @ApiOperation({ summary: 'A region by its Kemendagri code, with the names of its active agencies (OPD)' })
  @ApiOkResponse({ type: PublicRegion, headers: CACHE_HEADERS })
  @ApiNotFoundResponse({ description: 'No region with that code', type: ErrorResponse })
  async region(@Param('code') code: string, @Headers('if-none-match') ifNoneMatch: string | undefined, @Res({ passthrough: true }) reply: Reply): Promise<string> {
    return this.cached(reply, ifNoneMatch, await this.catalogue.region(code));
  }

  /** Sends the answer as JSON text with its ETag, or 304 and no body when the client already holds it. */
  private cached(reply: Reply, ifNoneMatch: string | undefined, answer: unknown): string {
    const body = JSON.stringify(answer);
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    reply.header('etag', etag);
    reply.header('cache-control', this.cacheControl);
    reply.header('content-type', 'application/json; charset=utf-8');
    const held = (ifNoneMatch ?? '').split(',').map((t) => t.trim().replace(/^W\//, ''));
    if (held.includes(etag) || held.includes('*')) {
      reply.status(304);
      return '';
    }
    return body;
  }
}
