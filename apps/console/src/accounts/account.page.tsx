import { Alert, Anchor, Button, Group, Modal, Paper, SimpleGrid, Stack, Text, Timeline, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { OneTimePassword } from '../api/accounts.client.js';
import { formatDateTime } from '../i18n/format.js';
import { PageTitle } from '../ui/page-title.js';
import { mayManageAccount } from './account-rules.js';
import { explainAccountError } from './account-errors.js';
import { AccountStatus, useScopeText } from './accounts.page.js';
import { useAccount, useAccountAction, useAccountAudit, type AccountAction } from './accounts.queries.js';
import { OneTimePasswordPanel } from './one-time-password.js';
import { useSession } from './use-session.js';

const AUDIT_ACTIONS = ['created', 'deactivated', 'reactivated', 'password-reset', 'password-changed'] as const;

/** One account: the record, what happened to it (audit), then what the admin may do now. */
export default function AccountPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const session = useSession();
  const account = useAccount(id);
  const audit = useAccountAudit(id);
  const action = useAccountAction(id);
  const [asking, setAsking] = useState<AccountAction | null>(null);
  const [issued, setIssued] = useState<OneTimePassword | null>(null);
  const actor = session.status === 'signed-in' ? session.account : null;
  const scopeText = useScopeText(actor ?? { role: 'juror' });
  if (!actor) return null;
  if (account.isError) {
    return (
      <Alert color="red" role="alert">
        {t('accounts.notFound')}
      </Alert>
    );
  }
  if (!account.data) return null;
  const target = account.data;
  const manageable = target.id !== actor.id && mayManageAccount(actor, target);
  const offered: AccountAction[] = manageable ? (target.active ? ['password-reset', 'deactivate'] : ['reactivate']) : [];

  function confirm() {
    const chosen = asking;
    if (!chosen) return;
    action.mutate(chosen, {
      onSuccess: (answer) => {
        setAsking(null);
        if ('oneTimePassword' in answer) setIssued(answer);
      },
    });
  }

  return (
    <Stack>
      <Anchor component={Link} to="/akun" size="sm">
        {t('accounts.back')}
      </Anchor>
      <PageTitle>{target.name}</PageTitle>
      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" component="dl" style={{ margin: 0 }}>
          {[
            ['email', target.email],
            ['role', t(`roles.${target.role}`)],
            ['scope', scopeText(target)],
            ['lastSignIn', target.lastSignInAt ? formatDateTime(target.lastSignInAt, i18n.language) : t('accounts.neverSignedIn')],
            ['createdAt', formatDateTime(target.createdAt, i18n.language)],
          ].map(([field, value]) => (
            <div key={field}>
              <Text component="dt" size="sm" c="dimmed">
                {t(`accounts.fields.${field}`)}
              </Text>
              <Text component="dd" m={0}>
                {value}
              </Text>
            </div>
          ))}
          <div>
            <Text component="dt" size="sm" c="dimmed">
              {t('accounts.fields.status')}
            </Text>
            <Text component="dd" m={0}>
              <AccountStatus account={target} />
            </Text>
          </div>
        </SimpleGrid>
      </Paper>

      {issued && <OneTimePasswordPanel issued={issued} onDone={() => setIssued(null)} />}

      <section aria-labelledby="account-audit">
        <Title order={3} id="account-audit" mb="sm">
          {t('accounts.audit.title')}
        </Title>
        {audit.data && audit.data.length === 0 && <Text>{t('accounts.audit.empty')}</Text>}
        {audit.data && audit.data.length > 0 && (
          <Timeline bulletSize={14} lineWidth={2} active={audit.data.length}>
            {audit.data.map((entry, i) => (
              <Timeline.Item key={`${entry.at}-${i}`} title={AUDIT_ACTIONS.includes(entry.action as never) ? t(`accounts.audit.actions.${entry.action}`) : entry.action}>
                <Text size="sm">{formatDateTime(entry.at, i18n.language)}</Text>
                <Text size="sm" c="dimmed">
                  {t('accounts.audit.by', { who: entry.actorSub === target.id ? t('accounts.audit.self') : t(`roles.${entry.actorRole}`, { defaultValue: entry.actorRole }) })}
                </Text>
              </Timeline.Item>
            ))}
          </Timeline>
        )}
      </section>

      {offered.length > 0 && (
        <section aria-labelledby="account-actions">
          <Title order={3} id="account-actions" mb="sm">
            {t('innovation.whatYouCanDo')}
          </Title>
          <Group>
            {offered.map((a) => (
              <Button key={a} variant={a === 'deactivate' ? 'outline' : 'default'} color={a === 'deactivate' ? 'red' : undefined} onClick={() => setAsking(a)}>
                {t(`accounts.actions.${a}.button`)}
              </Button>
            ))}
          </Group>
        </section>
      )}

      <Modal
        opened={!!asking}
        onClose={() => setAsking(null)}
        // While it closes the dialog is still in the page: it keeps a name and a labelled close button.
        title={t(`accounts.actions.${asking ?? offered[0] ?? 'deactivate'}.button`)}
        closeButtonProps={{ 'aria-label': t('accounts.cancel') }}
        centered
      >
        {asking && (
          <Stack>
            <Text>{t(`accounts.actions.${asking}.consequence`, { name: target.name })}</Text>
            {action.isError && (
              <Alert color="red" role="alert">
                {explainAccountError(action.error, t, (k) => i18n.exists(k))}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setAsking(null)}>
                {t('accounts.cancel')}
              </Button>
              <Button color={asking === 'deactivate' ? 'red' : undefined} loading={action.isPending} onClick={confirm}>
                {t(`accounts.actions.${asking}.confirm`)}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}
