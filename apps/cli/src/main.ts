import 'reflect-metadata';
import { CommandFactory } from 'nest-commander';
import { CliModule } from './cli.module.js';

/**
 * `npm run cli -- import agencies FILE`, `npm run cli -- export compliance …`: the operator's
 * command line, with the services' environment (DATABASE_URL, REDIS_URL).
 */
await CommandFactory.run(CliModule, {
  logger: ['error', 'warn'],
  errorHandler: (err) => {
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  },
});
