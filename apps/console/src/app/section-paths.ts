import type { Section } from './permissions.js';

/** The console's addresses, in the users' words. */
export const SECTION_PATHS: Record<Section, string> = {
  home: '/',
  catalogue: '/katalog',
  replication: '/replikasi',
  competitions: '/kompetisi',
  tracking: '/pelacakan',
  compliance: '/kepatuhan',
  accounts: '/akun',
  operations: '/operasi',
};
