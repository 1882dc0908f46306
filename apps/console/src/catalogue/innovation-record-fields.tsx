import { SimpleGrid, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../i18n/format.js';
import { Definition } from '../ui/definition.js';

/** The fields an innovation shows wherever it is read: the signed-in record and the public page. */
export interface RecordFields {
  agencyName: string;
  regionCode: string;
  typeCode: string;
  initiator: string;
  form: string;
  governmentAffair: string;
  trialStartedOn?: string | null;
  implementedOn?: string | null;
  yearRegistered: number;
  problem?: string | null;
  design?: string | null;
  goals?: string | null;
  benefits?: string | null;
  results?: string | null;
  adaptationNotes?: string | null;
}

const TEXTS = ['problem', 'design', 'goals', 'benefits', 'results', 'adaptationNotes'] as const;

/** An innovation's record as a description list; `children` adds fields only the caller's page has. */
export function InnovationRecordFields({ record, regionName, typeName, children }: { record: RecordFields; regionName: (code: string) => string; typeName: (code: string) => string; children?: React.ReactNode }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const dash = '—';
  return (
    <>
      <SimpleGrid cols={{ base: 1, sm: 2 }} component="dl" spacing="sm" m={0}>
        <Definition label={t('innovation.fields.agency')}>{record.agencyName}</Definition>
        <Definition label={t('innovation.fields.region')}>{regionName(record.regionCode)}</Definition>
        <Definition label={t('innovation.fields.type')}>{typeName(record.typeCode)}</Definition>
        <Definition label={t('innovation.fields.initiator')}>{t(`innovation.initiators.${record.initiator}`)}</Definition>
        <Definition label={t('innovation.fields.form')}>{t(`innovation.forms.${record.form}`)}</Definition>
        <Definition label={t('innovation.fields.governmentAffair')}>{record.governmentAffair}</Definition>
        <Definition label={t('innovation.fields.trialStartedOn')}>{record.trialStartedOn ? formatDate(record.trialStartedOn, lang) : dash}</Definition>
        <Definition label={t('innovation.fields.implementedOn')}>{record.implementedOn ? formatDate(record.implementedOn, lang) : dash}</Definition>
        <Definition label={t('innovation.fields.yearRegistered')}>{record.yearRegistered}</Definition>
        {children}
      </SimpleGrid>
      <Stack gap="sm" mt="md" mb={0} component="dl">
        {TEXTS.map((key) =>
          record[key] ? (
            <Definition key={key} label={t(`innovation.fields.${key}`)}>
              {record[key]}
            </Definition>
          ) : null,
        )}
      </Stack>
    </>
  );
}
