export * from './replication-commands.dto.js';
export * from './replication-queries.dto.js';
export * from './replication-views.dto.js';
