import { Module } from '@nestjs/common';
import { ExportCommand } from './export.command.js';
import { ImportCommand } from './import.command.js';

/** The commands only; each boots the service it works in (service-context.ts) when it runs. */
@Module({ providers: [ImportCommand, ExportCommand] })
export class CliModule {}
