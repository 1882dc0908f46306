export * from './innovations/innovation-view.entity.js';
export * from './innovations/innovation-view.migration.js';
export * from './innovations/innovation-projection.service.js';
export * from './innovations/innovation-events.handler.js';
export * from './innovations/innovation-read-model.module.js';
