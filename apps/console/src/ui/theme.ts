import { createTheme } from '@mantine/core';

// Teal reads well on white at small sizes (WCAG AA contrast for links and buttons with shade 8).
export const theme = createTheme({
  primaryColor: 'teal',
  primaryShade: 8,
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif',
});
