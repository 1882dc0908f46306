import { Alert, Anchor, Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Account, OneTimePassword } from '../api/accounts.client.js';
import { provinceOf, type Scope } from '../app/permissions.js';
import { useRegencies } from '../catalogue/catalogue.queries.js';
import { formatDateTime } from '../i18n/format.js';
import { PageTitle } from '../ui/page-title.js';
import { managesAccounts } from './account-rules.js';
import { useManagedAccounts } from './accounts.queries.js';
import { ChangePasswordForm } from './change-password.js';
import { CreateAccountForm } from './create-account.form.js';
import { OneTimePasswordPanel } from './one-time-password.js';
import { useSession } from './use-session.js';

/** "Kabupaten Kudus", "Provinsi 33" or "—": where an account works, in words where the console knows them. */
export function useScopeText(actor: Scope) {
  const { t } = useTranslation();
  const province = actor.province ?? (actor.region ? provinceOf(actor.region) : '');
  const regencies = useRegencies(province);
  const names = new Map((regencies.data ?? []).map((r) => [r.code, r.name]));
  return (account: Pick<Account, 'region' | 'province'>) => {
    if (account.region) return names.get(account.region) ?? account.region;
    if (account.province) return t('accounts.provinceCode', { code: account.province });
    return t('accounts.noScope');
  };
}

/** Akun: the accounts an admin manages (list, create, one-time password), and one's own password. */
export default function AccountsPage() {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const actor = session.status === 'signed-in' ? session.account : null;
  const admin = !!actor && managesAccounts(actor);
  const list = useManagedAccounts(admin);
  const [creating, setCreating] = useState(false);
  const [issued, setIssued] = useState<OneTimePassword | null>(null);
  const scopeText = useScopeText(actor ?? { role: 'juror' });
  if (!actor) return null;

  return (
    <Stack>
      <PageTitle>{t('sections.accounts')}</PageTitle>
      {admin && (
        <section aria-labelledby="managed-accounts">
          <Group justify="space-between" mb="sm">
            <Title order={3} id="managed-accounts">
              {t('accounts.managed')}
            </Title>
            {!creating && !issued && <Button onClick={() => setCreating(true)}>{t('accounts.create.open')}</Button>}
          </Group>
          <Stack>
            {issued && <OneTimePasswordPanel issued={issued} onDone={() => setIssued(null)} />}
            {creating && (
              <CreateAccountForm
                actor={actor}
                onCancel={() => setCreating(false)}
                onCreated={(answer) => {
                  setCreating(false);
                  setIssued(answer);
                }}
              />
            )}
            {list.isError && (
              <Alert color="red" role="alert">
                {t('accounts.loadFailed')}
              </Alert>
            )}
            {list.data && list.data.length === 0 && <Text data-testid="accounts-empty">{t('accounts.empty')}</Text>}
            {list.data && list.data.length > 0 && (
              <Table.ScrollContainer minWidth={720}>
                <Table withRowBorders aria-labelledby="managed-accounts">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">{t('accounts.fields.name')}</Table.Th>
                      <Table.Th scope="col">{t('accounts.fields.role')}</Table.Th>
                      <Table.Th scope="col">{t('accounts.fields.scope')}</Table.Th>
                      <Table.Th scope="col">{t('accounts.fields.status')}</Table.Th>
                      <Table.Th scope="col">{t('accounts.fields.lastSignIn')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {list.data.map((account) => (
                      <Table.Tr key={account.id}>
                        <Table.Td>
                          <Anchor component={Link} to={`/akun/${account.id}`} fw={600}>
                            {account.name}
                          </Anchor>
                          <Text size="xs" c="dimmed">
                            {account.email}
                          </Text>
                        </Table.Td>
                        <Table.Td>{t(`roles.${account.role}`)}</Table.Td>
                        <Table.Td>{scopeText(account)}</Table.Td>
                        <Table.Td>
                          <AccountStatus account={account} />
                        </Table.Td>
                        <Table.Td>{account.lastSignInAt ? formatDateTime(account.lastSignInAt, i18n.language) : t('accounts.neverSignedIn')}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
          </Stack>
        </section>
      )}
      <ChangePasswordForm />
    </Stack>
  );
}

/** Aktif / Nonaktif, and whether the one-time password still waits to be changed; in words, not only colour. */
// Mantine's light badges colour their text with the badge colour, below axe's contrast ratio: dark text on the light tint.
const READABLE = { label: { color: 'var(--mantine-color-black)' } };

export function AccountStatus({ account }: { account: Pick<Account, 'active' | 'mustChangePassword'> }) {
  const { t } = useTranslation();
  return (
    <Group gap={4}>
      <Badge color={account.active ? 'green' : 'gray'} variant="light" styles={READABLE}>
        {t(account.active ? 'accounts.status.active' : 'accounts.status.inactive')}
      </Badge>
      {account.active && account.mustChangePassword && (
        <Badge color="yellow" variant="light" styles={READABLE}>
          {t('accounts.status.oneTimePassword')}
        </Badge>
      )}
    </Group>
  );
}
