import { Alert, Anchor, Badge, Loader, Stack, Text, Timeline } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../api/api-error.js';
import { formatDate } from '../i18n/format.js';
import { PageTitle } from '../ui/page-title.js';
import { useLineage } from './tracking.queries.js';

/** One entry's way from the regency contest through the province to the nation. */
export default function LineagePage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const lineage = useLineage(id);

  if (lineage.isPending) return <Loader aria-label={t('common.loading')} />;
  if (lineage.isError) {
    const notFound = lineage.error instanceof ApiError && [400, 404].includes(lineage.error.status);
    return (
      <Alert color="red" role="alert">
        {t(notFound ? 'tracking.entryNotFound' : 'tracking.loadFailed')}
      </Alert>
    );
  }
  const l = lineage.data;
  return (
    <Stack>
      <PageTitle>{t('tracking.lineageTitle', { name: l.innovationName })}</PageTitle>
      <Anchor component={Link} to={`/katalog/${l.innovationId}`}>
        {t('tracking.openInnovation')}
      </Anchor>
      <Timeline active={l.steps.length - 1} bulletSize={16} lineWidth={2} data-testid="lineage">
        {l.steps.map((s) => (
          <Timeline.Item key={s.entryId} title={`${t(`tracking.levels.${s.level}`)} · ${s.editionName}`}>
            <Text size="sm">
              {t('tracking.submittedOn', { date: formatDate(s.submittedAt, lang) })}
              {s.rank ? ` · ${t('tracking.rank', { rank: s.rank })}` : ''}
            </Text>
            <Badge mt={4} color={s.state === 'winner' || (s.nationalResult && s.nationalResult !== 'not-selected') ? 'teal' : 'gray'}>
              {s.nationalResult ? t(`tracking.results.${s.nationalResult}`) : t(`tracking.states.${s.state}`)}
            </Badge>
          </Timeline.Item>
        ))}
      </Timeline>
      <Anchor component={Link} to={l.steps.length ? `/pelacakan?tahun=${l.steps[0].year}` : '/pelacakan'}>
        {t('tracking.back')}
      </Anchor>
    </Stack>
  );
}
