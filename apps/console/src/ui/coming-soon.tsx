import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PageTitle } from './page-title.js';

/** A section whose page is not built yet: says so in words rather than showing an empty screen. */
export function ComingSoon({ title }: { title: string }) {
  const { t } = useTranslation();
  return (
    <>
      <PageTitle>{title}</PageTitle>
      <Alert color="gray" title={t('common.comingSoonTitle')}>
        {t('common.comingSoon')}
      </Alert>
    </>
  );
}
