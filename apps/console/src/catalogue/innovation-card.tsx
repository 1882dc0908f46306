import { Anchor, Badge, Card, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Highlighted } from './highlighted.js';

export interface CardInnovation {
  id: string;
  name: string;
  agencyName: string;
  regionCode: string;
  yearRegistered: number;
  problem?: string | null;
  stage: string;
  typeCode: string;
  digital: boolean;
}

/** One search result, its matched words marked: in the signed-in catalogue and the public one. */
export function InnovationCard({ item, to, query, regionName }: { item: CardInnovation; to: string; query: string; regionName: (code: string) => string }) {
  const { t } = useTranslation();
  return (
    <Card withBorder padding="sm">
      <Anchor component={Link} to={to} fw={600}>
        <Highlighted text={item.name} query={query} />
      </Anchor>
      <Text size="sm">
        {item.agencyName} · {regionName(item.regionCode)} · {item.yearRegistered}
      </Text>
      {item.problem && (
        <Text size="sm" c="dimmed" lineClamp={2}>
          <Highlighted text={item.problem} query={query} />
        </Text>
      )}
      <Group gap="xs" mt={4}>
        <Badge color="teal">{t(`innovation.stages.${item.stage}`)}</Badge>
        <Badge color="gray">{t(`innovation.types.${item.typeCode}`, { defaultValue: item.typeCode })}</Badge>
        {item.digital && <Badge color="blue">{t('innovation.digital')}</Badge>}
      </Group>
    </Card>
  );
}
