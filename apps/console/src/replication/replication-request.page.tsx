import { Alert, Badge, Button, Group, Loader, Modal, Select, SimpleGrid, Stack, Text, Textarea, TextInput, Timeline, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useSession } from '../accounts/use-session.js';
import { DocumentsSection } from '../documents/documents-section.js';
import { ApiError } from '../api/api-error.js';
import { useRegencies } from '../catalogue/catalogue.queries.js';
import { formatDate, formatDateTime } from '../i18n/format.js';
import { PageTitle } from '../ui/page-title.js';
import { actionsFor, mayChangeDocuments, type ReplicationAction, type ReplicationStatus } from './replication-actions.js';
import { changesSince, FINAL_STEPS, missingFields, PROGRESS_KINDS, STEP_FIELDS, stepBody } from './replication-steps.js';
import { fetchRequest, fetchTimeline, takeStep, useRequest, useTimeline } from './replication.queries.js';
import type { ReplicationRequest, TimelineEntry } from './replication.types.js';
import { Definition } from '../ui/definition.js';

/** The field errors of a 400 answer, by field name. */
function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const body = error.body as { errors?: { field: string; messages: string[] }[] } | undefined;
  return Object.fromEntries((body?.errors ?? []).map((e) => [e.field, e.messages.join(' ')]));
}

interface Stale {
  from: ReplicationStatus;
  to: ReplicationStatus;
  steps: TimelineEntry[];
}

