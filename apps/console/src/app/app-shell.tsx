import { AppShell, Box, Burger, Button, Group, NavLink, Stack, Text, Title } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { signOut } from '../accounts/session.store.js';
import type { Account } from '../api/accounts.client.js';
import { LanguageSwitch } from '../ui/language-switch.js';
import { sectionsFor } from './permissions.js';
import { SECTION_PATHS } from './section-paths.js';

/** Header, navigation by role and language switch; a burger menu below the `sm` breakpoint (phones). */
export function AppShellLayout({ account, children }: { account: Account; children: ReactNode }) {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure(false);
  // Below `sm` the closed navigation slides off screen; inert keeps Tab and screen readers out of it.
  const phone = useMediaQuery('(max-width: 47.99em)');
  const location = useLocation();
  const sections = sectionsFor(account);
  const isActive = (path: string) => (path === '/' ? location.pathname === '/' : location.pathname.startsWith(path));

  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="xs">
          <Group gap="xs" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t(opened ? 'shell.closeMenu' : 'shell.openMenu')} />
            <Title order={1} size="h3">
              <Link to="/" style={{ color: 'inherit', textDecoration: 'none' }}>
                Lumbung
              </Link>
            </Title>
          </Group>
          <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
            <Box style={{ minWidth: 0, textAlign: 'right' }} data-testid="signed-in-user">
              <Text size="sm" fw={600} truncate="end" maw={{ base: 120, sm: 260 }}>
                {account.name}
              </Text>
              <Text size="xs" c="dimmed" truncate="end" maw={{ base: 120, sm: 260 }}>
                {t(`roles.${account.role}`)}
              </Text>
            </Box>
            <LanguageSwitch />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" inert={phone && !opened}>
        <Stack justify="space-between" h="100%">
          <nav aria-label={t('shell.navigation')}>
            {sections.map((section) => (
              <NavLink
                key={section}
                component={Link}
                to={SECTION_PATHS[section]}
                label={t(`sections.${section}`)}
                active={isActive(SECTION_PATHS[section])}
                variant="filled"
                aria-current={isActive(SECTION_PATHS[section]) ? 'page' : undefined}
                onClick={close}
              />
            ))}
          </nav>
          <Button variant="default" onClick={() => void signOut()}>
            {t('shell.signOut')}
          </Button>
        </Stack>
      </AppShell.Navbar>
      <AppShell.Main>{children}</AppShell.Main>
    </AppShell>
  );
}
