import { BadRequestException, ConflictException, HttpException, NotFoundException, ServiceUnavailableException, type ArgumentsHost } from '@nestjs/common';
import { ProblemDetailsFilter, problemOf } from './problem-details.filter.js';
import { FieldValidationException, invalidField } from './validation.js';

/** An HTTP adapter that only records what was answered; `answered` settles when one is sent. */
function harness(url = '/innovations?q=kudus') {
  let settle!: () => void;
  const answered = new Promise<void>((resolve) => (settle = resolve));
  const answer: { status?: number; headers: Record<string, string>; body?: Record<string, any> } = { headers: {} };
  const adapter = {
    reply: (_res: unknown, body: Record<string, any>, status: number) => {
      answer.status = status;
      answer.body = body;
      settle();
    },
    setHeader: (_res: unknown, name: string, value: string) => {
      answer.headers[name] = value;
    },
    isHeadersSent: () => false,
    end: () => undefined,
  };
  const reply = {};
  const host = { getType: () => 'http', switchToHttp: () => ({ getResponse: () => reply, getRequest: () => ({ url }) }), getArgByIndex: () => reply } as unknown as ArgumentsHost;
  return { answer, host, answered, filter: new ProblemDetailsFilter(adapter as never, async () => true) };
}

async function answerTo(exception: unknown, url?: string) {
  const { answer, host, answered, filter } = harness(url);
  filter.catch(exception, host);
  await answered;
  return answer;
}

describe('problem details for every error answer', () => {
  it('turns a Nest exception into an RFC 9457 document, keeping the old members', async () => {
    const answer = await answerTo(new NotFoundException('No innovation 42'), '/innovations/42?x=1');
    expect(answer.status).toBe(404);
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(answer.body).toEqual({
      type: 'https://lumbung.id/problems/not-found',
      title: 'Not Found',
      status: 404,
      detail: 'No innovation 42',
      instance: '/innovations/42',
      code: 'not-found',
      statusCode: 404,
      error: 'Not Found',
      message: 'No innovation 42',
    });
  });

  it('keeps a code the exception carries (AccountError, a domain rule) and its other members', async () => {
    const answer = await answerTo(new HttpException({ statusCode: 401, code: 'auth.invalid-credentials', message: 'The e-mail or the password is wrong', field: 'password' }, 401));
    expect(answer.body).toMatchObject({ code: 'auth.invalid-credentials', type: 'https://lumbung.id/problems/auth.invalid-credentials', title: 'Unauthorized', field: 'password' });
    const stale = await answerTo(new ConflictException({ code: 'version.stale', message: 'Agency a is at version 3, not 2' }));
    expect(stale.body).toMatchObject({ status: 409, statusCode: 409, error: 'Conflict', code: 'version.stale', detail: 'Agency a is at version 3, not 2' });
  });

  it('answers validation.failed with a code on every field, field.invalid where a check named none', async () => {
    const answer = await answerTo(new FieldValidationException([{ field: 'name', messages: ['too long'], code: 'field.max-length', max: 200 }, { field: 'schedule', messages: ['overlaps'] }]));
    expect(answer.body).toMatchObject({
      status: 400,
      code: 'validation.failed',
      message: 'Validation failed',
      errors: [
        { field: 'name', messages: ['too long'], code: 'field.max-length', max: 200 },
        { field: 'schedule', messages: ['overlaps'], code: 'field.invalid' },
      ],
    });
    expect((await answerTo(invalidField('adopterRegionCode', 'own region', 'replication.own-region'))).body?.errors).toEqual([
      { field: 'adopterRegionCode', messages: ['own region'], code: 'replication.own-region' },
    ]);
  });

  it.each([
    [401, 'auth.unauthenticated'],
    [403, 'auth.forbidden'],
    [409, 'conflict'],
    [412, 'version.mismatch'],
    [413, 'request.too-large'],
    [428, 'version.required'],
    [429, 'rate-limited'],
    [500, 'internal'],
    [503, 'service.unavailable'],
  ])('defaults a %i without a code to %s', async (status, code) => {
    expect((await answerTo(new HttpException('nope', status))).body).toMatchObject({ status, statusCode: status, code, detail: 'nope' });
  });

  it('answers a plain 400 without fields request.invalid', async () => {
    expect((await answerTo(new BadRequestException('round must be proposal or final'))).body).toMatchObject({ code: 'request.invalid' });
  });

  it("keeps the database mapping: an outage is a 503 service.unavailable with Retry-After, a race a 409 conflict", async () => {
    const outage = await answerTo(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }));
    expect(outage).toMatchObject({ status: 503, headers: { 'retry-after': '5' }, body: { code: 'service.unavailable', statusCode: 503 } });
    expect(outage.headers['content-type']).toMatch(/^application\/problem\+json/);
    const race = await answerTo(Object.assign(new Error('duplicate key'), { code: '23505' }));
    expect(race).toMatchObject({ status: 409, body: { code: 'conflict' } });
  });

  it('answers an unexpected error 500 internal, without its message', async () => {
    expect((await answerTo(new TypeError('secret internals'))).body).toMatchObject({ status: 500, code: 'internal', detail: 'Internal server error' });
  });

  it('leaves a health report (Terminus) as it is: its status member is its own', async () => {
    const report = { status: 'error', info: {}, error: { database: { status: 'down' } }, details: {} };
    const answer = await answerTo(new ServiceUnavailableException(report));
    expect(answer.body).toEqual(report);
    expect(answer.headers['content-type']).toBeUndefined();
    expect(problemOf(503, report, '/health/ready')).toBeUndefined();
  });
});
