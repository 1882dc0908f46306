import { Card, SimpleGrid, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../accounts/use-session.js';
import { sectionsFor } from '../app/permissions.js';
import { SECTION_PATHS } from '../app/section-paths.js';
import { PageTitle } from '../ui/page-title.js';

/** Beranda: for now, the user's sections with what each is for; "what waits for me" comes next. */
export default function HomePage() {
  const { t } = useTranslation();
  const session = useSession();
  if (session.status !== 'signed-in') return null;
  const sections = sectionsFor(session.account).filter((s) => s !== 'home');
  return (
    <>
      <PageTitle>{t('home.title', { name: session.account.name })}</PageTitle>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
        {sections.map((section) => (
          <Card key={section} component={Link} to={SECTION_PATHS[section]} withBorder padding="md">
            <Text fw={600}>{t(`sections.${section}`)}</Text>
            <Text size="sm" c="dimmed">
              {t(`home.about.${section}`)}
            </Text>
          </Card>
        ))}
      </SimpleGrid>
    </>
  );
}
