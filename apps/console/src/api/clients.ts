import createClient, { type Middleware } from 'openapi-fetch';
import { sessionStore, tokenRefused } from '../accounts/session.store.js';
import type { paths as NominationPaths } from './nomination.js';
import type { paths as RegistryPaths } from './registry.js';
import type { paths as ReplicationPaths } from './replication.js';

/** Every call carries the in-memory access token; a refused token sends the session to refresh. */
const bearer: Middleware = {
  onRequest({ request }) {
    const token = sessionStore.accessToken();
    if (token) request.headers.set('authorization', `Bearer ${token}`);
    return request;
  },
  onResponse({ response }) {
    if (response.status === 401) tokenRefused();
    return response;
  },
};

// The console talks to the services on its own origin; the front door (or `vite dev`) routes /api/*.
const origin = typeof location === 'undefined' ? 'http://localhost' : location.origin;

export const registry = createClient<RegistryPaths>({ baseUrl: `${origin}/api/registry` });
export const replication = createClient<ReplicationPaths>({ baseUrl: `${origin}/api/replication` });
export const nomination = createClient<NominationPaths>({ baseUrl: `${origin}/api/nomination` });
/** The accounts API (in the registry, routed at /api/accounts) for a signed-in user: me, password, managed accounts. */
export const accountsAdmin = createClient<RegistryPaths>({ baseUrl: `${origin}/api` });
for (const client of [registry, replication, nomination, accountsAdmin]) client.use(bearer);
/** The public catalogue, without a token even when signed in: its answers are the same for everyone and cacheable. */
export const publicRegistry = createClient<RegistryPaths>({ baseUrl: `${origin}/api/registry` });
