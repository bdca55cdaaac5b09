/**
 * Headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core), offline: the one place that starts it.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';

/** Default Chromium binary (Debian package `chromium`; `npm run setup:debian` installs it). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags for a quiet, offline, sandbox-free Chromium (playwright adds `--headless` itself). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Makes sure Debian's chromium is there, installing it with scripts/setup-debian-packages.sh when absent. */
export function ensureChromium(root: string): void {
  if (fs.existsSync(CHROMIUM_PATH)) return;
  console.log(`${CHROMIUM_PATH} absent : installation par scripts/setup-debian-packages.sh…`);
  const result = spawnSync('bash', [path.join(root, 'scripts', 'setup-debian-packages.sh')], { stdio: 'inherit' });
  if (result.status !== 0 || !fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`chromium reste introuvable (${CHROMIUM_PATH}) : installez-le (npm run setup:debian en root), puis relancez.`);
  }
}

/** Starts headless Chromium; the caller must close it (in a finally). */
export async function launchChromium(chromiumPath = CHROMIUM_PATH): Promise<Browser> {
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(`Chromium not found at ${chromiumPath}: run \`npm run setup:debian\` (installs Debian's chromium with apt-get), then retry.`);
  }
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS, headless: true });
}
