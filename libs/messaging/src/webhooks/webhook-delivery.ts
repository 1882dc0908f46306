import { UnrecoverableError } from 'bullmq';
import { Webhook } from 'standardwebhooks';
import type { EventEnvelope } from '@lumbung/contracts';
import type { SubscriberRecord } from '../subscriptions/subscriber.js';

/** Receivers' logs and firewalls tell our deliveries apart by it; the number changes only with the format. */
export const WEBHOOK_USER_AGENT = 'Lumbung-Webhooks/1';

/** How much of a refusing receiver's answer a dead letter keeps: enough for "invalid signature", never a whole page. */
const ANSWER_EXCERPT_BYTES = 300;

export interface WebhookDeliveryOptions {
  /** WEBHOOK_ALLOW_HTTP: a plain-http url is refused unless set. */
  allowHttp: boolean;
  /** WEBHOOK_TIMEOUT_MS: the whole exchange, the receiver's answer included. */
  timeoutMs: number;
  now?: Date;
}

export interface SignedWebhook {
  body: string;
  headers: Record<string, string>;
}

/**
 * The request for one event, as Standard Webhooks specifies it. webhook-id is the event id, so it
 * stays the same on every retry and replay and a receiver can drop the repeats; the timestamp is the
 * moment of this attempt, so a receiver can refuse an old request replayed by someone who captured it.
 */
export function signWebhook(envelope: Pick<EventEnvelope, 'id'>, secret: string, now: Date): SignedWebhook {
  const body = JSON.stringify(envelope);
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'user-agent': WEBHOOK_USER_AGENT,
      'webhook-id': envelope.id,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': new Webhook(secret).sign(envelope.id, now, body),
    },
  };
}

/**
 * POSTs one event to a webhook subscriber and resolves with the status once the receiver answered
 * 2xx. Anything else throws, so BullMQ retries it with the webhook queue's backoff; the throws that
 * no retry can cure are UnrecoverableError and go straight to the dead letters:
 * - a url the record may not use (plain http without WEBHOOK_ALLOW_HTTP) or a missing secret;
 * - 410 Gone: the receiver says the endpoint no longer exists, which stays true until an operator
 *   changes the url (then replays the dead letters). Other 4xx are retried, as the webhook providers
 *   do: a receiver answering 401 during a secret rotation or 404 during a deploy comes back by itself.
 * Redirects are not followed and count as a failure: the signature vouches for a delivery to the
 * configured url, and following a redirect would hand the signed event to wherever the receiver (or
 * whoever took over its host) points, unseen by the operator who configured it.
 */
export async function deliverWebhook(subscriber: Pick<SubscriberRecord, 'url' | 'secret'>, envelope: Pick<EventEnvelope, 'id'>, options: WebhookDeliveryOptions): Promise<number> {
  const url = allowedUrl(subscriber.url, options.allowHttp);
  if (typeof envelope?.id !== 'string') throw new UnrecoverableError('the job holds no event envelope (no id), so there is nothing to sign');
  let request: SignedWebhook;
  try {
    request = signWebhook(envelope, subscriber.secret ?? '', options.now ?? new Date());
  } catch (err) {
    throw new UnrecoverableError(`the subscriber's signing secret is unusable (${(err as Error).message}); set a whsec_ secret and replay`);
  }
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', headers: request.headers, body: request.body, redirect: 'manual', signal: AbortSignal.timeout(options.timeoutMs) });
  } catch (err) {
    throw new Error(unreachable(err as Error, options.timeoutMs));
  }
  if (response.status >= 200 && response.status < 300) {
    await response.body?.cancel(); // frees the connection; what a receiver says after 2xx is not ours to read
    return response.status;
  }
  const excerpt = await excerptOf(response);
  const answer = `the receiver answered ${response.status}${excerpt ? `: ${excerpt}` : ''}`;
  if (response.status === 410) throw new UnrecoverableError(`${answer} (410 Gone: the endpoint no longer exists; not retried)`);
  if (response.status >= 300 && response.status < 400) {
    throw new Error(`${answer}, a redirect to ${response.headers.get('location') ?? 'nowhere named'}: not followed, since the signature is for the configured url; change the subscriber's url instead`);
  }
  throw new Error(answer);
}

function allowedUrl(value: string | null, allowHttp: boolean): URL {
  let url: URL;
  try {
    url = new URL(value ?? '');
  } catch {
    throw new UnrecoverableError(`the subscriber's url ${JSON.stringify(value)} is not a url`);
  }
  if (url.protocol === 'https:' || (url.protocol === 'http:' && allowHttp)) return url;
  throw new UnrecoverableError(`the subscriber's url is ${url.protocol} but webhooks go to https only (WEBHOOK_ALLOW_HTTP is off)`);
}

function unreachable(err: Error, timeoutMs: number): string {
  if (err.name === 'TimeoutError') return `no answer from the receiver within ${timeoutMs} ms`;
  const cause = (err as Error & { cause?: { code?: string; message?: string } }).cause;
  return `the receiver could not be reached: ${cause?.code ?? cause?.message ?? err.message}`;
}

/** The start of a refusing receiver's answer, on one line; reading stops there, however much it sends. */
async function excerptOf(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < ANSWER_EXCERPT_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
    }
  } catch {
    // A receiver that breaks off its answer has still refused; its status says enough.
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).subarray(0, ANSWER_EXCERPT_BYTES).toString('utf8').replace(/\s+/g, ' ').trim();
}
