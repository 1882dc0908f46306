import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Role } from '@lumbung/contracts';
import type { CommandContext, Principal } from './principal.js';

export const IS_PUBLIC = 'lumbung:public';
export const ROLES_KEY = 'lumbung:roles';

/** Reachable without a token (health, metrics, docs). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Only these roles may call the route (403 for the others); scope is checked by the service. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export interface AuthenticatedRequest {
  id: string;
  principal?: Principal;
}

/** The caller and the request's correlation id, for services that write and emit events. */
export const Actor = createParamDecorator((_: unknown, ctx: ExecutionContext): CommandContext => {
  const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!req.principal) throw new Error('@Actor() used on a public route');
  return { actor: req.principal, correlationId: String(req.id) };
});
