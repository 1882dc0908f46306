import 'reflect-metadata';
import { runServiceMain } from '@lumbung/messaging';
import { REPLICATION_SERVICE } from './replication.app.js';

await runServiceMain(REPLICATION_SERVICE);
