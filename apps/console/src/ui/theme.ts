import { createTheme, type CSSVariablesResolver } from '@mantine/core';

// Teal shade 9 under white text, and dimmed text in gray 7, meet WCAG AA contrast (4.5:1) at small
// sizes, hovered too; Mantine's defaults (teal 6, gray 6) do not, and axe-core fails the browser suite on them.
export const theme = createTheme({
  primaryColor: 'teal',
  primaryShade: 9,
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif',
});

export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    // A hovered button goes darker, not lighter: Mantine's hover for shade 9 is shade 8, below AA.
    '--mantine-color-teal-filled-hover': '#06604a',
    '--mantine-primary-color-filled-hover': '#06604a',
    // A field's error text in red 9: Mantine's red 6 on white is below AA.
    '--mantine-color-error': 'var(--mantine-color-red-9)',
  },
  dark: {},
});
