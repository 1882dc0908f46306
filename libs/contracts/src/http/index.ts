export * from './common.dto.js';
export * from './error-codes.js';
export * from './registry/index.js';
export * from './replication/index.js';
export * from './nomination/index.js';
export * from './exports.dto.js';