/** A step's dialog: asks once, names the consequence, sends the version read. */
function StepDialog({ request, action, onClose, onStale }: { request: ReplicationRequest; action: ReplicationAction; onClose: () => void; onStale: (stale: Stale) => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [values, setValues] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  const submit = async () => {
    const missing = missingFields(action, values);
    if (missing.length > 0) {
      setErrors(Object.fromEntries(missing.map((m) => [m, t('replication.form.required')])));
      return;
    }
    setSending(true);
    setFailure(null);
    try {
      const updated = await takeStep(request.id, request.version, action, stepBody(action, values));
      client.setQueryData(['replication-request', request.id], updated);
      await Promise.all([client.invalidateQueries({ queryKey: ['replication-timeline', request.id] }), client.invalidateQueries({ queryKey: ['replication-requests'] })]);
      onClose();
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        // Someone else moved the request since it was read: reload both and say what changed.
        const [now, timeline] = await Promise.all([fetchRequest(request.id), fetchTimeline(request.id)]);
        client.setQueryData(['replication-request', request.id], now);
        client.setQueryData(['replication-timeline', request.id], timeline);
        const changes = changesSince(request, now, timeline);
        onStale({ from: request.status, to: now.status, steps: changes.steps });
        onClose();
        return;
      }
      const byField = fieldErrors(error);
      setErrors(byField);
      if (Object.keys(byField).length === 0) setFailure(t('replication.form.failed'));
    } finally {
      setSending(false);
    }
  };

  const set = (name: string) => (value: string) => setValues((v) => ({ ...v, [name]: value }));
  return (
    <Modal opened onClose={onClose} title={t(`replication.steps.${action}`)} centered closeButtonProps={{ 'aria-label': t('replication.form.close') }}>
      <Stack>
        <Text size="sm">{t(`replication.consequences.${action}`)}</Text>
        {STEP_FIELDS[action].map((f) => {
          const common = { label: t(`replication.fields.${f.name}`), required: f.required, error: errors[f.name], value: values[f.name] ?? '' };
          if (f.kind === 'textarea') return <Textarea key={f.name} {...common} autosize minRows={2} onChange={(e) => set(f.name)(e.currentTarget.value)} />;
          if (f.kind === 'progress-kind')
            return (
              <Select
                key={f.name}
                {...common}
                value={values[f.name] ?? null}
                data={PROGRESS_KINDS.map((k) => ({ value: k, label: t(`replication.progressKinds.${k}`) }))}
                onChange={(v) => set(f.name)(v ?? '')}
              />
            );
          return <TextInput key={f.name} {...common} type={f.kind === 'date' ? 'date' : 'text'} onChange={(e) => set(f.name)(e.currentTarget.value)} />;
        })}
        {failure && (
          <Alert color="red" role="alert">
            {failure}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('replication.form.back')}
          </Button>
          <Button color={FINAL_STEPS.includes(action) ? 'red' : undefined} loading={sending} onClick={() => void submit()}>
            {t(`replication.confirm.${action}`)}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** A request: the record, then its timeline, then the steps the user may take now. */
export default function ReplicationRequestPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const session = useSession();
  const request = useRequest(id);
  const timeline = useTimeline(id);
  const regencies = useRegencies('33');
  const [open, setOpen] = useState<ReplicationAction | null>(null);
  const [stale, setStale] = useState<Stale | null>(null);
  const regionName = (code: string) => regencies.data?.find((r) => r.code === code)?.name ?? code;
  const statusLabel = (s: string) => t(`replication.statuses.${s}`, { defaultValue: s });

  if (request.isPending) return <Loader aria-label={t('common.loading')} />;
  if (request.isError) {
    const notFound = request.error instanceof ApiError && [400, 403, 404].includes(request.error.status);
    return (
      <Alert color="red" role="alert">
        {t(notFound ? 'replication.notFound' : 'replication.loadFailed')}
      </Alert>
    );
  }
  const r = request.data;
  const actions = session.status === 'signed-in' ? actionsFor(session.account, r) : [];
  const dash = '—';

  return (
    <Stack gap="lg">
      <div>
        <PageTitle>{t('replication.requestHeading', { name: r.originInnovationName })}</PageTitle>
        <Group gap="xs">
          <Badge color="teal" data-testid="request-status">
            {statusLabel(r.status)}
          </Badge>
          <Badge color="gray">{t(`replication.models.${r.model}`)}</Badge>
          {r.stalled && <Badge color="orange">{t('replication.stalled')}</Badge>}
        </Group>
      </div>

      {stale && (
        <Alert color="yellow" role="alert" title={t('replication.staleTitle')} withCloseButton onClose={() => setStale(null)} closeButtonLabel={t('replication.form.close')}>
          {stale.from === stale.to ? t('replication.staleSameStatus', { status: statusLabel(stale.to) }) : t('replication.staleMoved', { from: statusLabel(stale.from), to: statusLabel(stale.to) })}
          {stale.steps.length > 0 && ' ' + t('replication.staleSteps', { steps: stale.steps.map((s) => `${t(`replication.timelineActions.${s.action}`, { defaultValue: s.action })} (${s.actor})`).join(', ') })}
        </Alert>
      )}

      <section aria-labelledby="record-heading">
        <Title order={3} id="record-heading" mb="sm">
          {t('replication.record')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }} component="dl" spacing="sm" m={0}>
          <Definition label={t('replication.fields.origin')}>{regionName(r.originRegionCode)}</Definition>
          <Definition label={t('replication.fields.adopter')}>
            {r.adopterAgencyName} · {regionName(r.adopterRegionCode)}
          </Definition>
          <Definition label={t('replication.fields.requestedAt')}>{formatDate(r.requestedAt, lang)}</Definition>
          <Definition label={t('replication.fields.lastActivityAt')}>{formatDateTime(r.lastActivityAt, lang)}</Definition>
          <Definition label={t('replication.fields.reason')}>{r.reason}</Definition>
          <Definition label={t('replication.fields.plan')}>{r.plan}</Definition>
          <Definition label={t('replication.fields.contact')}>{[r.contact.name, r.contact.position, r.contact.phone, r.contact.email].filter(Boolean).join(' · ')}</Definition>
          {r.facilitator && <Definition label={t('replication.fields.facilitator')}>{r.facilitator.name}</Definition>}
          <Definition label={t('replication.fields.agreement')}>
            {r.agreement ? `${r.agreement.mouNumber} (${formatDate(r.agreement.mouSignedOn, lang)}) · ${r.agreement.pksNumber} (${formatDate(r.agreement.pksSignedOn, lang)})` : dash}
          </Definition>
          {r.benefitEvaluation && <Definition label={t('replication.fields.benefitEvaluation')}>{r.benefitEvaluation}</Definition>}
        </SimpleGrid>
      </section>

      <DocumentsSection owner={{ kind: 'replication-request', id: r.id }} mayChange={session.status === 'signed-in' && mayChangeDocuments(session.account, r)} />

      <section aria-labelledby="timeline-heading">
        <Title order={3} id="timeline-heading" mb="sm">
          {t('replication.timeline')}
        </Title>
        {timeline.isPending ? (
          <Loader size="sm" aria-label={t('common.loading')} />
        ) : timeline.isError ? (
          <Text size="sm">{t('replication.timelineFailed')}</Text>
        ) : (
          <Timeline bulletSize={14} lineWidth={2} active={timeline.data.length - 1} data-testid="request-timeline">
            {timeline.data.map((e) => (
              <Timeline.Item key={e.version} title={t(`replication.timelineActions.${e.action}`, { defaultValue: e.action })}>
                <Text size="sm">
                  {formatDateTime(e.at, lang)} · {e.actor} ({t(`roles.${e.actorRole}`, { defaultValue: e.actorRole })}) · {statusLabel(e.toStatus)}
                </Text>
                {e.note && <Text size="xs">{e.note}</Text>}
              </Timeline.Item>
            ))}
          </Timeline>
        )}
      </section>

      <section aria-labelledby="actions-heading">
        <Title order={3} id="actions-heading" mb="sm">
          {t('replication.whatYouCanDo')}
        </Title>
        {actions.length === 0 ? (
          <Text size="sm" data-testid="no-actions">
            {t('replication.noActions')}
          </Text>
        ) : (
          <Group gap="sm">
            {actions.map((a) => (
              <Button key={a} variant={FINAL_STEPS.includes(a) ? 'outline' : 'filled'} color={FINAL_STEPS.includes(a) ? 'red' : undefined} onClick={() => setOpen(a)}>
                {t(`replication.steps.${a}`)}
              </Button>
            ))}
          </Group>
        )}
      </section>
      {open && <StepDialog request={r} action={open} onClose={() => setOpen(null)} onStale={setStale} />}
    </Stack>
  );
}
