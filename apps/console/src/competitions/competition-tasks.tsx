import { Alert, Anchor, List, Loader, Paper, Text, Title } from '@mantine/core';
import { useQueries } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Account } from '../api/accounts.client.js';
import { unwrap } from '../api/api-error.js';
import { nomination } from '../api/clients.js';
import { formatDate, formatNumber, todayWib } from '../i18n/format.js';
import { competitionTasks, type CompetitionTask } from './competition-rules.js';
import { useEditions, useEditionsById, type EditionFilters } from './competitions.queries.js';
import type { Edition, Entry } from './competitions.types.js';

/** The editions whose work can reach the user: their own area's at their level, a juror's own. */
function editionFilters(account: Account): EditionFilters {
  switch (account.role) {
    case 'province-admin':
      return { level: 'province', region: account.province ?? undefined };
    case 'national-admin':
      return { level: 'national' };
    default:
      return { region: account.region ?? undefined };
  }
}

function TaskLine({ task }: { task: CompetitionTask }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const edition = (
    <Anchor component={Link} to={`/kompetisi/${task.edition.id}`}>
      {task.edition.name}
    </Anchor>
  );
  switch (task.kind) {
    case 'to-check':
      return (
        <>
          {t('competitions.tasks.toCheck', { count: task.count, n: formatNumber(task.count, lang) })} {edition}
        </>
      );
    case 'to-score':
      return (
        <>
          {t('competitions.tasks.toScore', { count: task.count, n: formatNumber(task.count, lang) })} {edition}
          {task.until ? ` ${t('competitions.tasks.until', { date: formatDate(task.until, lang) })}` : ''}
        </>
      );
    case 'to-correct':
      return (
        <>
          <Anchor component={Link} to={`/kompetisi/entri/${task.entry.id}/proposal`}>
            {t('competitions.tasks.toCorrect', { name: task.entry.innovationName })}
          </Anchor>
          {task.until ? ` ${t('competitions.tasks.until', { date: formatDate(task.until, lang) })}` : ''}
        </>
      );
    case 'draft':
      return (
        <Anchor component={Link} to={`/kompetisi/entri/${task.entry.id}/proposal`}>
          {t('competitions.tasks.draft', { name: task.entry.innovationName })}
        </Anchor>
      );
    case 'closing':
      return (
        <>
          {t('competitions.tasks.closing', { phase: t(`competitions.phases.${task.phase}`), date: formatDate(task.endsOn, lang), count: task.daysLeft })} {edition}
        </>
      );
  }
}

/** Beranda's competition card: entries to check or score, entries to correct, windows closing soon. */
export function CompetitionTasks({ account }: { account: Account }) {
  const { t } = useTranslation();
  const isJuror = account.role === 'juror';
  const byId = useEditionsById(isJuror ? (account.editions ?? []) : []);
  const listed = useEditions(editionFilters(account), !isJuror);
  const editions: Edition[] = ((isJuror ? byId.data : listed.data) ?? []).filter((e) => e.phase !== 'planned' && e.phase !== 'closed');
  const entries = useQueries({
    queries: editions.map((e) => ({
      queryKey: ['edition-entries', e.id],
      queryFn: async ({ signal }: { signal: AbortSignal }) => unwrap(await nomination.GET('/editions/{id}/entries', { params: { path: { id: e.id } }, signal })) as unknown as Entry[],
    })),
  });
  const failed = (isJuror ? byId.isError : listed.isError) || entries.some((q) => q.isError);
  const loading = (isJuror ? byId.isLoading : listed.isPending) || entries.some((q) => q.isPending);
  const tasks = loading ? [] : competitionTasks(account, editions, (id) => entries[editions.findIndex((e) => e.id === id)]?.data, todayWib());
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="home-competitions" data-testid="home-competitions">
      <Title order={3} size="h4" id="home-competitions" mb="xs">
        {t('competitions.tasks.title')}
      </Title>
      {failed ? (
        <Alert color="red">{t('home.tasks.loadFailed')}</Alert>
      ) : loading ? (
        <Loader size="sm" aria-label={t('common.loading')} />
      ) : tasks.length === 0 ? (
        <Text size="sm">{t('competitions.tasks.none')}</Text>
      ) : (
        <List size="sm" spacing={4}>
          {tasks.map((task, i) => (
            <List.Item key={i}>
              <TaskLine task={task} />
            </List.Item>
          ))}
        </List>
      )}
    </Paper>
  );
}
