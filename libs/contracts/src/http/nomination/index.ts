export * from './edition.dto.js';
export * from './entry.dto.js';
export * from './tracking.dto.js';
export * from './edition-changes.dto.js';
export * from './panels.dto.js';
