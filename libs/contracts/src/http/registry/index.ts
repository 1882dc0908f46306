export * from './innovation.dto.js';
export * from './agency.dto.js';
export * from './compliance.dto.js';
export * from './account.dto.js';
export * from './document.dto.js';
export * from './import.dto.js';
