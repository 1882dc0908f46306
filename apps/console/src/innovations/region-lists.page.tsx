import { Alert, Badge, Button, Group, Loader, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Account } from '../api/accounts.client.js';
import { useSession } from '../accounts/use-session.js';
import { ApiError, unwrap } from '../api/api-error.js';
import { registry } from '../api/clients.js';
import type { Agency, InnovationType } from '../api/registry.types.js';
import { mayManageRegionLists, provinceOf } from '../app/permissions.js';
import { useRegencies } from '../catalogue/catalogue.queries.js';
import { PageTitle } from '../ui/page-title.js';
import { fieldErrorTexts } from '../api/error-text.js';
import { addAgency, addInnovationType, renameAgency, renameInnovationType, retireAgency, retireInnovationType } from './innovation-writes.js';
import { agencyActions, typeActions } from './region-lists-rules.js';

/** A write's refusal in the user's words: field errors by field, or one sentence. */
function useRefusal() {
  const { t } = useTranslation();
  return (error: unknown): { fields: Record<string, string>; message: string | null } => {
    const fields = fieldErrorTexts(error, t, (f) => t(`regionLists.fields.${f}`, { defaultValue: f }));
    if (Object.keys(fields).length > 0) return { fields, message: null };
    if (error instanceof ApiError && error.status === 409) {
      const stale = error.code === 'version.stale';
      return { fields, message: t(stale ? 'regionLists.stale' : 'regionLists.conflict') };
    }
    if (error instanceof ApiError && error.status === 403) return { fields, message: t('regionLists.forbidden') };
    return { fields, message: t('regionLists.failed') };
  };
}

/** One row's name, renamed in place: the new name, its error, save and cancel. */
function RenameCell({ name, label, onSave, onDone }: { name: string; label: string; onSave: (name: string) => Promise<void>; onDone: () => void }) {
  const { t } = useTranslation();
  const refusal = useRefusal();
  const [value, setValue] = useState(name);
  const [error, setError] = useState<string | undefined>();
  const [sending, setSending] = useState(false);
  const save = async () => {
    setSending(true);
    try {
      await onSave(value);
      onDone();
    } catch (e) {
      const r = refusal(e);
      setError(r.fields.name ?? r.message ?? undefined);
    } finally {
      setSending(false);
    }
  };
  return (
    <Group gap="xs" align="start" wrap="wrap">
      <TextInput aria-label={label} value={value} onChange={(e) => setValue(e.currentTarget.value)} error={error} style={{ flex: '1 1 12rem' }} />
      <Button size="sm" loading={sending} onClick={() => void save()}>
        {t('regionLists.save')}
      </Button>
      <Button size="sm" variant="default" onClick={onDone}>
        {t('regionLists.cancel')}
      </Button>
    </Group>
  );
}

