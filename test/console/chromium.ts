/**
 * Debian's Chromium with the flags issue 15 names (never a downloaded browser), and the two screen
 * sizes: shared by the console's browser suites and the tracking page bench, which runs outside Jest.
 */
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'];
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };
