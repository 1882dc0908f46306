export * from './test-infra.js';
export * from './eventually.js';
export * from './event-collector.js';
export * from './service-harness.js';
export * from './event-builders.js';
