import 'reflect-metadata';
import { runServiceMain } from '@lumbung/messaging';
import { REGISTRY_SERVICE } from './registry.app.js';

await runServiceMain(REGISTRY_SERVICE);
