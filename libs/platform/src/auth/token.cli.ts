/**
 * `npm run token -- --role region-admin --region 33.19` prints a development token.
 * Signs with the development key, which every service accepts outside production and refuses in it.
 */
import { parseArgs } from 'node:util';
import { getProvinces, getRegencies } from 'idn-area-data';
import { ROLES, type Role } from '@lumbung/contracts';
import { signToken } from './dev-token.js';
import { principalFromClaims } from './token-claims.js';

const USAGE = `usage: npm run -s token -- --role <role> [scope] [--sub name] [--ttl seconds]

Prints a development token for the role, signed with the development key (refused in production).

  --role      ${ROLES.join(', ')}
  --region    regency/city code, for region-admin and agency-staff (33.19 Kudus, 33.21 Demak)
  --province  province code, for province-admin (33 Central Java)
  --agency    agency id, for agency-staff; checked against the running registry (REGISTRY_URL,
              default http://127.0.0.1:3001): it must exist in --region
  --editions  comma-separated edition ids, for juror
  --sub       the subject; by default one per role and scope (dev-region-admin-33.19), so
              histories tell Kudus from Demak
  --ttl       lifetime in seconds (default 43200, 12 hours; at most 86400)
  --help      this text`;

function refuse(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

let parsed: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    options: {
      role: { type: 'string' },
      region: { type: 'string' },
      province: { type: 'string' },
      agency: { type: 'string' },
      editions: { type: 'string' },
      sub: { type: 'string' },
      ttl: { type: 'string', default: '43200' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}
try {
  parsed = parse();
} catch (err) {
  refuse((err as Error).message);
}
const { values } = parsed;
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

if (process.env.NODE_ENV === 'production') refuse('npm run token signs with the development key, which production refuses: sign in instead');

const role = values.role as Role | undefined;
if (!role || !ROLES.includes(role)) refuse(values.role ? `unknown role "${values.role}"` : '--role is required');
const ttl = Number(values.ttl);
if (!Number.isInteger(ttl) || ttl < 1) refuse(`--ttl must be a whole number of seconds (got "${values.ttl}")`);

// Scopes are checked against the Kemendagri catalogue the registry uses, so a typo is refused
// here rather than minted into a token every request of which then fails.
if (values.region !== undefined && !(await getRegencies()).some((r) => r.code === values.region)) {
  refuse(`unknown region "${values.region}": a regency/city code such as 33.19 (Kudus) or 33.21 (Demak)`);
}
if (values.province !== undefined && !(await getProvinces()).some((p) => p.code === values.province)) {
  refuse(`unknown province "${values.province}": a province code such as 33 (Central Java)`);
}
const editions = values.editions?.split(',').filter(Boolean);
const claims = {
  sub: values.sub ?? ['dev', role, values.region ?? values.province, values.agency?.slice(0, 8), editions?.join('+')].filter(Boolean).join('-'),
  role,
  region: values.region,
  province: values.province,
  agency: values.agency,
  editions,
};
const principal = principalFromClaims(claims);
if (typeof principal === 'string') refuse(principal);

if (values.agency !== undefined) await checkAgency(values.agency, values.region);

console.log(signToken(principal, ttl));

/** The agency must exist in the running registry, in the region the token names. */
async function checkAgency(agency: string, region: string | undefined): Promise<void> {
  const registry = process.env.REGISTRY_URL || 'http://127.0.0.1:3001';
  const reader = signToken({ sub: 'dev-token-cli', role: 'national-admin' }, 60);
  let res: Response;
  try {
    res = await fetch(`${registry}/agencies/${encodeURIComponent(agency)}`, { headers: { authorization: `Bearer ${reader}` } });
  } catch (err) {
    refuse(`cannot check agency "${agency}": the registry at ${registry} does not answer (${(err as Error).message}); start it (npm start) or set REGISTRY_URL`);
  }
  if (res.status === 404 || res.status === 400) refuse(`unknown agency "${agency}" in the registry at ${registry}`);
  if (!res.ok) refuse(`cannot check agency "${agency}": the registry at ${registry} answered ${res.status}`);
  const found = (await res.json()) as { regionCode?: string; name?: string };
  if (region && found.regionCode !== region) refuse(`agency "${agency}" (${found.name}) is in region ${found.regionCode}, not ${region}`);
}
