import { Alert, Anchor, Card, List, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Account } from '../api/accounts.client.js';
import { useSession } from '../accounts/use-session.js';
import { sectionsFor } from '../app/permissions.js';
import { SECTION_PATHS } from '../app/section-paths.js';
import { currentYearWib, useCompliance } from '../compliance/compliance.queries.js';
import { formatDate, formatNumber } from '../i18n/format.js';
import { CompetitionTasks } from '../competitions/competition-tasks.js';
import { PageTitle } from '../ui/page-title.js';
import { useAgencyInnovations, useRequestsToAnswer } from './home.queries.js';

/** How many names a "what waits for me" card lists before it links to the full page. */
const SHOWN = 5;

/** Beranda: what waits for the user now, by role; then their sections with what each is for. */
export default function HomePage() {
  const { t } = useTranslation();
  const session = useSession();
  if (session.status !== 'signed-in') return null;
  const { account } = session;
  const sections = sectionsFor(account).filter((s) => s !== 'home');
  return (
    <Stack>
      <PageTitle>{t('home.title', { name: account.name })}</PageTitle>
      {account.role === 'region-admin' && <RegionAdminTasks account={account} />}
      {account.role === 'agency-staff' && <AgencyStaffTasks account={account} />}
      {account.role !== 'region-admin' && account.role !== 'agency-staff' && <Text>{t('home.welcome')}</Text>}
      <CompetitionTasks account={account} />
      <section aria-labelledby="home-sections">
        <Title order={3} id="home-sections" mb="sm">
          {t('home.sections')}
        </Title>
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
      </section>
    </Stack>
  );
}

function Task({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={id} data-testid={id}>
      <Title order={3} size="h4" id={id} mb="xs">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

function RegionAdminTasks({ account }: { account: Account }) {
  const { t, i18n } = useTranslation();
  const year = currentYearWib();
  const compliance = useCompliance(account.region ?? undefined, year);
  const requests = useRequestsToAnswer(true);
  const report = compliance.data?.level === 'regency' ? compliance.data : undefined;
  const waiting = requests.data?.items ?? [];
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }}>
      <Task id="home-without-innovation" title={t('home.tasks.withoutInnovation', { year })}>
        {compliance.isError && <Alert color="red">{t('home.tasks.loadFailed')}</Alert>}
        {report && report.agencies === 0 && <Text>{t('compliance.emptyRegency', { region: report.regionName })}</Text>}
        {report && report.agencies > 0 && report.nonCompliant.length === 0 && <Text>{t('compliance.allHave', { year })}</Text>}
        {report && report.nonCompliant.length > 0 && (
          <>
            <Text size="sm" mb="xs">
              {t('home.tasks.withoutCount', { count: report.nonCompliant.length, n: formatNumber(report.nonCompliant.length, i18n.language), agencies: formatNumber(report.agencies, i18n.language) })}
            </Text>
            <List size="sm">
              {report.nonCompliant.slice(0, SHOWN).map((a) => (
                <List.Item key={a.id}>{a.name}</List.Item>
              ))}
            </List>
          </>
        )}
        <Anchor component={Link} to={SECTION_PATHS.compliance} size="sm" mt="xs" display="inline-block">
          {t('home.tasks.toCompliance')}
        </Anchor>
      </Task>
      <Task id="home-requests" title={t('home.tasks.requests')}>
        {requests.isError && <Alert color="red">{t('home.tasks.loadFailed')}</Alert>}
        {requests.data && waiting.length === 0 && <Text>{t('home.tasks.noRequests')}</Text>}
        {waiting.length > 0 && (
          <List size="sm">
            {waiting.map((r) => (
              <List.Item key={r.id}>
                {t('home.tasks.request', { innovation: r.originInnovationName, adopter: r.adopterAgencyName, date: formatDate(r.requestedAt, i18n.language) })}
              </List.Item>
            ))}
          </List>
        )}
        <Anchor component={Link} to={SECTION_PATHS.replication} size="sm" mt="xs" display="inline-block">
          {t('home.tasks.toReplication')}
        </Anchor>
      </Task>
    </SimpleGrid>
  );
}

function AgencyStaffTasks({ account }: { account: Account }) {
  const { t, i18n } = useTranslation();
  const year = currentYearWib();
  const innovations = useAgencyInnovations(account.region ?? undefined, account.agency ?? undefined, year);
  const items = innovations.data?.items ?? [];
  return (
    <Task id="home-our-innovations" title={t('home.tasks.ourInnovations', { year })}>
      {innovations.isError && <Alert color="red">{t('home.tasks.loadFailed')}</Alert>}
      {innovations.data && items.length === 0 && <Text>{t('home.tasks.noOwnInnovation', { year })}</Text>}
      {items.length > 0 && (
        <List size="sm">
          {items.map((i) => (
            <List.Item key={i.id}>
              <Anchor component={Link} to={`${SECTION_PATHS.catalogue}/${i.id}`}>
                {i.name}
              </Anchor>{' '}
              ({t(`innovation.stages.${i.stage}`)}, {formatDate(i.registeredAt, i18n.language)})
            </List.Item>
          ))}
        </List>
      )}
    </Task>
  );
}
