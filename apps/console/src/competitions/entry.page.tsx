import { Alert, Anchor, Badge, Button, Card, Group, Loader, Select, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useSession } from '../accounts/use-session.js';
import { useRegencies } from '../catalogue/catalogue.queries.js';
import type { Scope } from '../app/permissions.js';
import { ApiError } from '../api/api-error.js';
import { explainError, fieldErrorTexts } from '../api/error-text.js';
import { formatDate, formatNumber } from '../i18n/format.js';
import { Definition } from '../ui/definition.js';
import { PageTitle } from '../ui/page-title.js';
import { useStoredDraft } from '../ui/use-stored-draft.js';
import { entryActions, forwardTargets, quotaLeft, sourceRegionOf, validScore, weightedScore, type EntryAction } from './competition-rules.js';
import {
  admitEntry,
  fileObjection,
  forwardEntry,
  recordFieldCheck,
  recordNationalResult,
  returnEntry,
  sendPresentationScore,
  sendScores,
  useEdition,
  useEditions,
  useEntries,
  useEntry,
  useRefreshEdition,
  withdrawEntry,
} from './competitions.queries.js';
import { ConfirmDialog } from './edition.page.js';
import { DocumentsSection } from '../documents/documents-section.js';
import type { EditionWithCounts, EntryCategory, EntryDetail, FieldCheckOutcome, NationalResult } from './competitions.types.js';
import { commentKey, parseScore, scoreDraftKey, scoresToSend, type ScoreDraft } from './score-draft.js';

const NATIONAL_RESULTS: NationalResult[] = ['not-selected', 'top-99', 'top-45', 'terpuji'];
const FIELD_CHECK_OUTCOMES: FieldCheckOutcome[] = ['confirmed', 'not-confirmed'];

/** The jury's comments on a criterion, for the jury and the admins (the service sends none to anyone else). */
function JuryComments({ comments }: { comments: readonly { jurorId: string; jurorName: string; comment: string }[] }) {
  const { t } = useTranslation();
  if (comments.length === 0) return null;
  return (
    <Stack gap={2} mt="xs" data-testid="jury-comments">
      <Text size="xs" fw={600}>
        {t('competitions.scoring.juryComments')}
      </Text>
      {comments.map((c) => (
        <Text key={c.jurorId} size="sm">
          {c.jurorName}: {c.comment}
        </Text>
      ))}
    </Stack>
  );
}

/**
 * The juror's scoring form: each proposal section beside its criterion and weight, a mark 0-100
 * for each, the weighted total as it stands. Unsent marks are kept on the device until sent.
 */
