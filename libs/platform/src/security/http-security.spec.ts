import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { applyHttpSecurity } from './http-security.js';

@Controller()
class PagesController {
  @Get('innovations') api() {
    return [];
  }
  @Get('docs') docs() {
    return 'swagger page';
  }
  @Get('admin/board/queues') board() {
    return 'board page';
  }
}

@Module({ controllers: [PagesController] })
class PagesModule {}

describe('security headers per route', () => {
  let app: NestFastifyApplication;
  let base: string;
  beforeAll(async () => {
    app = await NestFactory.create<NestFastifyApplication>(PagesModule, new FastifyAdapter(), { logger: false });
    await applyHttpSecurity(app, { CORS_ORIGINS: '' });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  });
  afterAll(() => app?.close());

  // Over a real socket: Fastify's inject() needs an ESM-only package Jest cannot load on Node 20.
  const csp = async (url: string) => (await fetch(base + url)).headers.get('content-security-policy');

  it("keeps the API's answers inert: default-src 'none'", async () => {
    expect(await csp('/innovations')).toMatch(/default-src 'none'/);
    expect(await csp('/no-such-route')).toMatch(/default-src 'none'/);
  });

  it('lets Swagger UI and the queue board run their inline scripts and styles, from their own origin only', async () => {
    for (const url of ['/docs', '/admin/board/queues']) {
      const policy = await csp(url);
      expect(policy).toMatch(/default-src 'self'/);
      expect(policy).toMatch(/script-src 'self' 'unsafe-inline'/);
      expect(policy).toMatch(/frame-ancestors 'none'/);
    }
  });

  it("sends JSON answers only the headers that mean something on JSON; the pages keep helmet's others", async () => {
    const HTML_ONLY = ['x-xss-protection', 'x-download-options', 'x-dns-prefetch-control', 'x-permitted-cross-domain-policies', 'origin-agent-cluster'];
    const api = (await fetch(base + '/innovations')).headers;
    expect(HTML_ONLY.map((name) => [name, api.get(name)])).toEqual(HTML_ONLY.map((name) => [name, null]));
    expect([api.get('x-content-type-options'), api.get('x-frame-options'), api.get('cross-origin-resource-policy')]).toEqual(['nosniff', 'DENY', 'same-origin']);
    const page = (await fetch(base + '/docs')).headers;
    expect(HTML_ONLY.filter((name) => page.get(name) === null)).toEqual([]);
  });
});
