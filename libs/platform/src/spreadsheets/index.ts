export * from './spreadsheet-template.js';
export * from './spreadsheet-reader.js';
export * from './spreadsheet-writer.js';
export * from './spreadsheet-import.js';
export * from './sheet-export.js';
