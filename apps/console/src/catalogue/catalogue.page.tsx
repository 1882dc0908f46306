import { Alert, Button, Group, Loader, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useSession } from '../accounts/use-session.js';
import { mayOpenRegionLists, mayRegisterInnovations, provinceOf } from '../app/permissions.js';
import { formatNumber } from '../i18n/format.js';
import { PageTitle } from '../ui/page-title.js';
import { activeFilterCount, DEFAULT_TYPES, filtersFrom, STAGES } from './catalogue-filters.js';
import { useAgencies, useInnovationSearch, useInnovationTypes, useRegencies } from './catalogue.queries.js';
import { InnovationCard } from './innovation-card.js';

const FIRST_YEAR = 2018;

/** Katalog: full-text search over every region's innovations, filters on top, then the results, paged. */
export default function CataloguePage() {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const filters = filtersFrom(params);
  const [words, setWords] = useState(filters.q ?? '');
  useEffect(() => setWords(filters.q ?? ''), [filters.q]);

  const account = session.status === 'signed-in' ? session.account : null;
  const province = account?.province ?? (account?.region ? provinceOf(account.region) : '33');
  const regencies = useRegencies(province);
  const regency = filters.region?.length === 5 ? filters.region : undefined;
  const agencies = useAgencies(regency);
  const types = useInnovationTypes(regency);
  const search = useInnovationSearch(filters);

  const setFilter = (name: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    // A regency's agency means nothing in another regency.
    if (name === 'region') next.delete('agency');
    setParams(next, { replace: true });
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFilter('q', words.trim() || null);
  };

  const thisYear = new Date().getFullYear();
  const years = Array.from({ length: thisYear - FIRST_YEAR + 2 }, (_, i) => String(thisYear + 1 - i));
  const typeOptions = types.data ? types.data.map((ty) => ({ value: ty.code, label: ty.name })) : DEFAULT_TYPES.map((code) => ({ value: code, label: t(`innovation.types.${code}`) }));
  const items = search.data?.pages.flatMap((p) => p.items) ?? [];
  const regionName = (code: string) => regencies.data?.find((r) => r.code === code)?.name ?? code;

  return (
    <>
      <PageTitle>{t('catalogue.title')}</PageTitle>
      {account && (mayRegisterInnovations(account) || mayOpenRegionLists(account)) && (
        <Group gap="sm" mb="md">
          {mayRegisterInnovations(account) && (
            <Button component={Link} to="/katalog/daftar">
              {t('catalogue.register')}
            </Button>
          )}
          {mayOpenRegionLists(account) && (
            <Button component={Link} to="/katalog/opd" variant="default">
              {t('catalogue.regionLists')}
            </Button>
          )}
        </Group>
      )}
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
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="sm" mb="md" style={{ alignItems: "end" }}>
        <Select
          label={t('catalogue.filters.region')}
          placeholder={t('catalogue.filters.all')}
          clearable
          searchable
          value={filters.region ?? null}
          onChange={(v) => setFilter('region', v)}
          data={[{ value: province, label: t('catalogue.filters.wholeProvince') }, ...(regencies.data ?? []).map((r) => ({ value: r.code, label: r.name }))]}
        />
        <Select
          label={t('catalogue.filters.agency')}
          placeholder={regency ? t('catalogue.filters.all') : t('catalogue.filters.chooseRegencyFirst')}
          clearable
          searchable
          disabled={!regency}
          value={filters.agency ?? null}
          onChange={(v) => setFilter('agency', v)}
          data={(agencies.data ?? []).map((a) => ({ value: a.id, label: a.name }))}
        />
        <Select label={t('catalogue.filters.type')} placeholder={t('catalogue.filters.all')} clearable value={filters.type ?? null} onChange={(v) => setFilter('type', v)} data={typeOptions} />
        <Select
          label={t('catalogue.filters.stage')}
          placeholder={t('catalogue.filters.all')}
          clearable
          value={filters.stage ?? null}
          onChange={(v) => setFilter('stage', v)}
          data={STAGES.map((s) => ({ value: s, label: t(`innovation.stages.${s}`) }))}
        />
        <Select label={t('catalogue.filters.year')} placeholder={t('catalogue.filters.all')} clearable value={filters.year ? String(filters.year) : null} onChange={(v) => setFilter('year', v)} data={years} />
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
          {t('catalogue.loadFailed')}
        </Alert>
      ) : items.length === 0 ? (
        <Alert color="gray" title={t('catalogue.empty.title')} data-testid="catalogue-empty">
          {filters.q
            ? t('catalogue.empty.words', { q: filters.q, count: activeFilterCount(filters) })
            : activeFilterCount(filters)
              ? t('catalogue.empty.filters')
              : t('catalogue.empty.none')}
        </Alert>
      ) : (
        <Stack gap="sm">
          <Text size="sm" c="dimmed" aria-live="polite">
            {t('catalogue.shown', { count: items.length, n: formatNumber(items.length, i18n.language) })}
          </Text>
          <ul style={{ listStyle: 'none', padding: 0, margin: 0, display: 'grid', gap: 'var(--mantine-spacing-sm)' }} aria-label={t('catalogue.results')}>
            {items.map((item) => (
              <li key={item.id}>
                <InnovationCard item={item} to={`/katalog/${item.id}`} query={filters.q ?? ''} regionName={regionName} />
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
