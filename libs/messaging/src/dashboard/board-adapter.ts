import type { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance, FastifyPluginCallback, FastifyReply, FastifyRequest } from 'fastify';
import { loginPage } from './login-page.js';
import { BOARD_COOKIE, BOARD_SESSION_SECONDS, type OperatorAccess } from './operator-access.js';

/** Where the dashboard is served; under /admin, so ROLE=worker processes serve it too. */
export const BOARD_ROUTE = '/admin/board';

/**
 * The dashboard's own Content-Security-Policy, set on everything under BOARD_ROUTE whatever the
 * app-wide one is: Bull Board's page styles itself inline (style attributes, a <style> block),
 * its scripts are files of its own. The Google Fonts it links are refused on purpose (an admin
 * page should not call out to a third party); the browser falls back to a local font.
 */
export const BOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "object-src 'none'",
].join('; ');

/** What the dashboard needs of an adapter: Bull Board's server adapter with a Fastify plugin to mount. */
export type BoardAdapter = Parameters<typeof import('@bull-board/api').createBullBoard>[0]['serverAdapter'] & {
  setBasePath(path: string): unknown;
  registerPlugin(): FastifyPluginCallback<{ prefix?: string }>;
};
type AdapterClass = new () => BoardAdapter;

/** Routes of the board's plugin reachable without a session (the sign-in page and its form). */
const PUBLIC = { boardPublic: true };
/** Kept out of the OpenAPI document, as Bull Board's own routes are (@nestjs/swagger reads `hide`). */
const HIDDEN = { hide: true } as Record<string, unknown>;

/**
 * Bull Board's Fastify adapter with operator access in front of every route it registers.
 * The hooks are added inside the adapter's own plugin, so they cover exactly its routes (page,
 * API, static assets) and nothing else of the app.
 */
export function guardedBoardAdapter(Base: typeof FastifyAdapter, access: OperatorAccess): AdapterClass {
  // The cast: @bull-board/fastify declares its types against a copy of @bull-board/api of its own
  // (one patch version apart), which TypeScript cannot match with ours; the shapes are the same.
  return class GuardedBoardAdapter extends Base {
    override registerPlugin() {
      const board = super.registerPlugin();
      return (fastify: FastifyInstance, opts: { prefix?: string }, done: (err?: Error) => void) => {
        const base = opts.prefix ?? BOARD_ROUTE;
        fastify.addHook('onSend', async (_request, reply) => {
          reply.header('content-security-policy', BOARD_CSP);
          reply.header('cache-control', 'no-store');
        });
        fastify.addHook('onRequest', async (request, reply) => {
          if ((request.routeOptions.config as unknown as Record<string, unknown>)?.boardPublic) return;
          const outcome = await access.checkRequest(request.headers);
          if (outcome.ok) return;
          // A browser asking for a page gets the sign-in form, still with the 401/403 status.
          if (request.method === 'GET' && wantsHtml(request)) {
            return reply.code(outcome.status).type('text/html; charset=utf-8').send(loginPage(base, messageOf(outcome.body)));
          }
          return reply.code(outcome.status).send(outcome.body);
        });
        registerSessionRoutes(fastify, base, access);
        board(fastify, opts, done);
      };
    }
  } as unknown as AdapterClass;
}

/**
 * GET /login shows the form; POST /login takes a token (form field `token`, or a bearer header),
 * checks it like any request and sets a session cookie of BOARD_SESSION_SECONDS; /logout ends it.
 */
function registerSessionRoutes(fastify: FastifyInstance, base: string, access: OperatorAccess): void {
  const page = (reply: FastifyReply, status: number, message?: string) => reply.code(status).type('text/html; charset=utf-8').send(loginPage(base, message));
  fastify.get('/login', { config: PUBLIC, schema: HIDDEN }, async (_request, reply) => page(reply, 200));
  fastify.post('/login', { config: PUBLIC, schema: HIDDEN }, async (request, reply) => {
    // Another site's form must not sign a browser in with a token of its choosing.
    if (!sameOrigin(request)) return page(reply, 403, 'The sign-in form must be sent from this dashboard');
    const token = tokenFromBody(request.body);
    const outcome = await access.check(token ? `Bearer ${token}` : request.headers.authorization);
    if (!outcome.ok) return page(reply, outcome.status, messageOf(outcome.body));
    const session = await access.sessionToken(outcome.principal);
    const secure = request.protocol === 'https' ? '; Secure' : '';
    reply.header('set-cookie', `${BOARD_COOKIE}=${session}; Path=${base}; Max-Age=${BOARD_SESSION_SECONDS}; HttpOnly; SameSite=Strict${secure}`);
    return reply.code(303).header('location', `${base}/`).send();
  });
  fastify.get('/logout', { config: PUBLIC, schema: HIDDEN }, async (_request, reply) => {
    reply.header('set-cookie', `${BOARD_COOKIE}=; Path=${base}; Max-Age=0; HttpOnly; SameSite=Strict`);
    return reply.code(303).header('location', `${base}/login`).send();
  });
}

function tokenFromBody(body: unknown): string | undefined {
  const token = typeof body === 'string' ? new URLSearchParams(body).get('token') : (body as Record<string, unknown> | undefined)?.token;
  return typeof token === 'string' && token.trim() ? token.trim() : undefined;
}

function sameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (!origin) return true; // not a browser form (curl), or a browser that sends no Origin on same-origin posts
  try {
    return new URL(origin).host === request.host;
  } catch {
    return false;
  }
}

const wantsHtml = (request: FastifyRequest) => (request.headers.accept ?? '').includes('text/html');

const messageOf = (body: unknown) => (typeof body === 'object' && body && 'message' in body ? String((body as { message: unknown }).message) : undefined);

/**
 * Loads Bull Board's Fastify adapter. Under Jest on Node < 24.9 it cannot load: @fastify/static
 * require()s the ES-module-only content-disposition 3, which Node itself does since 20.19 but
 * Jest's module runtime does not. There (and only there) the board is left out, as the Swagger UI
 * is, instead of failing every test that boots a service; the dashboard's own tests hand Jest the
 * module first. Anywhere else a failure to load is a broken install and stops the service.
 */
export async function loadBoardAdapter(access: OperatorAccess): Promise<AdapterClass | undefined> {
  try {
    const { FastifyAdapter: Base } = await import('@bull-board/fastify');
    return guardedBoardAdapter(Base, access);
  } catch (err) {
    if (process.env.JEST_WORKER_ID !== undefined && (err as NodeJS.ErrnoException).code === 'ERR_REQUIRE_ESM') return undefined;
    throw err;
  }
}
