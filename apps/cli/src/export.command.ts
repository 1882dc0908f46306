import { Command, CommandRunner, Option } from 'nest-commander';
import { EXPORT_KINDS, runExportCommand, type ExportOptions } from './export-command.js';

@Command({
  name: 'export',
  arguments: '<kind>',
  description: `Write a table to hand in as XLSX (default) or CSV: ${EXPORT_KINDS.join(' | ')}`,
})
export class ExportCommand extends CommandRunner {
  async run([kind]: string[], options: ExportOptions): Promise<void> {
    process.exitCode = await runExportCommand(kind, options, { out: process.stdout, err: process.stderr, env: process.env });
  }

  @Option({ flags: '--region <code>', description: 'compliance, catalogue: a regency/city or province code; tracking: only this regency' })
  parseRegion(value: string): string {
    return value;
  }

  @Option({ flags: '--province <code>', description: 'tracking: the province code (33)' })
  parseProvince(value: string): string {
    return value;
  }

  @Option({ flags: '--year <year>', description: 'compliance, catalogue, tracking: the year' })
  parseYear(value: string): string {
    return value;
  }

  @Option({ flags: '--edition <id>', description: 'results: the edition id' })
  parseEdition(value: string): string {
    return value;
  }

  @Option({ flags: '--format <format>', description: 'xlsx (default) or csv' })
  parseFormat(value: string): string {
    return value;
  }

  @Option({ flags: '--out <file>', description: 'Where to write it (default: its name in this folder)' })
  parseOut(value: string): string {
    return value;
  }
}
