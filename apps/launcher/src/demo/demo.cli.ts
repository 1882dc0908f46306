import 'reflect-metadata';
import { bannerToken } from '../ready-banner.js';
import { DemoLoadError, loadDemo } from './demo.loader.js';

/**
 * `npm run demo` loads the demo data into the running system (npm start in another terminal).
 * REGISTRY_URL points elsewhere than http://127.0.0.1:3001; it signs with the development key, so the services must not run in production..
 */
const registryUrl = (process.env.REGISTRY_URL || `http://127.0.0.1:${process.env.REGISTRY_PORT || 3001}`).replace(/\/$/, '');

try {
  console.log(await loadDemo({ registryUrl, token: bannerToken(), log: console.log }));
} catch (err) {
  console.error(err instanceof DemoLoadError ? `demo: ${err.message}` : err);
  process.exit(1);
}
