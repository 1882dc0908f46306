export * from './event-envelope.js';
export * from './innovation-snapshot.js';
export * from './innovation.events.js';
export * from './agency.events.js';
export * from './replication.events.js';
export * from './competition.events.js';
export * from './nomination.events.js';
export * from './event-catalog.js';
