import { Alert, Anchor, Badge, Button, Group, Loader, Modal, NumberInput, Paper, SegmentedControl, Select, SimpleGrid, Stack, Table, Text, Textarea, TextInput, Timeline, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useManagedAccounts } from '../accounts/accounts.queries.js';
import { useSession } from '../accounts/use-session.js';
import type { Scope } from '../app/permissions.js';
import { ApiError } from '../api/api-error.js';
import { explainError, fieldErrorTexts } from '../api/error-text.js';
import { formatDate, formatNumber } from '../i18n/format.js';
import { Definition } from '../ui/definition.js';
import { PageTitle } from '../ui/page-title.js';
import { PageControls, usePaged } from '../ui/paged.js';
import { extendWindow, laterPhases, mayDecide, mayEnter, mayNameFinalists, maySeeScores, mayRunEdition, PHASES, type SchedulePhase } from './competition-rules.js';
import { advancePhase, assignJuror, changeSchedule, decide, nameFinalists, removeJuror, resolveObjection, useEdition, useEntries, useJurors, useObjections, useRanking, useRefreshEdition } from './competitions.queries.js';
import type { EditionWithCounts, Entry, EntryCategory, Phase } from './competitions.types.js';
import { PanelsSection } from './panels-section.js';

/** A confirmation that names the consequence and explains a refusal in the user's words. */
export function ConfirmDialog({ title, consequence, confirm, danger, confirmDisabled, onConfirm, onClose, children }: {
  title: string;
  consequence: string;
  confirm: string;
  danger?: boolean;
  /** The action is not offered now (the dialog says why). */
  confirmDisabled?: boolean;
  onConfirm: () => Promise<unknown>;
  onClose: () => void;
  children?: React.ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const run = async () => {
    setSending(true);
    setFailure(null);
    try {
      await onConfirm();
      onClose();
    } catch (error) {
      const byField = Object.values(fieldErrorTexts(error, t));
      setFailure(byField.length ? byField.join(' ') : explainError(error, t, i18n.exists));
    } finally {
      setSending(false);
    }
  };
  return (
    <Modal opened onClose={onClose} title={title} centered closeButtonProps={{ 'aria-label': t('competitions.close') }}>
      <Stack>
        <Text size="sm">{consequence}</Text>
        {children}
        {failure && (
          <Alert color="red" role="alert">
            {failure}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('competitions.back')}
          </Button>
          <Button color={danger ? 'red' : undefined} loading={sending} disabled={confirmDisabled} onClick={() => void run()}>
            {confirm}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/**
 * Ubah jadwal: a phase's new last day, with the reason; the phases after it move as far as they
 * must (extendWindow), and the dialog shows every date that changes before it is sent.
 */
function ScheduleDialog({ edition, onClose }: { edition: EditionWithCounts; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const refresh = useRefreshEdition();
  const scheduled = PHASES.filter((p) => edition.schedule.some((w) => w.phase === p));
  const [phase, setPhase] = useState<SchedulePhase>((scheduled as readonly string[]).includes(edition.phase) ? (edition.phase as SchedulePhase) : scheduled[0]!);
  const current = edition.schedule.find((w) => w.phase === phase)!;
  const [endsOn, setEndsOn] = useState(current.endsOn);
  const [reason, setReason] = useState('');
  const changes = extendWindow(edition.schedule, phase, endsOn || current.endsOn);
  return (
    <ConfirmDialog
      title={t('competitions.schedule.title')}
      consequence={t('competitions.schedule.consequence')}
      confirm={t('competitions.schedule.confirm')}
      confirmDisabled={changes.length === 0 || !reason.trim()}
      onConfirm={async () => {
        await changeSchedule(edition.id, changes, reason.trim());
        await refresh(edition.id);
      }}
      onClose={onClose}
    >
      <Select
        label={t('competitions.schedule.phase')}
        allowDeselect={false}
        value={phase}
        data={scheduled.map((p) => ({ value: p, label: t(`competitions.phases.${p}`) }))}
        onChange={(v) => {
          const next = (v ?? phase) as SchedulePhase;
          setPhase(next);
          setEndsOn(edition.schedule.find((w) => w.phase === next)!.endsOn);
        }}
      />
      <TextInput type="date" label={t('competitions.schedule.endsOn')} value={endsOn} onChange={(e) => setEndsOn(e.currentTarget.value)} />
      <Textarea label={t('competitions.schedule.reason')} required autosize minRows={2} value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
      {changes.length > 0 && (
        <Stack gap={2} data-testid="schedule-changes">
          <Text size="sm" fw={600}>
            {t('competitions.schedule.newDates')}
          </Text>
          {changes.map((w) => (
            <Text key={w.phase} size="sm">
              {t(`competitions.phases.${w.phase}`)}: {formatDate(w.startsOn, lang)} – {formatDate(w.endsOn, lang)}
            </Text>
          ))}
        </Stack>
      )}
    </ConfirmDialog>
  );
}

/** The schedule as a timeline, the phase the edition is in marked; an admin moves it forward. */
function PhasesSection({ edition, runs }: { edition: EditionWithCounts; runs: boolean }) {
  const { t, i18n } = useTranslation();
  const refresh = useRefreshEdition();
  const later = laterPhases(edition);
  const [target, setTarget] = useState<Phase | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [rescheduling, setRescheduling] = useState(false);
  const ordered = PHASES.filter((p) => edition.schedule.some((w) => w.phase === p));
  const active = edition.phase === 'closed' ? ordered.length : ordered.indexOf(edition.phase as (typeof PHASES)[number]);
  const next = target ?? later[0] ?? null;
  return (
    <section aria-labelledby="phases-heading">
      <Title order={3} id="phases-heading" mb="sm">
        {t('competitions.edition.phases')}
      </Title>
      <Timeline bulletSize={14} lineWidth={2} active={active} data-testid="edition-phases">
        {ordered.map((p) => {
          const w = edition.schedule.find((s) => s.phase === p)!;
          return (
            <Timeline.Item key={p} title={t(`competitions.phases.${p}`)}>
              <Text size="sm">
                {formatDate(w.startsOn, i18n.language)} – {formatDate(w.endsOn, i18n.language)}
                {p === edition.phase ? ` · ${t('competitions.edition.now')}` : ''}
              </Text>
            </Timeline.Item>
          );
        })}
      </Timeline>
      {runs && later.length > 0 && (
        <Group align="flex-end" mt="md">
          <Select
            label={t('competitions.edition.moveTo')}
            value={next}
            allowDeselect={false}
            data={later.map((p) => ({ value: p, label: t(`competitions.phases.${p}`) }))}
            onChange={(v) => setTarget(v as Phase)}
            w={260}
          />
          <Button onClick={() => setConfirming(true)} disabled={!next}>
            {t('competitions.edition.advance')}
          </Button>
          {!edition.decidedAt && (
            <Button variant="default" onClick={() => setRescheduling(true)}>
              {t('competitions.schedule.title')}
            </Button>
          )}
        </Group>
      )}
      {rescheduling && <ScheduleDialog edition={edition} onClose={() => setRescheduling(false)} />}
      {confirming && next && (
        <ConfirmDialog
          title={t('competitions.edition.advanceTitle', { phase: t(`competitions.phases.${next}`) })}
          consequence={t('competitions.edition.advanceConsequence')}
          confirm={t('competitions.edition.advanceConfirm', { phase: t(`competitions.phases.${next}`) })}
          onConfirm={async () => {
            await advancePhase(edition.id, next as Exclude<Phase, 'planned'>);
            setTarget(null);
            await refresh(edition.id);
          }}
          onClose={() => setConfirming(false)}
        />
      )}
    </section>
  );
}

function EntriesSection({ edition, entries, scope, scores }: { edition: EditionWithCounts; entries: Entry[]; scope: Scope; scores: boolean }) {
  const { t, i18n } = useTranslation();
  const { page, setPage, pages, shown } = usePaged(entries, 25);
  const dash = '—';
  return (
    <section aria-labelledby="entries-heading">
      <Group justify="space-between" mb="sm">
        <Title order={3} id="entries-heading">
          {t('competitions.edition.entries', { count: entries.length })}
        </Title>
        {mayEnter(scope, edition) && (
          <Button component={Link} to={`/kompetisi/${edition.id}/kirim`}>
            {t('competitions.edition.enter')}
          </Button>
        )}
      </Group>
      {entries.length === 0 ? (
        <Text data-testid="entries-empty">{t('competitions.edition.noEntries')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table striped highlightOnHover aria-labelledby="entries-heading" data-testid="entries-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('competitions.columns.innovation')}</Table.Th>
                <Table.Th>{t('competitions.columns.agency')}</Table.Th>
                <Table.Th>{t('competitions.columns.state')}</Table.Th>
                {scores && <Table.Th ta="right">{t('competitions.columns.score')}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/kompetisi/entri/${e.id}`}>
                      {e.innovationName}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{e.agencyName}</Table.Td>
                  <Table.Td>
                    <Badge variant="outline">{t(`tracking.states.${e.state}`)}</Badge>
                  </Table.Td>
                  {scores && <Table.Td ta="right">{e.proposalScore == null ? dash : formatNumber(e.proposalScore, i18n.language)}</Table.Td>}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <PageControls page={page} pages={pages} setPage={setPage} />
    </section>
  );
}

/** The jurors of the edition; its admin assigns juror accounts of their area and removes them. */
function JurorsSection({ edition, runs }: { edition: EditionWithCounts; runs: boolean }) {
  const { t, i18n } = useTranslation();
  const jurors = useJurors(edition.id);
  const accounts = useManagedAccounts(runs);
  const [accountId, setAccountId] = useState<string | null>(null);
  const [affiliation, setAffiliation] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);
  if (jurors.isPending) return <Loader size="sm" aria-label={t('common.loading')} />;
  if (jurors.isError) return <Text size="sm">{t('competitions.loadFailed')}</Text>;
  const assigned = new Set(jurors.data.map((j) => j.jurorId));
  const candidates = (accounts.data ?? []).filter((a) => a.role === 'juror' && a.active && !assigned.has(a.id));
  const assign = async () => {
    const account = candidates.find((a) => a.id === accountId);
    if (!account) return;
    setFailure(null);
    try {
      await assignJuror(edition.id, { jurorId: account.id, name: account.name, ...(affiliation.trim() ? { affiliation: affiliation.trim() } : {}) });
      setAccountId(null);
      setAffiliation('');
      await jurors.refetch();
    } catch (error) {
      setFailure(explainError(error, t, i18n.exists));
    }
  };
  return (
    <section aria-labelledby="jurors-heading">
      <Title order={3} id="jurors-heading" mb="sm">
        {t('competitions.edition.jurors')}
      </Title>
      {jurors.data.length === 0 ? (
        <Text size="sm" data-testid="jurors-empty">
          {t('competitions.edition.noJurors')}
        </Text>
      ) : (
        <Stack gap={4} data-testid="jurors-list">
          {jurors.data.map((j) => (
            <Group key={j.jurorId} gap="sm">
              <Text size="sm">
                {j.name}
                {j.affiliation ? ` · ${j.affiliation}` : ''}
              </Text>
              {runs && !edition.decidedAt && (
                <Button size="compact-xs" variant="subtle" color="red" onClick={() => setRemoving(j.jurorId)} aria-label={t('competitions.edition.removeJuror', { name: j.name })}>
                  {t('competitions.edition.remove')}
                </Button>
              )}
            </Group>
          ))}
        </Stack>
      )}
      {runs && !edition.decidedAt && (
        <Group align="flex-end" mt="sm">
          <Select
            label={t('competitions.edition.jurorAccount')}
            placeholder={candidates.length ? t('competitions.edition.pickJuror') : t('competitions.edition.noJurorAccounts')}
            data={candidates.map((a) => ({ value: a.id, label: `${a.name} (${a.email})` }))}
            value={accountId}
            onChange={setAccountId}
            searchable
            w={320}
          />
          <TextInput label={t('competitions.edition.affiliation')} value={affiliation} onChange={(e) => setAffiliation(e.currentTarget.value)} w={240} />
          <Button onClick={() => void assign()} disabled={!accountId}>
            {t('competitions.edition.assign')}
          </Button>
        </Group>
      )}
      {failure && (
        <Alert color="red" role="alert" mt="sm">
          {failure}
        </Alert>
      )}
      {removing && (
        <ConfirmDialog
          title={t('competitions.edition.removeJuror', { name: jurors.data.find((j) => j.jurorId === removing)?.name ?? removing })}
          consequence={t('competitions.edition.removeConsequence')}
          confirm={t('competitions.edition.remove')}
          danger
          onConfirm={async () => {
            await removeJuror(edition.id, removing);
            await jurors.refetch();
          }}
          onClose={() => setRemoving(null)}
        />
      )}
    </section>
  );
}

/** The ranking as scores arrive (refreshed while the jury scores), then the decision. */
function RankingSection({ edition, scope, entries }: { edition: EditionWithCounts; scope: Scope; entries: Entry[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const refresh = useRefreshEdition();
  // A national edition's categories rank apart: one ranking at a time, the first category to start.
  const categories = edition.categories ?? [];
  const [category, setCategory] = useState<EntryCategory | undefined>(categories[0]?.code);
  const ranking = useRanking(edition.id, true, edition.phase === 'scoring', categories.length ? category : undefined);
  const [deciding, setDeciding] = useState(false);
  const [naming, setNaming] = useState(false);
  const [finalists, setFinalists] = useState<number | string>('');
  const paged = usePaged(ranking.data?.rows ?? [], 25);
  const dash = '—';
  if (ranking.isPending) return <Loader size="sm" aria-label={t('common.loading')} />;
  if (ranking.isError) return <Text size="sm">{t('competitions.loadFailed')}</Text>;
  const ranked = ranking.data.rows.filter((r) => r.rank != null);
  const candidates = ranked.filter((r) => r.state === 'scored');
  // With panels the rank is by the score centred on each panel; the panel's own mean is shown beside it.
  const panelled = ranking.data.rows.some((r) => r.panelId);
  const finalistCount = edition.finalistCount ?? (typeof finalists === 'number' ? finalists : candidates.length);
  return (
    <section aria-labelledby="ranking-heading">
      <Title order={3} id="ranking-heading" mb="sm">
        {edition.decidedAt ? t('competitions.edition.rankingFinal') : t('competitions.edition.ranking')}
      </Title>
      {categories.length > 0 && (
        <SegmentedControl
          mb="sm"
          aria-label={t('competitions.category.label')}
          value={category}
          onChange={(v) => setCategory(v as EntryCategory)}
          data={categories.map((c) => ({ value: c.code, label: t(`competitions.category.${c.code}`) }))}
        />
      )}
      {ranking.data.rows.length === 0 ? (
        <Text size="sm" data-testid="ranking-empty">
          {t('competitions.edition.noRanking')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table striped aria-labelledby="ranking-heading" data-testid="ranking-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th ta="right">{t('competitions.columns.rank')}</Table.Th>
                <Table.Th>{t('competitions.columns.innovation')}</Table.Th>
                <Table.Th ta="right">{t('competitions.columns.score')}</Table.Th>
                {panelled && <Table.Th ta="right">{t('competitions.columns.panelScore')}</Table.Th>}
                <Table.Th ta="right">{t('competitions.columns.jurors')}</Table.Th>
                <Table.Th>{t('competitions.columns.state')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {paged.shown.map((r) => (
                <Table.Tr key={r.entryId}>
                  <Table.Td ta="right">{r.rank ?? dash}</Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/kompetisi/entri/${r.entryId}`}>
                      {r.innovationName}
                    </Anchor>
                  </Table.Td>
                  <Table.Td ta="right">{r.score == null ? dash : formatNumber(r.score, lang)}</Table.Td>
                  {panelled && <Table.Td ta="right">{r.panelScore == null ? dash : formatNumber(r.panelScore, lang)}</Table.Td>}
                  <Table.Td ta="right">
                    {r.jurors}
                    {r.partialSheets > 0 ? ` (+${r.partialSheets} ${t('competitions.edition.partial')})` : ''}
                  </Table.Td>
                  <Table.Td>{t(`tracking.states.${r.state}`)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <PageControls page={paged.page} pages={paged.pages} setPage={paged.setPage} />
      <Group mt="md">
        {mayNameFinalists(scope, edition, entries) && (
          <Button variant="default" onClick={() => setNaming(true)}>
            {t('competitions.edition.nameFinalists')}
          </Button>
        )}
        {mayDecide(scope, edition) && (
          <Button onClick={() => setDeciding(true)} disabled={ranked.length === 0}>
            {t('competitions.edition.decide')}
          </Button>
        )}
      </Group>
      {naming && (
        <ConfirmDialog
          title={t('competitions.edition.nameFinalists')}
          consequence={t('competitions.edition.finalistsConsequence', { count: Math.min(finalistCount, candidates.length) })}
          confirm={t('competitions.edition.finalistsConfirm')}
          confirmDisabled={finalistCount < 1}
          onConfirm={async () => {
            // Without the edition's own finalistCount, the admin says how many of the ranking go through.
            await nameFinalists(edition.id, edition.finalistCount ? undefined : candidates.slice(0, finalistCount).map((r) => r.entryId));
            await refresh(edition.id);
          }}
          onClose={() => setNaming(false)}
        >
          {!edition.finalistCount && (
            <NumberInput label={t('competitions.edition.finalistNumber')} min={1} max={candidates.length} value={finalistCount} onChange={setFinalists} maw={200} />
          )}
        </ConfirmDialog>
      )}
      {deciding && (
        <ConfirmDialog
          title={t('competitions.edition.decide')}
          consequence={t('competitions.edition.decideConsequence', { count: Math.min(edition.winnerCount, ranked.length) })}
          confirm={t('competitions.edition.decideConfirm')}
          onConfirm={async () => {
            await decide(edition.id);
            await refresh(edition.id);
          }}
          onClose={() => setDeciding(false)}
        >
          <Stack gap={2}>
            {ranked.slice(0, edition.winnerCount).map((r) => (
              <Text key={r.entryId} size="sm">
                {r.rank}. {r.innovationName} ({r.score == null ? dash : formatNumber(r.score, lang)})
              </Text>
            ))}
          </Stack>
        </ConfirmDialog>
      )}
    </section>
  );
}

/** The objections (sanggah) filed against finalists; the admin upholds (disqualifying) or dismisses each with a note. */
function ObjectionsSection({ edition, runs, entries }: { edition: EditionWithCounts; runs: boolean; entries: Entry[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const refresh = useRefreshEdition();
  const objections = useObjections(edition.id, true);
  const [resolving, setResolving] = useState<{ id: string; outcome: 'upheld' | 'dismissed' } | null>(null);
  const [note, setNote] = useState('');
  const nameOf = (entryId: string) => entries.find((e) => e.id === entryId)?.innovationName ?? entryId;
  return (
    <section aria-labelledby="objections-heading">
      <Title order={3} id="objections-heading" mb="sm">
        {t('competitions.objections.title')}
      </Title>
      {objections.isPending ? (
        <Loader size="sm" aria-label={t('common.loading')} />
      ) : objections.isError ? (
        <Text size="sm">{t('competitions.loadFailed')}</Text>
      ) : objections.data.length === 0 ? (
        <Text size="sm" data-testid="objections-empty">
          {t('competitions.objections.none')}
        </Text>
      ) : (
        <Stack gap="sm" data-testid="objections-list">
          {objections.data.map((o) => (
            <Paper key={o.id} withBorder p="sm">
              <Text size="sm" fw={600}>
                {nameOf(o.entryId)} · {formatDate(o.filedAt, lang)}
              </Text>
              <Text size="sm">{o.reason}</Text>
              <Text size="sm" mt={4}>
                {o.outcome ? `${t(`competitions.objections.outcomes.${o.outcome}`)}: ${o.note ?? ''}` : t('competitions.objections.open')}
              </Text>
              {runs && !o.outcome && (
                <Group gap="xs" mt="xs">
                  <Button size="xs" color="red" variant="outline" onClick={() => setResolving({ id: o.id, outcome: 'upheld' })}>
                    {t('competitions.objections.uphold')}
                  </Button>
                  <Button size="xs" variant="default" onClick={() => setResolving({ id: o.id, outcome: 'dismissed' })}>
                    {t('competitions.objections.dismiss')}
                  </Button>
                </Group>
              )}
            </Paper>
          ))}
        </Stack>
      )}
      {resolving && (
        <ConfirmDialog
          title={t(resolving.outcome === 'upheld' ? 'competitions.objections.uphold' : 'competitions.objections.dismiss')}
          consequence={t(`competitions.objections.consequences.${resolving.outcome}`)}
          confirm={t(resolving.outcome === 'upheld' ? 'competitions.objections.uphold' : 'competitions.objections.dismiss')}
          danger={resolving.outcome === 'upheld'}
          onConfirm={async () => {
            await resolveObjection(resolving.id, resolving.outcome, note.trim());
            setNote('');
            await Promise.all([objections.refetch(), refresh(edition.id)]);
          }}
          onClose={() => setResolving(null)}
        >
          <Textarea label={t('competitions.objections.note')} required autosize minRows={2} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
        </ConfirmDialog>
      )}
    </section>
  );
}

/** One edition: what it is, its phases on a timeline, its criteria and weights, entries, jury, ranking and decision. */
export default function EditionPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const session = useSession();
  const edition = useEdition(id);
  const entries = useEntries(id);
  if (session.status !== 'signed-in') return null;
  const scope = session.account;
  if (edition.isPending) return <Loader aria-label={t('common.loading')} />;
  if (edition.isError) {
    const notFound = edition.error instanceof ApiError && [400, 404].includes(edition.error.status);
    return (
      <Alert color="red" role="alert">
        {t(notFound ? 'competitions.notFound' : 'competitions.loadFailed')}
      </Alert>
    );
  }
  const e = edition.data;
  const runs = mayRunEdition(scope, e);
  const scores = maySeeScores(scope, e);
  const afterCheck = ['scoring', 'objection', 'presentation', 'field-check', 'decision', 'award', 'closed'].includes(e.phase);
  return (
    <Stack gap="lg">
      <div>
        <PageTitle>{e.name}</PageTitle>
        <Group gap="xs">
          <Badge color="teal" data-testid="edition-phase">
            {t(`competitions.phases.${e.phase}`)}
          </Badge>
          <Badge color="gray">{t(`tracking.levels.${e.level}`)}</Badge>
          {e.decidedAt && <Badge color="grape">{t('competitions.edition.decidedOn', { date: formatDate(e.decidedAt, lang) })}</Badge>}
        </Group>
      </div>

      <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} component="dl" spacing="sm" m={0}>
        <Definition label={t('competitions.form.year')}>{String(e.year)}</Definition>
        <Definition label={t('competitions.form.winnerCount')}>{String(e.winnerCount)}</Definition>
        <Definition label={t('competitions.form.forwardingQuota')}>{e.forwardingQuota == null ? t('competitions.edition.noQuota') : String(e.forwardingQuota)}</Definition>
        <Definition label={t('competitions.form.entriesPerAgency')}>{String(e.eligibility.entriesPerAgency)}</Definition>
        {(e.requiredDocuments ?? []).length > 0 && <Definition label={t('documents.required')}>{(e.requiredDocuments ?? []).join(', ')}</Definition>}
        {(e.categories ?? []).length > 0 && (
          <Definition label={t('competitions.category.label')}>{(e.categories ?? []).map((c) => `${t(`competitions.category.${c.code}`)} (${c.quota})`).join(', ')}</Definition>
        )}
      </SimpleGrid>

      <PhasesSection edition={e} runs={runs} />

      <section aria-labelledby="criteria-heading">
        <Title order={3} id="criteria-heading" mb="sm">
          {t('competitions.form.criteria')}
        </Title>
        <Table aria-labelledby="criteria-heading" data-testid="edition-criteria" maw={520}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('competitions.columns.criterion')}</Table.Th>
              <Table.Th ta="right">{t('competitions.columns.weight')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {e.criteria.map((c) => (
              <Table.Tr key={c.code}>
                <Table.Td>{c.name}</Table.Td>
                <Table.Td ta="right">{formatNumber(c.weight, lang)}%</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </section>

      {entries.isPending ? (
        <Loader size="sm" aria-label={t('common.loading')} />
      ) : entries.isError ? (
        <Text size="sm">{t('competitions.loadFailed')}</Text>
      ) : (
        <EntriesSection edition={e} entries={entries.data} scope={scope} scores={scores} />
      )}

      {(runs || scope.role === 'juror') && <JurorsSection edition={e} runs={runs} />}
      {(runs || scope.role === 'juror') && <PanelsSection edition={e} runs={runs} entries={entries.data ?? []} />}
      {scores && afterCheck && <RankingSection edition={e} scope={scope} entries={entries.data ?? []} />}
      {(e.schedule.some((w) => w.phase === 'objection') || e.phase === 'objection') && <ObjectionsSection edition={e} runs={runs} entries={entries.data ?? []} />}
    </Stack>
  );
}
