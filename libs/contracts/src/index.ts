export * from './enums/index.js';
export * from './validation/index.js';
export * from './events/index.js';
export * from './topology/index.js';
export * from './http/index.js';
export * from './asyncapi/index.js';
