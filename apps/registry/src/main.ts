import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { InvalidEnvironmentError, migrateSchema } from '@lumbung/platform';
import { REGISTRY_DATABASE } from './database/registry.database.js';
import { createRegistryApp } from './registry.app.js';

try {
  const { app, env } = await createRegistryApp();
  if (process.argv.includes('migrate')) {
    // One-shot migration step (Compose, Kubernetes Job): migrate and exit.
    const applied = await migrateSchema(app.get(DataSource), REGISTRY_DATABASE.schema);
    console.log(`registry: ${applied.length} migration(s) applied`);
    await app.close();
  } else {
    await app.listen({ port: env.PORT, host: '0.0.0.0' });
  }
} catch (err) {
  if (err instanceof InvalidEnvironmentError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}
