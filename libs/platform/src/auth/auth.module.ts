import { Global, Module } from '@nestjs/common';
import { ServiceEnv } from '../config/service-env.js';
import { TokenVerifier } from './token-verifier.js';

/** Token verification. The AuthGuard itself is registered by SecurityModule, between the rate limits. */
@Global()
@Module({
  providers: [
    {
      provide: TokenVerifier,
      inject: [ServiceEnv],
      useFactory: (env: ServiceEnv) =>
        new TokenVerifier({
          production: env.NODE_ENV === 'production',
          localKeys: env.ownSigningKeys().map((k) => k.publicJwk),
          jwksUrl: env.ACCOUNTS_JWKS_URL,
          jwksCooldownMs: env.ACCOUNTS_JWKS_COOLDOWN_MS,
          maxLifetimeSeconds: ACCESS_TOKEN_MAX_SECONDS,
        }),
    },
  ],
  exports: [TokenVerifier],
})
export class AuthModule {}

/** The bound, and OWASP's advice for bearer tokens that cannot be recalled: 15 minutes at most. */
export const ACCESS_TOKEN_MAX_SECONDS = 15 * 60;
