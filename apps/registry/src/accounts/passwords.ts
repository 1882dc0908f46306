import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';
import { PASSWORD_MAX, PASSWORD_MIN } from '@lumbung/contracts';

/**
 * argon2id with OWASP's first recommended setting (19 MiB, 2 passes, 1 lane). @node-rs/argon2
 * hashes off the event loop and ships prebuilt binaries, so nothing compiles at install.
 */
const ARGON2 = { algorithm: 2 /* Argon2id */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/**
 * The 49,000 most common passwords from leaks (zxcvbn's list), lower-cased. A password that is
 * one of them, or one of them with digits or punctuation after it, is refused whatever its length.
 */
const COMMON = new Set<string>((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));
const LOCAL_COMMON = ['indonesia', 'bismillah', 'jakarta', 'semarang', 'kudus', 'demak', 'jawatengah', 'sayang', 'rahasia', 'katasandi', 'lumbung', 'merdeka'];
for (const p of LOCAL_COMMON) COMMON.add(p);

export type PasswordProblem = { code: 'password.too-short' | 'password.too-long' | 'password.too-common'; message: string };

export function passwordProblem(password: string, email?: string): PasswordProblem | undefined {
  if ([...password].length < PASSWORD_MIN) return { code: 'password.too-short', message: `newPassword must be at least ${PASSWORD_MIN} characters` };
  if (password.length > PASSWORD_MAX) return { code: 'password.too-long', message: `newPassword must be at most ${PASSWORD_MAX} characters` };
  const lower = password.toLowerCase();
  const stem = lower.replace(/[\d\W_]+$/u, '');
  if (COMMON.has(lower) || COMMON.has(stem) || (email && lower.includes(email.split('@')[0]))) {
    return { code: 'password.too-common', message: 'newPassword is too common or too close to the e-mail; choose a longer phrase of your own' };
  }
  return undefined;
}

export const hashPassword = (password: string) => hash(password, ARGON2);
export const passwordMatches = (passwordHash: string, password: string) => verify(passwordHash, password).catch(() => false);

/** Compared against when the e-mail is unknown, so an unknown e-mail takes as long as a wrong password. */
let decoy: Promise<string> | undefined;
export const decoyHash = () => (decoy ??= hashPassword('decoy password that matches nothing'));
