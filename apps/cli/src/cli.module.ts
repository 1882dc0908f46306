import { Module } from '@nestjs/common';
import { ExportCommand } from './export.command.js';
import { ImportCommand } from './import.command.js';
import { SubscribersCommand } from './subscribers.command.js';

/** The commands only; each boots the service it works in (service-context.ts) when it runs; `subscribers` needs only Redis. */
@Module({ providers: [ImportCommand, ExportCommand, SubscribersCommand] })
export class CliModule {}
