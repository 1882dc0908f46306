export * from './common.dto.js';
export * from './registry/index.js';
export * from './nomination/index.js';
