import { createHmac, randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { signWebhook, WEBHOOK_USER_AGENT } from './webhook-delivery.js';

describe('signWebhook', () => {
  const secret = `whsec_${randomBytes(24).toString('base64')}`;
  const envelope = { id: '5b0e6a8e-4f6e-4d51-9a57-0c3f7e1b2a90', type: 'innovation.registered', payload: { innovation: { name: 'Jos Pakk' } } };
  const now = new Date();
  const signed = signWebhook(envelope, secret, now);

  it('sends the envelope as JSON with the Standard Webhooks headers, webhook-id being the event id', () => {
    expect(JSON.parse(signed.body)).toEqual(envelope);
    expect(signed.headers).toEqual({
      'content-type': 'application/json',
      'user-agent': WEBHOOK_USER_AGENT,
      'webhook-id': envelope.id,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': expect.stringMatching(/^v1,[A-Za-z0-9+/]{43}=$/),
    });
  });

  it('verifies with the standardwebhooks library, as a receiver in Node does', () => {
    expect(new Webhook(secret).verify(signed.body, signed.headers)).toEqual(envelope);
  });

  it('is the HMAC-SHA256 of "id.timestamp.body" under the base64-decoded secret, as docs/webhooks.md tells receivers in other languages', () => {
    const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
    const expected = createHmac('sha256', key).update(`${signed.headers['webhook-id']}.${signed.headers['webhook-timestamp']}.${signed.body}`).digest('base64');
    expect(signed.headers['webhook-signature']).toBe(`v1,${expected}`);
  });

  it('fails verification when the body was changed on the way', () => {
    const tampered = signed.body.replace('Jos Pakk', 'Jos Palsu');
    expect(tampered).not.toBe(signed.body);
    expect(() => new Webhook(secret).verify(tampered, signed.headers)).toThrow('No matching signature found');
  });

  it('fails verification under another secret, and when the id or the timestamp was changed', () => {
    expect(() => new Webhook(`whsec_${randomBytes(24).toString('base64')}`).verify(signed.body, signed.headers)).toThrow('No matching signature found');
    expect(() => new Webhook(secret).verify(signed.body, { ...signed.headers, 'webhook-id': 'another-event' })).toThrow('No matching signature found');
    const later = String(Number(signed.headers['webhook-timestamp']) + 1);
    expect(() => new Webhook(secret).verify(signed.body, { ...signed.headers, 'webhook-timestamp': later })).toThrow('No matching signature found');
  });

  it('is refused by a receiver once older than the five minutes of tolerance, so a captured request cannot be replayed later', () => {
    const old = signWebhook(envelope, secret, new Date(Date.now() - 6 * 60_000));
    expect(() => new Webhook(secret).verify(old.body, old.headers)).toThrow('Message timestamp too old');
  });
});
