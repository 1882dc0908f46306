export * from './region-code.js';
export * from './date-order.js';