function ScoringForm({ entry, jurorId }: { entry: EntryDetail; jurorId: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const refresh = useRefreshEdition();
  const sections = entry.proposal.sections;
  const given: ScoreDraft = Object.fromEntries(
    sections.flatMap((s) => [...(s.yourScore != null ? [[s.criterion, String(s.yourScore)]] : []), ...(s.yourComment ? [[commentKey(s.criterion), s.yourComment]] : [])]),
  );
  const [draft, update, clear] = useStoredDraft<ScoreDraft>(scoreDraftKey(jurorId, entry.id), given);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [sending, setSending] = useState(false);
  const criteria = sections.map((s) => ({ code: s.criterion, weight: s.weight }));
  const marks = criteria.map((c) => [c.code, draft[c.code] ?? ''] as const).filter(([, v]) => v.trim() !== '');
  const values = Object.fromEntries(marks.map(([k, v]) => [k, parseScore(v)]));
  const total = weightedScore(criteria, values);

  const submit = async () => {
    const bad = marks.filter(([, v]) => !validScore(parseScore(v)));
    if (bad.length) return setErrors(Object.fromEntries(bad.map(([k]) => [k, t('competitions.scoring.range')])));
    const scores = scoresToSend(criteria, draft);
    if (scores.length === 0) return setErrors(Object.fromEntries(criteria.map((c) => [c.code, t('errors.field.required')])));
    setSending(true);
    setErrors({});
    setFailure(null);
    setSaved(false);
    try {
      await sendScores(entry.id, scores);
      clear();
      setSaved(true);
      await refresh(entry.editionId, entry.id);
    } catch (error) {
      // A sheet's field errors name "scores.<n>.value" by the position sent.
      const byField = fieldErrorTexts(error, t);
      const byCriterion: Record<string, string> = {};
      for (const [field, text] of Object.entries(byField)) {
        const [, n, part] = /^scores\.(\d+)(?:\.(\w+))?/.exec(field) ?? [];
        const sent = n !== undefined ? scores[Number(n)] : undefined;
        if (sent) byCriterion[part === 'comment' ? commentKey(sent.criterion) : sent.criterion] = text;
      }
      setErrors(byCriterion);
      if (Object.keys(byCriterion).length === 0) setFailure(explainError(error, t, i18n.exists));
    } finally {
      setSending(false);
    }
  };

  return (
    <section aria-labelledby="scoring-heading">
      <Title order={3} id="scoring-heading" mb="xs">
        {t('competitions.scoring.title')}
      </Title>
      <Text size="sm" mb="sm">
        {t('competitions.scoring.intro')}
      </Text>
      <Stack gap="sm">
        {sections.map((s) => (
          <Card key={s.criterion} withBorder padding="sm" data-testid={`criterion-${s.criterion}`}>
            <Group justify="space-between" align="flex-start" wrap="nowrap">
              <Text fw={600} size="sm">
                {s.name}
              </Text>
              <Badge variant="outline">{t('competitions.scoring.weight', { weight: formatNumber(s.weight, lang) })}</Badge>
            </Group>
            <Text size="sm" my="xs" style={{ whiteSpace: 'pre-wrap' }}>
              {s.text || t('competitions.scoring.noText')}
            </Text>
            <TextInput
              label={t('competitions.scoring.mark', { criterion: s.name })}
              inputMode="decimal"
              maw={160}
              value={draft[s.criterion] ?? ''}
              error={errors[s.criterion]}
              onChange={(e) => {
                const value = e.currentTarget.value;
                setSaved(false);
                update((d) => ({ ...d, [s.criterion]: value }));
              }}
            />
            <Textarea
              mt="xs"
              label={t('competitions.scoring.comment', { criterion: s.name })}
              description={t('competitions.scoring.commentHelp')}
              autosize
              minRows={1}
              value={draft[commentKey(s.criterion)] ?? ''}
              error={errors[commentKey(s.criterion)]}
              onChange={(e) => {
                const value = e.currentTarget.value;
                setSaved(false);
                update((d) => ({ ...d, [commentKey(s.criterion)]: value }));
              }}
            />
            <JuryComments comments={s.comments.filter((c) => c.jurorId !== jurorId)} />
          </Card>
        ))}
      </Stack>
      <Group mt="md" justify="space-between">
        <Text size="sm" data-testid="weighted-total">
          {total == null ? t('competitions.scoring.incomplete') : t('competitions.scoring.total', { total: formatNumber(total, lang) })}
        </Text>
        <Button loading={sending} onClick={() => void submit()}>
          {t('competitions.scoring.send')}
        </Button>
      </Group>
      {saved && (
        <Alert color="teal" mt="sm" role="status">
          {t('competitions.scoring.saved')}
        </Alert>
      )}
      {failure && (
        <Alert color="red" role="alert" mt="sm">
          {failure}
        </Alert>
      )}
    </section>
  );
}

/** Forwarding a winner: the open editions of the next level, each with the places the region has left. */
function ForwardDialog({ entry, edition, onClose }: { entry: EntryDetail; edition: EditionWithCounts; onClose: () => void }) {
  const { t } = useTranslation();
  const refresh = useRefreshEdition();
  const editions = useEditions({});
  const targets = editions.data ? forwardTargets(edition, editions.data) : [];
  const [targetId, setTargetId] = useState<string | null>(null);
  const chosen = targetId ?? targets[0]?.id ?? null;
  const target = targets.find((e) => e.id === chosen) ?? null;
  const targetEntries = useEntries(chosen ?? undefined);
  const region = sourceRegionOf(edition, entry);
  const regions = useRegencies(region.slice(0, 2));
  const regionName = regions.data?.find((r) => r.code === region)?.name ?? region;
  const left = target && targetEntries.data ? quotaLeft(target, targetEntries.data, region) : null;
  const full = left === 0;
  const already = (entry.forwardedTo ?? []).some((f) => f.editionId === chosen);
  // A national edition with categories (kelompok) takes each entry into one of them.
  const categories = target?.categories ?? [];
  const [picked, setCategory] = useState<string | null>(null);
  const category = categories.some((c) => c.code === picked) ? (picked as EntryCategory) : undefined;
  return (
    <ConfirmDialog
      title={t('competitions.entry.forwardTitle', { name: entry.innovationName })}
      consequence={t('competitions.entry.forwardConsequence')}
      confirm={t('competitions.entry.forwardConfirm')}
      confirmDisabled={!chosen || full || already || (target?.forwardingQuota != null && left == null) || (categories.length > 0 && !category)}
      onConfirm={async () => {
        await forwardEntry(entry.id, chosen!, category);
        await refresh(edition.id, entry.id);
      }}
      onClose={onClose}
    >
      {editions.isPending ? (
        <Loader size="sm" aria-label={t('common.loading')} />
      ) : targets.length === 0 ? (
        <Text size="sm" role="alert">
          {t('competitions.entry.noTargets')}
        </Text>
      ) : (
        <>
          <Select
            label={t('competitions.entry.target')}
            allowDeselect={false}
            value={chosen}
            data={targets.map((e) => ({ value: e.id, label: e.name }))}
            onChange={setTargetId}
          />
          {categories.length > 0 && (
            <Select
              label={t('competitions.category.label')}
              description={t('competitions.category.hint')}
              required
              value={category ?? null}
              data={categories.map((c) => ({ value: c.code, label: t(`competitions.category.${c.code}`) }))}
              onChange={setCategory}
            />
          )}
          {target && (
            <Text size="sm" data-testid="quota-left" c={full ? 'red.8' : undefined} role={full ? 'alert' : undefined}>
              {target.forwardingQuota == null
                ? t('competitions.entry.noQuota')
                : left == null
                  ? t('common.loading')
                  : full
                    ? t('competitions.entry.quotaFull', { quota: target.forwardingQuota, region: regionName })
                    : t('competitions.entry.quotaLeft', { left, quota: target.forwardingQuota })}
            </Text>
          )}
          {already && <Text size="sm">{t('competitions.entry.alreadyForwarded')}</Text>}
        </>
      )}
    </ConfirmDialog>
  );
}

/** The dialog of one action on the entry, asking what the action needs (a reason, a note and deadline, a result). */
function ActionDialog({ action, entry, edition, onClose }: { action: Exclude<EntryAction, 'score' | 'forward' | 'edit-proposal'>; entry: EntryDetail; edition: EditionWithCounts; onClose: () => void }) {
  const { t } = useTranslation();
  const refresh = useRefreshEdition();
  const [text, setText] = useState('');
  const [deadline, setDeadline] = useState('');
  const [result, setResult] = useState<NationalResult | null>(null);
  const [mark, setMark] = useState('');
  const [outcome, setOutcome] = useState<FieldCheckOutcome | null>(null);
  const done = () => refresh(edition.id, entry.id);
  const run = async () => {
    switch (action) {
      case 'admit':
        await admitEntry(entry.id, 'admit');
        break;
      case 'reject':
        await admitEntry(entry.id, 'reject', text.trim());
        break;
      case 'return':
        await returnEntry(entry.id, text.trim(), deadline);
        break;
      case 'withdraw':
        await withdrawEntry(entry.id, text.trim() || undefined);
        break;
      case 'object':
        await fileObjection(entry.id, text.trim());
        break;
      case 'field-check':
        await recordFieldCheck(entry.id, outcome!, text.trim());
        break;
      case 'present':
        await sendPresentationScore(entry.id, parseScore(mark));
        break;
      case 'national-result':
        await recordNationalResult(entry.id, result!);
        break;
    }
    await done();
  };
  return (
    <ConfirmDialog
      title={t(`competitions.entry.actions.${action}`)}
      consequence={t(`competitions.entry.consequences.${action}`, { name: entry.innovationName })}
      confirm={t(`competitions.entry.confirm.${action}`)}
      danger={action === 'reject' || action === 'withdraw'}
      confirmDisabled={(action === 'national-result' && !result) || (action === 'present' && !mark.trim()) || (action === 'field-check' && !outcome)}
      onConfirm={run}
      onClose={onClose}
    >
      {action === 'present' && (
        <TextInput label={t('competitions.entry.presentationScore')} description={t('competitions.scoring.range')} inputMode="decimal" required maw={200} value={mark} onChange={(e) => setMark(e.currentTarget.value)} />
      )}
      {action === 'field-check' && (
        <Select
          label={t('competitions.entry.fieldCheckOutcome')}
          required
          value={outcome}
          data={FIELD_CHECK_OUTCOMES.map((o) => ({ value: o, label: t(`competitions.entry.fieldCheckOutcomes.${o}`) }))}
          onChange={(v) => setOutcome(v as FieldCheckOutcome | null)}
        />
      )}
      {(action === 'reject' || action === 'return' || action === 'withdraw' || action === 'object' || action === 'field-check') && (
        <Textarea
          label={t(action === 'return' ? 'competitions.entry.returnNote' : action === 'object' ? 'competitions.entry.objectionReason' : action === 'field-check' ? 'competitions.entry.fieldCheckNote' : 'competitions.entry.reason')}
          required={action !== 'withdraw'}
          autosize
          minRows={2}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
        />
      )}
      {action === 'return' && <TextInput type="date" label={t('competitions.entry.returnDeadline')} required value={deadline} onChange={(e) => setDeadline(e.currentTarget.value)} />}
      {action === 'national-result' && (
        <Select
          label={t('competitions.entry.nationalResult')}
          required
          value={result}
          data={NATIONAL_RESULTS.map((r) => ({ value: r, label: t(`tracking.results.${r}`) }))}
          onChange={(v) => setResult(v as NationalResult | null)}
        />
      )}
    </ConfirmDialog>
  );
}

function EntryActions({ entry, edition, scope }: { entry: EntryDetail; edition: EditionWithCounts; scope: Scope }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<EntryAction | null>(null);
  const actions = entryActions(scope, edition, entry).filter((a) => a !== 'score');
  return (
    <section aria-labelledby="entry-actions-heading">
      <Title order={3} id="entry-actions-heading" mb="sm">
        {t('competitions.entry.whatYouCanDo')}
      </Title>
      {actions.length === 0 ? (
        <Text size="sm" data-testid="no-actions">
          {t('competitions.entry.noActions')}
        </Text>
      ) : (
        <Group gap="sm">
          {actions.map((a) =>
            a === 'edit-proposal' ? (
              <Button key={a} component={Link} to={`/kompetisi/entri/${entry.id}/proposal`}>
                {t(`competitions.entry.actions.${a}`)}
              </Button>
            ) : (
              <Button key={a} variant={a === 'reject' || a === 'withdraw' ? 'outline' : 'filled'} color={a === 'reject' || a === 'withdraw' ? 'red' : undefined} onClick={() => setOpen(a)}>
                {t(`competitions.entry.actions.${a}`)}
              </Button>
            ),
          )}
        </Group>
      )}
      {open === 'forward' && <ForwardDialog entry={entry} edition={edition} onClose={() => setOpen(null)} />}
      {open && open !== 'forward' && open !== 'score' && open !== 'edit-proposal' && <ActionDialog action={open} entry={entry} edition={edition} onClose={() => setOpen(null)} />}
    </section>
  );
}

/** One entry: its record as submitted, its proposal, what happened to it, and what the user may do now. */
export default function EntryPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const session = useSession();
  const entry = useEntry(id);
  const edition = useEdition(entry.data?.editionId ?? '');
  if (session.status !== 'signed-in') return null;
  const scope = session.account;
  if (entry.isPending || (entry.isSuccess && edition.isPending)) return <Loader aria-label={t('common.loading')} />;
  if (entry.isError || edition.isError) {
    const error = entry.error ?? edition.error;
    const notFound = error instanceof ApiError && [400, 403, 404].includes(error.status);
    return (
      <Alert color="red" role="alert">
        {t(notFound ? 'competitions.entryNotFound' : 'competitions.loadFailed')}
      </Alert>
    );
  }
  const e = entry.data;
  const ed = edition.data!;
  const scoring = entryActions(scope, ed, e).includes('score');
  // Documents change with the proposal: the agency's, as a draft or while returned.
  const documentsChange = entryActions(scope, ed, e).includes('edit-proposal');
  const dash = '—';
  const note = e.rejectionReason ?? e.returnNote ?? e.withdrawalReason ?? e.disqualificationReason;
  return (
    <Stack gap="lg">
      <div>
        <PageTitle>{e.innovationName}</PageTitle>
        <Group gap="xs">
          <Badge color="teal" data-testid="entry-state">
            {t(`tracking.states.${e.state}`)}
          </Badge>
          <Anchor component={Link} to={`/kompetisi/${ed.id}`} size="sm">
            {ed.name}
          </Anchor>
        </Group>
      </div>
      {note && (
        <Alert color={e.state === 'returned' ? 'yellow' : 'gray'} title={t(`competitions.entry.noteTitle.${e.state}`, { defaultValue: t('competitions.entry.note') })} styles={{ title: { color: 'var(--mantine-color-text)' } }}>
          {note}
          {e.state === 'returned' && e.returnDeadline ? ` ${t('competitions.entry.until', { date: formatDate(e.returnDeadline, lang) })}` : ''}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, sm: 2 }} component="dl" spacing="sm" m={0}>
        <Definition label={t('competitions.columns.agency')}>{e.agencyName}</Definition>
        <Definition label={t('competitions.entry.submittedAt')}>{formatDate(e.submittedAt, lang)}</Definition>
        {e.category && <Definition label={t('competitions.category.label')}>{t(`competitions.category.${e.category}`)}</Definition>}
        <Definition label={t('innovation.fields.stage')}>{t(`innovation.stages.${e.snapshot.stage}`)}</Definition>
        <Definition label={t('competitions.columns.score')}>{e.proposalScore == null ? dash : formatNumber(e.proposalScore, lang)}</Definition>
        {e.rank != null && <Definition label={t('competitions.columns.rank')}>{String(e.rank)}</Definition>}
        {e.nationalResult && <Definition label={t('competitions.entry.nationalResult')}>{t(`tracking.results.${e.nationalResult}`)}</Definition>}
        <Definition label={t('competitions.entry.replications')}>{String(e.replications)}</Definition>
        {(e.forwardedTo ?? []).length > 0 && (
          <Definition label={t('competitions.entry.forwardedTo')}>
            {e.forwardedTo.map((f) => (
              <Anchor key={f.entryId} component={Link} to={`/kompetisi/entri/${f.entryId}`} display="block">
                {f.editionName} · {t(`tracking.states.${f.state}`)}
              </Anchor>
            ))}
          </Definition>
        )}
        {e.sourceEntryId && (
          <Definition label={t('competitions.entry.forwardedFrom')}>
            <Anchor component={Link} to={`/kompetisi/entri/${e.sourceEntryId}`}>
              {t('competitions.entry.sourceEntry')}
            </Anchor>
          </Definition>
        )}
      </SimpleGrid>

      {scoring ? (
        <ScoringForm entry={e} jurorId={scope.id} />
      ) : (
        <section aria-labelledby="proposal-heading">
          <Title order={3} id="proposal-heading" mb="sm">
            {t('competitions.entry.proposal')}
          </Title>
          <Text size="sm" mb="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {e.proposal.summary || t('competitions.scoring.noText')}
          </Text>
          <Stack gap="xs">
            {e.proposal.sections.map((s) => (
              <div key={s.criterion}>
                <Text fw={600} size="sm">
                  {s.name} ({formatNumber(s.weight, lang)}%)
                </Text>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {s.text || dash}
                </Text>
                <JuryComments comments={s.comments} />
              </div>
            ))}
          </Stack>
        </section>
      )}
      <DocumentsSection owner={{ kind: 'entry', id: e.id }} mayChange={documentsChange} checklist={ed.requiredDocuments ?? []} missing={e.documentsMissing ?? []} />
      {e.fieldChecks.length > 0 && (
        <section aria-labelledby="field-checks-heading">
          <Title order={3} id="field-checks-heading" mb="sm">
            {t('competitions.entry.fieldChecks')}
          </Title>
          <Stack gap={4} data-testid="field-checks">
            {e.fieldChecks.map((c) => (
              <Text key={c.jurorId} size="sm">
                {c.jurorName} · {t(`competitions.entry.fieldCheckOutcomes.${c.outcome}`)} · {formatDate(c.checkedAt, lang)}: {c.note}
              </Text>
            ))}
          </Stack>
        </section>
      )}
      <EntryActions entry={e} edition={ed} scope={scope} />
    </Stack>
  );
}
