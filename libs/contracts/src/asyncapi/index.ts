export * from './asyncapi.js';
export * from './json-schema.js';
