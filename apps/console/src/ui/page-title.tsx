import { Title } from '@mantine/core';
import { useEffect } from 'react';

/** The page's heading, also its document title (what a screen reader and a browser tab announce). */
export function PageTitle({ children }: { children: string }) {
  useEffect(() => {
    document.title = `${children} · Lumbung`;
  }, [children]);
  return (
    <Title order={2} mb="md">
      {children}
    </Title>
  );
}
