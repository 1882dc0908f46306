import { Anchor, Box, Container, Group, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../accounts/use-session.js';
import { LanguageSwitch } from '../ui/language-switch.js';

/**
 * The frame of the public catalogue: no navigation of the console, no account; a way to sign in
 * (or back to the console for someone signed in), and the language switch.
 */
export function PublicLayout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const session = useSession();
  return (
    <>
      <Box component="header" py="sm" px="md" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <div style={{ minWidth: 0 }}>
            <Title order={1} size="h3">
              <Link to="/publik" style={{ color: 'inherit', textDecoration: 'none' }}>
                Lumbung
              </Link>
            </Title>
            <Text size="xs" c="dimmed" truncate="end">
              {t('public.tagline')}
            </Text>
          </div>
          <Group gap="sm" wrap="nowrap">
            <Anchor component={Link} to={session.status === 'signed-in' ? '/' : '/masuk'} size="sm">
              {t(session.status === 'signed-in' ? 'public.toConsole' : 'public.signIn')}
            </Anchor>
            <LanguageSwitch />
          </Group>
        </Group>
      </Box>
      <Container size="lg" py="md" component="main">
        {children}
      </Container>
    </>
  );
}
