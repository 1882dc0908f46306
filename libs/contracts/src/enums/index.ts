export * from './innovation.enums.js';
export * from './role.enums.js';