function AgenciesSection({ account, region }: { account: Account; region: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const refusal = useRefusal();
  const agencies = useQuery({
    queryKey: ['agencies', region, 'with-retired'],
    queryFn: async () => unwrap(await registry.GET('/agencies', { params: { query: { region, includeRetired: true } } })) as Agency[],
  });
  const [name, setName] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [confirmRetire, setConfirmRetire] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const refresh = () => client.invalidateQueries({ queryKey: ['agencies', region] });

  const add = async () => {
    setSending(true);
    setMessage(null);
    try {
      await addAgency(region, name);
      setName('');
      setErrors({});
      await refresh();
    } catch (e) {
      const r = refusal(e);
      setErrors(r.fields);
      setMessage(r.message);
    } finally {
      setSending(false);
    }
  };
  const retire = async (agency: Agency) => {
    setMessage(null);
    try {
      await retireAgency(agency);
    } catch (e) {
      setMessage(refusal(e).message);
    }
    setConfirmRetire(null);
    await refresh();
  };

  return (
    <section aria-labelledby="agencies-heading">
      <Title order={3} id="agencies-heading" mb="sm">
        {t('regionLists.agencies')}
      </Title>
      <Group align="start" gap="sm" mb="sm" wrap="wrap">
        <TextInput label={t('regionLists.newAgency')} value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name ?? errors.regionCode} style={{ flex: '1 1 16rem' }} />
        <Button mt={{ base: 0, xs: 25 }} loading={sending} onClick={() => void add()}>
          {t('regionLists.addAgency')}
        </Button>
      </Group>
      {message && (
        <Alert color="red" role="alert" mb="sm">
          {message}
        </Alert>
      )}
      {agencies.isPending ? (
        <Loader size="sm" aria-label={t('common.loading')} />
      ) : agencies.isError ? (
        <Text size="sm">{t('regionLists.loadFailed')}</Text>
      ) : agencies.data.length === 0 ? (
        <Text size="sm">{t('regionLists.noAgencies')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={320}>
          <Table data-testid="agencies-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('regionLists.fields.name')}</Table.Th>
                <Table.Th>{t('regionLists.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {agencies.data.map((a) => {
                const actions = agencyActions(account, region, a);
                return (
                  <Table.Tr key={a.id}>
                    <Table.Td>
                      {renaming === a.id ? (
                        <RenameCell
                          name={a.name}
                          label={t('regionLists.renameLabel', { name: a.name })}
                          onSave={async (n) => {
                            await renameAgency(a, n);
                            await refresh();
                          }}
                          onDone={() => setRenaming(null)}
                        />
                      ) : (
                        <>
                          {a.name} {a.retiredAt && <Badge color="gray">{t('regionLists.retired')}</Badge>}
                        </>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Group gap="xs">
                        {actions.includes('rename') && renaming !== a.id && (
                          <Button size="xs" variant="default" onClick={() => setRenaming(a.id)} aria-label={t('regionLists.renameLabel', { name: a.name })}>
                            {t('regionLists.rename')}
                          </Button>
                        )}
                        {actions.includes('retire') &&
                          (confirmRetire === a.id ? (
                            <Button size="xs" color="red" onClick={() => void retire(a)}>
                              {t('regionLists.confirmRetire', { name: a.name })}
                            </Button>
                          ) : (
                            <Button size="xs" variant="outline" color="red" onClick={() => setConfirmRetire(a.id)} aria-label={t('regionLists.retireLabel', { name: a.name })}>
                              {t('regionLists.retire')}
                            </Button>
                          ))}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </section>
  );
}

function TypesSection({ account, region }: { account: Account; region: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const refusal = useRefusal();
  const types = useQuery({
    queryKey: ['innovation-types', region, 'with-retired'],
    queryFn: async () => unwrap(await registry.GET('/regions/{code}/innovation-types', { params: { path: { code: region }, query: { includeRetired: true } } })) as InnovationType[],
  });
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const refresh = () => client.invalidateQueries({ queryKey: ['innovation-types', region] });
  const active = (types.data ?? []).filter((ty) => !ty.retiredAt).length;

  const run = async (write: () => Promise<unknown>, after?: () => void) => {
    setSending(true);
    setMessage(null);
    try {
      await write();
      setErrors({});
      after?.();
    } catch (e) {
      const r = refusal(e);
      setErrors(r.fields);
      setMessage(r.message);
    } finally {
      setSending(false);
      await refresh();
    }
  };

  return (
    <section aria-labelledby="types-heading">
      <Title order={3} id="types-heading" mb="sm">
        {t('regionLists.types')}
      </Title>
      <Group align="start" gap="sm" mb="sm" wrap="wrap">
        <TextInput label={t('regionLists.fields.code')} description={t('regionLists.codeHint')} value={code} onChange={(e) => setCode(e.currentTarget.value)} error={errors.code} style={{ flex: '1 1 10rem' }} />
        <TextInput label={t('regionLists.fields.typeName')} value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} style={{ flex: '1 1 14rem' }} />
        <Button
          mt={{ base: 0, xs: 25 }}
          loading={sending}
          onClick={() =>
            void run(
              () => addInnovationType(region, code, name),
              () => {
                setCode('');
                setName('');
              },
            )
          }
        >
          {t('regionLists.addType')}
        </Button>
      </Group>
      {message && (
        <Alert color="red" role="alert" mb="sm">
          {message}
        </Alert>
      )}
      {types.isPending ? (
        <Loader size="sm" aria-label={t('common.loading')} />
      ) : types.isError ? (
        <Text size="sm">{t('regionLists.loadFailed')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={320}>
          <Table data-testid="types-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('regionLists.fields.typeName')}</Table.Th>
                <Table.Th>{t('regionLists.fields.code')}</Table.Th>
                <Table.Th>{t('regionLists.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {types.data.map((ty) => {
                const actions = typeActions(account, region, ty, active);
                return (
                  <Table.Tr key={ty.code}>
                    <Table.Td>
                      {renaming === ty.code ? (
                        <RenameCell
                          name={ty.name}
                          label={t('regionLists.renameLabel', { name: ty.name })}
                          onSave={async (n) => {
                            await renameInnovationType(region, ty.code, n);
                            await refresh();
                          }}
                          onDone={() => setRenaming(null)}
                        />
                      ) : (
                        <>
                          {ty.name} {ty.retiredAt && <Badge color="gray">{t('regionLists.retired')}</Badge>}
                        </>
                      )}
                    </Table.Td>
                    <Table.Td>{ty.code}</Table.Td>
                    <Table.Td>
                      <Group gap="xs">
                        {actions.includes('rename') && renaming !== ty.code && (
                          <Button size="xs" variant="default" onClick={() => setRenaming(ty.code)} aria-label={t('regionLists.renameLabel', { name: ty.name })}>
                            {t('regionLists.rename')}
                          </Button>
                        )}
                        {actions.includes('retire') && (
                          <Button size="xs" variant="outline" color="red" onClick={() => void run(() => retireInnovationType(region, ty.code))} aria-label={t('regionLists.retireLabel', { name: ty.name })}>
                            {t('regionLists.retire')}
                          </Button>
                        )}
                        {actions.includes('restore') && (
                          <Button size="xs" variant="default" onClick={() => void run(() => addInnovationType(region, ty.code, ty.name))} aria-label={t('regionLists.restoreLabel', { name: ty.name })}>
                            {t('regionLists.restore')}
                          </Button>
                        )}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </section>
  );
}

/** "OPD dan jenis inovasi" (/katalog/opd): a region admin's lists of agencies and innovation types. */
export default function RegionListsPage() {
  const { t } = useTranslation();
  const session = useSession();
  const account = session.status === 'signed-in' ? session.account : null;
  const province = account?.province ?? (account?.region ? provinceOf(account.region) : '33');
  const regencies = useRegencies(province);
  const [chosen, setChosen] = useState<string | null>(null);
  if (!account) return null;
  const region = account.role === 'region-admin' ? (account.region ?? '') : chosen;
  const regionName = regencies.data?.find((r) => r.code === region)?.name ?? region ?? '';

  return (
    <Stack gap="lg">
      <PageTitle>{t('regionLists.title')}</PageTitle>
      {account.role === 'region-admin' ? (
        <Text>{t('regionLists.ofRegion', { region: regionName })}</Text>
      ) : (
        <Select
          label={t('regionLists.chooseRegion')}
          searchable
          value={chosen}
          onChange={setChosen}
          data={(regencies.data ?? []).filter((r) => mayManageRegionLists(account, r.code)).map((r) => ({ value: r.code, label: r.name }))}
          maw={420}
        />
      )}
      {region && !mayManageRegionLists(account, region) && <Alert color="gray">{t('regionLists.mayNot')}</Alert>}
      {region && mayManageRegionLists(account, region) && (
        <>
          <AgenciesSection key={`a-${region}`} account={account} region={region} />
          <TypesSection key={`t-${region}`} account={account} region={region} />
        </>
      )}
    </Stack>
  );
}
