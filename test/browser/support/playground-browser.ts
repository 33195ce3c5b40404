import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { createApp, type App } from '../../../src/app';
import { PROJECT_ROOT } from '../../../src/config/project-root';
import { readConfig, type Config } from '../../../src/config/read-config';
import { silentLogger } from '../../../src/logging/logger';
import { tenantUser, updateTenantState } from '../../support/tenant-state';

/** Debian's chromium package; .ci/run installs it. */
export const CHROMIUM_PATH = process.env.VOICEOPS_CHROMIUM ?? '/usr/bin/chromium';
/** Where the card screenshots go: the committed set in docs/cards unless told otherwise. */
export const SCREENSHOT_DIR = process.env.VOICEOPS_CARD_SCREENSHOTS ?? join(PROJECT_ROOT, 'docs', 'cards');

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/**
 * The bot in dev mode on 127.0.0.1 with a fresh store and tenant, and real headless Chromium with a fresh
 * profile on its playground page. Tests act through the page as a person would.
 */
export class PlaygroundBrowser {
  app!: App;
  config!: Config;
  page!: Page;
  url = '';
  private context: BrowserContext | undefined;
  private readonly dataDir = mkdtempSync(join(tmpdir(), 'voiceops-playground-'));
  private readonly profileDir = mkdtempSync(join(tmpdir(), 'voiceops-chromium-'));
  private clockOffsetMs = 0;

  async start(): Promise<this> {
    if (!existsSync(CHROMIUM_PATH)) {
      throw new Error(`Chromium is not installed at ${CHROMIUM_PATH}: run "apt-get install -y chromium" (or set VOICEOPS_CHROMIUM).`);
    }
    this.config = readConfig({ VOICEOPS_DATA_DIR: this.dataDir, PORT: '0', HOST: '127.0.0.1', VOICEOPS_POOL_SIZE: '1' });
    this.app = createApp(this.config, { logger: silentLogger, now: () => new Date(Date.now() + this.clockOffsetMs) });
    const address = await this.app.listen();
    this.url = `http://127.0.0.1:${address.port}/`;
    this.context = await chromium.launchPersistentContext(this.profileDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 900, height: 1000 },
      deviceScaleFactor: 1,
    });
    this.page = this.context.pages()[0] ?? (await this.context.newPage());
    await this.page.goto(this.url);
    await this.sendBox().waitFor();
    return this;
  }

  async stop(): Promise<void> {
    await this.context?.close();
    await this.app?.close();
    rmSync(this.dataDir, { recursive: true, force: true });
    rmSync(this.profileDir, { recursive: true, force: true });
  }

  sendBox(): Locator {
    return this.page.getByRole('textbox', { name: /message/i });
  }

  /** Types a message into Web Chat's send box and sends it with Enter. */
  async say(text: string): Promise<void> {
    await this.sendBox().fill(text);
    await this.sendBox().press('Enter');
  }

  /** Picks a persona in the page's "Speaking as" switch. */
  async speakAs(name: string): Promise<void> {
    await this.page.getByRole('radio', { name: new RegExp(name) }).check();
  }

  /** The rendered Adaptive Card that shows this text (the latest one, if several do). */
  card(text: string | RegExp): Locator {
    return this.page.locator('.ac-adaptiveCard', { hasText: text }).last();
  }

  /** A button on a rendered card. */
  button(card: Locator, title: string): Locator {
    return card.locator('button.ac-pushButton', { hasText: title });
  }

  /** A message bubble from the bot with this text (Web Chat wraps links in zero-width spaces: match them with \W*). */
  botSays(text: string | RegExp): Locator {
    return this.botSaysAll(text).last();
  }

  botSaysAll(text: string | RegExp): Locator {
    return this.page.locator('.webchat__bubble:not(.webchat__bubble--from-user)', { hasText: text });
  }

  async screenshot(name: string, target: Locator): Promise<void> {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    // Web Chat re-renders a card when its activity is updated (a refresh, the next state): take the new element.
    for (let attempt = 1; ; attempt++) {
      try {
        await target.scrollIntoViewIfNeeded({ timeout: 5_000 });
        await target.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), animations: 'disabled', timeout: 5_000 });
        return;
      } catch (error) {
        if (attempt === 3 || !/not attached to the DOM/.test(String(error))) throw error;
      }
    }
  }

  /** Moves the bot's clock (expiry, reminders) forward. */
  advanceClock(ms: number): void {
    this.clockOffsetMs += ms;
  }

  /** Changes the simulated tenant's service behaviour (latency, throttling), as a slow or busy service would. */
  tenantSettings(settings: { latencyMs?: number; throttleEveryN?: number }): void {
    updateTenantState(this.config.tenantStatePath, (state) => {
      state.settings = { ...state.settings, ...settings };
    });
  }

  tenantUser(upn: string): Record<string, unknown> {
    return tenantUser(this.config.tenantStatePath, upn);
  }
}
