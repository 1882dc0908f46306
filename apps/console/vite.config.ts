import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

/** Where `vite dev` finds the services; the front door (:3000) serves the same paths in production. */
const SERVICES = {
  registry: process.env.REGISTRY_URL ?? 'http://127.0.0.1:3001',
  replication: process.env.REPLICATION_URL ?? 'http://127.0.0.1:3002',
  nomination: process.env.NOMINATION_URL ?? 'http://127.0.0.1:3003',
};

const strip = (prefix: string, to = '') => (path: string) => to + path.slice(prefix.length);

export default defineConfig({
  root,
  // JSX through Vite's own transform (no React plugin: its Babel peer chain does not resolve with
  // this tree, and a production build needs no Fast Refresh).
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The manifest lets scripts/check-bundle.mjs tell the initial JavaScript from the lazy pages.
    manifest: true,
    // Vite's warning is about any one chunk; ECharts (about 1 MB minified) is a lazy chunk of the tracking
    // page only. What people wait for is the initial JavaScript, which check-bundle.mjs holds to 300 KB.
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      onwarn(warning, warn) {
        // Mantine marks its modules "use client" for React Server Components; a browser bundle has no such boundary.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: {
    host: '127.0.0.1',
    proxy: {
      '/api/accounts': { target: SERVICES.registry, rewrite: strip('/api/accounts', '/accounts') },
      '/api/registry': { target: SERVICES.registry, rewrite: strip('/api/registry') },
      '/api/replication': { target: SERVICES.replication, rewrite: strip('/api/replication') },
      '/api/nomination': { target: SERVICES.nomination, rewrite: strip('/api/nomination') },
    },
  },
  test: {
    root,
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    environment: 'node',
  },
});
