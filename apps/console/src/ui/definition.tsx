import { Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** One label and its value in a record's description list (`dl`): how a screen reader pairs them. */
export function Definition({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" component="dt">
        {label}
      </Text>
      <Text size="sm" component="dd" m={0} style={{ whiteSpace: 'pre-wrap' }}>
        {children}
      </Text>
    </div>
  );
}
