import { Alert, Button, Code, CopyButton, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { OneTimePassword } from '../api/accounts.client.js';
import { formatDateTime } from '../i18n/format.js';

/** The one-time password, shown once: the API never returns it again. */
export function OneTimePasswordPanel({ issued, onDone }: { issued: OneTimePassword; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  return (
    <Alert color="yellow" styles={{ title: { color: 'var(--mantine-color-black)' } }} title={t('accounts.otp.title', { name: issued.account.name })} data-testid="one-time-password">
      <Stack gap="xs">
        <Text size="sm">{t('accounts.otp.warning', { when: formatDateTime(issued.expiresAt, i18n.language) })}</Text>
        <Group gap="sm">
          <Code fz="lg" data-testid="one-time-password-value">
            {issued.oneTimePassword}
          </Code>
          <CopyButton value={issued.oneTimePassword}>
            {({ copied, copy }) => (
              <Button size="xs" variant="default" onClick={copy}>
                {t(copied ? 'accounts.otp.copied' : 'accounts.otp.copy')}
              </Button>
            )}
          </CopyButton>
        </Group>
        <Group>
          <Button size="xs" onClick={onDone}>
            {t('accounts.otp.done')}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
