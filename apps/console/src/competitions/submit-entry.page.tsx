import { Alert, Button, Group, Loader, Select, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { useSession } from '../accounts/use-session.js';
import { unwrap } from '../api/api-error.js';
import { registry } from '../api/clients.js';
import { explainError, fieldErrorTexts } from '../api/error-text.js';
import type { InnovationPage } from '../api/registry.types.js';
import { useAgencies } from '../catalogue/catalogue.queries.js';
import { PageTitle } from '../ui/page-title.js';
import { useStoredDraft } from '../ui/use-stored-draft.js';
import { mayEnter } from './competition-rules.js';
import { submitEntry, useEdition, useRefreshEdition } from './competitions.queries.js';
import type { EntryCategory } from './competitions.types.js';
import { proposalBody, proposalErrors, ProposalFields, type ProposalDraft } from './proposal-fields.js';

interface EntryDraft extends ProposalDraft {
  agencyId: string;
  innovationId: string;
  /** A national edition's category (kelompok), when it has them. */
  category?: string;
}

/** The innovations of one agency (a regency has dozens of agencies; an agency a handful of innovations). */
function useAgencyInnovations(region: string | undefined, agency: string | undefined) {
  return useQuery({
    queryKey: ['agency-innovations', region, agency],
    enabled: !!region && !!agency,
    queryFn: async ({ signal }) => (unwrap(await registry.GET('/innovations', { params: { query: { region: region!, agency: agency!, limit: 100 } }, signal })) as InnovationPage).items,
  });
}

/**
 * Kirim entri: an agency (or its region's admin) enters one of its innovations with its proposal,
 * the summary and one text per criterion of the edition; sent now, or kept as a draft the jury
 * does not see. The unsent form survives a reload.
 */
export default function SubmitEntryPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const refresh = useRefreshEdition();
  const edition = useEdition(id);
  const account = session.status === 'signed-in' ? session.account : null;
  const [draft, update, clear] = useStoredDraft<EntryDraft>(`lumbung.entry-draft.${id}`, { agencyId: account?.agency ?? '', innovationId: '', summary: '', sections: {} });
  const agencies = useAgencies(account?.role === 'region-admin' ? (account.region ?? undefined) : undefined);
  const innovations = useAgencyInnovations(account?.region ?? undefined, draft.agencyId || undefined);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [sending, setSending] = useState<'submit' | 'draft' | null>(null);
  if (!account) return null;
  if (edition.isPending) return <Loader aria-label={t('common.loading')} />;
  if (edition.isError) return <Alert color="red">{t('competitions.loadFailed')}</Alert>;
  const ed = edition.data;
  const categories = ed.categories ?? [];
  const checklist = ed.requiredDocuments ?? [];
  if (!mayEnter(account, ed)) return <Alert color="gray">{t('competitions.submit.closed', { name: ed.name })}</Alert>;

  const send = async (asDraft: boolean) => {
    if (!draft.innovationId) return setErrors({ innovationId: t('errors.field.required') });
    if (categories.length && !draft.category) return setErrors({ category: t('errors.field.required') });
    setSending(asDraft ? 'draft' : 'submit');
    setErrors({});
    setFailure(null);
    try {
      const category = categories.length ? (draft.category as EntryCategory) : undefined;
      const entry = await submitEntry(ed.id, { innovationId: draft.innovationId, ...(asDraft ? { draft: true } : {}), ...(category ? { category } : {}), proposal: proposalBody(ed.criteria, draft) });
      clear();
      await refresh(ed.id);
      void navigate(`/kompetisi/entri/${entry.id}`);
    } catch (error) {
      const byField = fieldErrorTexts(error, t);
      const shown = { ...proposalErrors(byField, ed.criteria, draft), ...(byField.category ? { category: byField.category } : {}) };
      setErrors(shown);
      if (Object.keys(shown).length === 0) setFailure(explainError(error, t, i18n.exists));
    } finally {
      setSending(null);
    }
  };

  return (
    <Stack maw={880}>
      <PageTitle>{t('competitions.submit.title', { name: ed.name })}</PageTitle>
      {account.role === 'region-admin' && (
        <Select
          label={t('competitions.columns.agency')}
          required
          searchable
          value={draft.agencyId || null}
          data={(agencies.data ?? []).filter((a) => !a.retiredAt).map((a) => ({ value: a.id, label: a.name }))}
          onChange={(v) => update((d) => ({ ...d, agencyId: v ?? '', innovationId: '' }))}
        />
      )}
      <Select
        label={t('competitions.submit.innovation')}
        required
        searchable
        placeholder={innovations.data?.length === 0 ? t('competitions.submit.noInnovations') : undefined}
        value={draft.innovationId || null}
        data={(innovations.data ?? []).map((i) => ({ value: i.id, label: i.name }))}
        onChange={(v) => update((d) => ({ ...d, innovationId: v ?? '' }))}
        error={errors.innovationId}
      />
      {categories.length > 0 && (
        <Select
          label={t('competitions.category.label')}
          description={t('competitions.category.hint')}
          required
          value={draft.category ?? null}
          data={categories.map((c) => ({ value: c.code, label: t(`competitions.category.${c.code}`) }))}
          onChange={(v) => update((d) => ({ ...d, category: v ?? undefined }))}
          error={errors.category}
        />
      )}
      <ProposalFields criteria={ed.criteria} draft={draft} onChange={(d) => update((old) => ({ ...old, ...d }))} errors={errors} />
      {failure && (
        <Alert color="red" role="alert">
          {failure}
        </Alert>
      )}
      <Text size="sm">{t('competitions.submit.draftNote')}</Text>
      {/* With an evidence checklist an entry has no documents yet: it is saved as a draft, documented on its page, then sent. */}
      {checklist.length > 0 && (
        <Alert color="blue" data-testid="documents-needed">
          {t('documents.needed', { list: checklist.join(', ') })}
        </Alert>
      )}
      <Group>
        {checklist.length === 0 && (
          <Button loading={sending === 'submit'} disabled={sending !== null} onClick={() => void send(false)}>
            {t('competitions.submit.send')}
          </Button>
        )}
        <Button variant="default" loading={sending === 'draft'} disabled={sending !== null} onClick={() => void send(true)}>
          {t('competitions.submit.saveDraft')}
        </Button>
      </Group>
    </Stack>
  );
}
