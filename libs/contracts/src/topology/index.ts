export * from './queues.js';
export * from './subscriptions.js';
