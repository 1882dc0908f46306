import { Pagination } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** A list shown a page at a time, for lists the API answers whole (an edition's entries, the editions). */
export function usePaged<T>(items: readonly T[], size = 20) {
  const [page, setPage] = useState(1);
  const pages = Math.max(1, Math.ceil(items.length / size));
  const current = Math.min(page, pages);
  return { page: current, setPage, pages, shown: items.slice((current - 1) * size, current * size) };
}

/** The page controls, named for a screen reader; nothing when everything fits on one page. */
export function PageControls({ page, pages, setPage }: { page: number; pages: number; setPage: (page: number) => void }) {
  const { t } = useTranslation();
  if (pages <= 1) return null;
  return (
    <Pagination
      total={pages}
      value={page}
      onChange={setPage}
      getControlProps={(control) => ({ 'aria-label': t(`common.paging.${control}`) })}
      getItemProps={(p) => ({ 'aria-label': t('common.paging.page', { page: p }) })}
    />
  );
}
