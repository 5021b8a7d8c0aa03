import fs from 'fs';
import path from 'path';
import { chromium, type Browser, type Page } from 'playwright-core';

const SCREENSHOTS = path.join(__dirname, '..', 'screenshots');

/** Debian's chromium, never a downloaded browser. */
export const launchBrowser = (): Promise<Browser> =>
  chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });

/** A fresh browser context (its own cookies and storage) signed in to the admin panel through its login form. */
export const signIn = async (browser: Browser, baseUrl: string, email: string, password: string): Promise<Page> => {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1440, height: 1000 } });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  await page.goto('/admin/auth/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: false }).first().fill(password);
  await page.getByRole('button', { name: 'Login' }).click();
  await page.waitForURL((url) => !url.pathname.includes('/auth/login'));
  return page;
};

export const screenshot = async (page: Page, name: string): Promise<void> => {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  // Let opening dialogs finish fading in (a loader's endless spin does not count), so the picture shows the page.
  await page
    .waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity), null, { timeout: 2_000 })
    .catch(() => undefined);
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
};

/** Picks an option of one of the design system's selects, found by its field label. */
export const choose = async (page: Page, label: string, option: string): Promise<void> => {
  await page.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
};

/**
 * A test that, when it fails, leaves a screenshot of the page it was driving (`<prefix><test name>.png`), so a
 * failed run in CI shows what the browser saw.
 */
export const stepWithScreenshot =
  (prefix: string, activePage: () => Page | undefined) =>
  (name: string, body: () => Promise<void>): void =>
    test(name, async () => {
      try {
        await body();
      } catch (error) {
        const page = activePage();
        if (page && !page.isClosed()) await screenshot(page, `${prefix}${name.replace(/\W+/g, '-').slice(0, 60)}`).catch(() => undefined);
        throw error;
      }
    });
