import { Alert, Button, Group, Loader, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { STAGES } from '../catalogue/catalogue-filters.js';
import { formatNumber } from '../i18n/format.js';
import { InnovationCard } from '../catalogue/innovation-card.js';
import { PageTitle } from '../ui/page-title.js';
import { publicFiltersFrom, usePublicRegion, usePublicSearch } from './public.queries.js';

/** Central Java: the catalogue Lumbung serves first. */
const PROVINCE = '33';

/** The public catalogue: Central Java's innovations for citizens and other regions, without signing in. */
export default function PublicCataloguePage() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filters = publicFiltersFrom(params);
  const [words, setWords] = useState(filters.q ?? '');
  useEffect(() => setWords(filters.q ?? ''), [filters.q]);
  const province = usePublicRegion(PROVINCE);
  const search = usePublicSearch(filters);
  const regionName = (code: string) => province.data?.regions.find((r) => r.code === code)?.name ?? code;

  const setFilter = (name: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFilter('q', words.trim() || null);
  };
  const items = search.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = !!(filters.q || filters.region || filters.stage || filters.digital !== undefined);

  return (
    <>
      <PageTitle>{t('public.title')}</PageTitle>
      <Text size="sm" mb="md">
        {t('public.intro')}
      </Text>
      <form role="search" onSubmit={submit} aria-label={t('catalogue.searchLabel')}>
        <Group align="end" gap="sm" mb="sm" wrap="nowrap">
          <TextInput
            style={{ flex: 1 }}
            label={t('catalogue.searchLabel')}
            placeholder={t('catalogue.searchPlaceholder')}
            type="search"
            value={words}
            onChange={(e) => setWords(e.currentTarget.value)}
          />
          <Button type="submit">{t('catalogue.search')}</Button>
        </Group>
      </form>
      <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm" mb="md">
        <Select
          label={t('catalogue.filters.region')}
          placeholder={t('catalogue.filters.all')}
          clearable
          searchable
          value={filters.region ?? null}
          onChange={(v) => setFilter('region', v)}
          data={(province.data?.regions ?? []).map((r) => ({ value: r.code, label: r.name }))}
        />
        <Select
          label={t('catalogue.filters.stage')}
          placeholder={t('catalogue.filters.all')}
          clearable
          value={filters.stage ?? null}
          onChange={(v) => setFilter('stage', v)}
          data={STAGES.map((s) => ({ value: s, label: t(`innovation.stages.${s}`) }))}
        />
        <Select
          label={t('catalogue.filters.digital')}
          placeholder={t('catalogue.filters.all')}
          clearable
          value={filters.digital === undefined ? null : String(filters.digital)}
          onChange={(v) => setFilter('digital', v)}
          data={[
            { value: 'true', label: t('catalogue.filters.digitalYes') },
            { value: 'false', label: t('catalogue.filters.digitalNo') },
          ]}
        />
      </SimpleGrid>

      {search.isPending ? (
        <Loader aria-label={t('common.loading')} />
      ) : search.isError ? (
        <Alert color="red" role="alert">
          {t('public.loadFailed')}
        </Alert>
      ) : items.length === 0 ? (
        <Alert color="gray" title={t('catalogue.empty.title')} data-testid="public-empty">
          {filtered ? t('public.emptyFiltered') : t('public.empty')}
        </Alert>
      ) : (
        <Stack gap="sm">
          <Text size="sm" c="dimmed" aria-live="polite">
            {t('catalogue.shown', { count: items.length, n: formatNumber(items.length, i18n.language) })}
          </Text>
          <ul style={{ listStyle: 'none', padding: 0, margin: 0, display: 'grid', gap: 'var(--mantine-spacing-sm)' }} aria-label={t('catalogue.results')}>
            {items.map((item) => (
              <li key={item.id}>
                <InnovationCard item={item} to={`/publik/${item.id}`} query={filters.q ?? ''} regionName={regionName} />
              </li>
            ))}
          </ul>
          {search.hasNextPage && (
            <Button variant="default" onClick={() => void search.fetchNextPage()} loading={search.isFetchingNextPage}>
              {t('catalogue.more')}
            </Button>
          )}
        </Stack>
      )}
    </>
  );
}
