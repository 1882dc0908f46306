import { Module } from '@nestjs/common';
import { ImportCommand } from './import.command.js';

/** The commands only; each boots the service it works in (service-context.ts) when it runs. */
@Module({ providers: [ImportCommand] })
export class CliModule {}
