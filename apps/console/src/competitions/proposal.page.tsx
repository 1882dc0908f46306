import { Alert, Anchor, Button, Group, Loader, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useSession } from '../accounts/use-session.js';
import { explainError, fieldErrorTexts } from '../api/error-text.js';
import { formatDate } from '../i18n/format.js';
import { PageTitle } from '../ui/page-title.js';
import { useStoredDraft } from '../ui/use-stored-draft.js';
import { entryActions } from './competition-rules.js';
import { resubmitEntry, saveProposal, submitDraft, useEdition, useEntry, useRefreshEdition } from './competitions.queries.js';
import type { EditionWithCounts, EntryDetail } from './competitions.types.js';
import { proposalBody, proposalErrors, ProposalFields, type ProposalDraft } from './proposal-fields.js';

/** The proposal form of one entry, from what the service has, kept on the device until sent. */
function ProposalForm({ entry, edition }: { entry: EntryDetail; edition: EditionWithCounts }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const refresh = useRefreshEdition();
  const saved: ProposalDraft = { summary: entry.proposal.summary, sections: Object.fromEntries(entry.proposal.sections.map((s) => [s.criterion, s.text])) };
  const [draft, update, clear] = useStoredDraft<ProposalDraft>(`lumbung.proposal-draft.${entry.id}`, saved);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [sending, setSending] = useState<'save' | 'send' | null>(null);
  const returned = entry.state === 'returned';
  // A draft is sent in the submission window; a returned entry goes back to the check by its deadline.
  const canSend = returned || edition.phase === 'submission';

  const send = async (how: 'save' | 'send') => {
    setSending(how);
    setErrors({});
    setFailure(null);
    try {
      const body = proposalBody(edition.criteria, draft);
      if (how === 'save') await saveProposal(entry.id, body);
      else if (returned) await resubmitEntry(entry.id, body);
      else await submitDraft(entry.id, body);
      clear();
      await refresh(edition.id, entry.id);
      void navigate(`/kompetisi/entri/${entry.id}`);
    } catch (error) {
      const shown = proposalErrors(fieldErrorTexts(error, t), edition.criteria, draft);
      // The checklist's refusals name documents.<indicator>: no field of this form, so said above the buttons.
      const documents = Object.keys(shown).filter((f) => f.startsWith('documents.')).map((f) => f.slice('documents.'.length));
      setErrors(shown);
      if (documents.length) setFailure(t('documents.missingOnSend', { list: documents.join(', ') }));
      else if (Object.keys(shown).length === 0) setFailure(explainError(error, t, i18n.exists));
    } finally {
      setSending(null);
    }
  };

  return (
    <Stack maw={880}>
      <PageTitle>{t('competitions.proposal.title', { name: entry.innovationName })}</PageTitle>
      <Anchor component={Link} to={`/kompetisi/entri/${entry.id}`} size="sm">
        {t('competitions.proposal.backToEntry')}
      </Anchor>
      {returned && entry.returnNote && (
        <Alert color="yellow" title={t('competitions.entry.noteTitle.returned')} styles={{ title: { color: 'var(--mantine-color-text)' } }}>
          {entry.returnNote}
          {entry.returnDeadline ? ` ${t('competitions.entry.until', { date: formatDate(entry.returnDeadline, i18n.language) })}` : ''}
        </Alert>
      )}
      <ProposalFields criteria={edition.criteria} draft={draft} onChange={(d) => update(() => d)} errors={errors} />
      {failure && (
        <Alert color="red" role="alert">
          {failure}
        </Alert>
      )}
      {!returned && <Text size="sm">{t('competitions.submit.draftNote')}</Text>}
      <Group>
        {canSend && (
          <Button loading={sending === 'send'} disabled={sending !== null} onClick={() => void send('send')}>
            {t(returned ? 'competitions.proposal.resubmit' : 'competitions.submit.send')}
          </Button>
        )}
        <Button variant="default" loading={sending === 'save'} disabled={sending !== null} onClick={() => void send('save')}>
          {t('competitions.proposal.save')}
        </Button>
      </Group>
    </Stack>
  );
}

/**
 * Ubah proposal: the agency writes its draft's proposal and submits it, or corrects an entry
 * returned by the administrative check and sends it back by the deadline.
 */
export default function ProposalPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const session = useSession();
  const entry = useEntry(id);
  const edition = useEdition(entry.data?.editionId ?? '');
  if (session.status !== 'signed-in') return null;
  if (entry.isPending || (entry.isSuccess && edition.isPending)) return <Loader aria-label={t('common.loading')} />;
  if (entry.isError || edition.isError) return <Alert color="red">{t('competitions.entryNotFound')}</Alert>;
  if (!entryActions(session.account, edition.data!, entry.data).includes('edit-proposal')) return <Alert color="gray">{t('competitions.proposal.notNow')}</Alert>;
  return <ProposalForm key={entry.data.version} entry={entry.data} edition={edition.data!} />;
}
