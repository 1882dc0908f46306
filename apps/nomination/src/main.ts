import 'reflect-metadata';
import { runServiceMain } from '@lumbung/messaging';
import { NOMINATION_SERVICE } from './nomination.app.js';

await runServiceMain(NOMINATION_SERVICE);
