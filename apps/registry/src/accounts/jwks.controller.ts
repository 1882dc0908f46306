import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public, ServiceEnv } from '@lumbung/platform';

/** The public keys access tokens are signed with, for every service (and anyone) to verify them. */
@ApiTags('accounts')
@Controller('.well-known')
export class JwksController {
  constructor(@Inject(ServiceEnv) private readonly env: ServiceEnv) {}

  @Get('jwks.json')
  @Public()
  @ApiOperation({ summary: 'The JSON Web Key Set of the access tokens (RFC 7517)' })
  @ApiOkResponse({ description: '{ keys: [...] }' })
  jwks(@Res({ passthrough: true }) reply: FastifyReply): { keys: object[] } {
    // Short enough that a newly rotated-in key is seen soon; verifiers also refetch on an unknown kid.
    void reply.header('cache-control', 'public, max-age=300');
    return { keys: this.env.ownSigningKeys().map((k) => k.publicJwk) };
  }
}
