// Shared by the element tests: mount helpers on top of the real Bknd hub (see ../helpers.ts).
import { fixture } from '@open-wc/testing';
import type { TemplateResult } from 'lit';
import '../../src/index.js';
import type { SessionProvider } from '../../src/index.js';
import { clearAll, waitFor } from '../helpers.js';

export * from '../helpers.js';

/** Mounts `template` and returns its root element (removed after the test by open-wc). */
export const mount = <T extends Element = HTMLElement>(template: TemplateResult) => fixture<T>(template);

/** Resolves once the provider's first check is done (status is no longer `loading`). */
export async function settled(provider: SessionProvider) {
  await waitFor(() => provider.status !== 'loading', 5000, 'the provider to settle');
  return provider;
}

/** Every element in `root` and every shadow root below it. */
export function deepElements(root: ParentNode = document): Element[] {
  const out: Element[] = [];
  for (const el of root.querySelectorAll('*')) {
    out.push(el);
    if (el.shadowRoot) out.push(...deepElements(el.shadowRoot));
  }
  return out;
}

/** Clicks a button as a user would (a trusted click is not needed: these handlers read no user activation). */
export const click = (el: Element | null | undefined) => {
  if (!el) throw new Error('nothing to click');
  (el as HTMLElement).click();
};

const listening: (() => void)[] = [];
// A root hook: every listener a test added through `collect` goes when the test ends.
afterEach(() => {
  for (const off of listening.splice(0)) off();
});

/** Collects `type` events reaching `target` (until the end of the test). */
export function collect<T = any>(target: EventTarget, type: string) {
  const got: CustomEvent<T>[] = [];
  const listener = (e: Event) => got.push(e as CustomEvent<T>);
  target.addEventListener(type, listener);
  listening.push(() => target.removeEventListener(type, listener));
  return got;
}

/** Every test starts with empty storage, and leaves none behind. */
export function cleanStorage() {
  beforeEach(clearAll);
  afterEach(clearAll);
}

/** Off-origin targets that naive checks let through; every one must be refused. */
export const EVIL_TARGETS = [
  'https://evil.example',
  '//evil.example',
  'javascript:alert(1)',
  '%2F%2Fevil.example',
  '/\\evil.example',
  ' https://evil.example',
  'https:evil.example',
  '\thttps://evil.example',
  'data:text/html,<script>alert(1)</script>',
  'http://localhost.evil.example/',
];

/** Lets the event loop run once, without timers (safe under sinon's fake timers). */
export const nextTask = () =>
  new Promise<void>((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => resolve();
    port2.postMessage(null);
  });

/** `waitFor` for tests with fake timers: polls on tasks and real `performance.now()` time. */
export async function until(pred: () => unknown, what = 'condition', timeout = 5000) {
  const end = performance.now() + timeout;
  while (!pred()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await nextTask();
  }
}

/** The focused element, looking into shadow roots. */
export function deepActiveElement(): Element | null {
  let el = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el;
}

/** Fake clocks for time only: network, locks, channels and microtasks stay real. */
export const TIME_ONLY = { toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] as any, shouldClearNativeTimers: true };
