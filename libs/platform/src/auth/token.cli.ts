/**
 * `npm run token -- --role region-admin --region 33.19` prints a development token.
 * Signs with the development key, which every service accepts outside production and refuses in it.
 */
import { parseArgs } from 'node:util';
import { ROLES, type Role } from '@lumbung/contracts';
import { signToken } from './dev-token.js';
import { principalFromClaims } from './token-claims.js';

const { values } = parseArgs({
  options: {
    role: { type: 'string' },
    region: { type: 'string' },
    province: { type: 'string' },
    agency: { type: 'string' },
    editions: { type: 'string' },
    sub: { type: 'string' },
    ttl: { type: 'string', default: '43200' },
  },
});

const role = values.role as Role | undefined;
if (!role || !ROLES.includes(role)) {
  console.error(`usage: npm run token -- --role <${ROLES.join('|')}> [--region 33.19] [--province 33] [--agency <uuid>] [--editions a,b] [--sub name] [--ttl seconds]`);
  process.exit(2);
}
const claims = {
  sub: values.sub ?? `dev-${role}`,
  role,
  region: values.region,
  province: values.province,
  agency: values.agency,
  editions: values.editions?.split(','),
};
const principal = principalFromClaims(claims);
if (typeof principal === 'string') {
  console.error(principal);
  process.exit(2);
}
if (process.env.NODE_ENV === 'production') {
  console.error('npm run token signs with the development key, which production refuses: sign in instead');
  process.exit(2);
}
console.log(signToken(principal, Number(values.ttl)));
