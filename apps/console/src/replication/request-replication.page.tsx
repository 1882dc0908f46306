import { Alert, Anchor } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { PageTitle } from '../ui/page-title.js';

/** Placeholder for filing a replication request: the form comes with the Replikasi pages. */
export default function RequestReplicationPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const innovation = params.get('inovasi');
  return (
    <>
      <PageTitle>{t('replication.requestTitle')}</PageTitle>
      <Alert color="gray" title={t('common.comingSoonTitle')}>
        {t('replication.requestComingSoon')}
      </Alert>
      {innovation && (
        <Anchor component={Link} to={`/katalog/${innovation}`} mt="md" display="inline-block">
          {t('replication.backToInnovation')}
        </Anchor>
      )}
    </>
  );
}
