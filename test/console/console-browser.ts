import { resolve } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';

export { CHROMIUM, CHROMIUM_ARGS, DESKTOP, PHONE } from './chromium.js';

/**
 * What every browser spec of the console shares: Debian's Chromium and its flags (never a
 * downloaded browser), the two screen sizes of issue 15, the axe check (a serious or critical
 * violation fails) and screenshots under test-output/console/ (ignored by git).
 */
export const SHOTS = resolve('test-output/console');

export async function expectAccessible(page: Page, what: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect({ page: what, violations: serious.map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`) }).toEqual({ page: what, violations: [] });
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: resolve(SHOTS, `${name}.png`), fullPage: true });
}
