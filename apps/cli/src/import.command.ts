import { Command, CommandRunner, Option } from 'nest-commander';
import { IMPORT_KINDS, runImportCommand } from './import-command.js';

@Command({
  name: 'import',
  arguments: '<kind> <file>',
  description: `Import a CSV or XLSX file: ${IMPORT_KINDS.join(' | ')}. Bad rows are listed in FILE.laporan.csv/.xlsx beside it.`,
})
export class ImportCommand extends CommandRunner {
  async run([kind, file]: string[], options: { dryRun?: boolean }): Promise<void> {
    process.exitCode = await runImportCommand(kind, file, options, { out: process.stdout, err: process.stderr, env: process.env });
  }

  @Option({ flags: '--dry-run', description: 'Check every row against the same rules, store nothing' })
  parseDryRun(): boolean {
    return true;
  }
}
