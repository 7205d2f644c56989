import { html, nothing, render, type TemplateResult } from 'lit';
import { SessionConsumer } from '../context.js';
import type { SessionController } from '../core/controller.js';
import type { SessionError } from '../core/errors.js';
import type { SessionInfo, SessionState } from '../core/types.js';
import { deepActive, emit } from './shared.js';
import { buttons, tokens } from './shared.styles.js';
import { sessionListStyles } from './session-list.styles.js';

/** Each string of `<session-list>` by the attribute that overrides it; `{device}`, `{time}` and `{n}` are filled in. */
const TEXT = {
  heading: 'Where you’re signed in',
  'current-label': 'This device',
  'last-active-label': 'Last active {time}',
  'sign-out-label': 'Sign out',
  'sign-out-session-label': 'Sign out {device}',
  'sign-out-others-label': 'Sign out of all other devices',
  'loading-text': 'Loading your sessions…',
  'empty-text': 'You’re not signed in on any other device.',
  'unsupported-text': 'Signed-in devices can’t be listed here.',
  'error-text': 'Your sessions couldn’t be loaded.',
  'sign-out-error-text': 'Signing out didn’t work. Please try again.',
  'retry-label': 'Try again',
  'unknown-device': 'Unknown device',
  'signed-out-text': 'Signed out {device}.',
  'signed-out-others-text': 'Signed out of {n} other devices.',
};
type Text = keyof typeof TEXT;

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [['year', 31_536_000], ['month', 2_592_000], ['week', 604_800], ['day', 86_400], ['hour', 3600], ['minute', 60], ['second', 1]];

/** `at` (epoch ms) relative to now, in `lang`: "5 minutes ago", "yesterday", "now". */
export function relativeTime(at: number, lang: string, now = Date.now()): string {
  const seconds = Math.round((at - now) / 1000);
  const [unit, size] = UNITS.find(([, size]) => Math.abs(seconds) >= size) ?? UNITS[UNITS.length - 1];
  let rtf: Intl.RelativeTimeFormat;
  try {
    rtf = new Intl.RelativeTimeFormat(lang || undefined, { numeric: 'auto' });
  } catch {
    rtf = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' }); // a malformed lang attribute
  }
  return rtf.format(Math.abs(seconds) < 45 ? 0 : Math.round(seconds / size), Math.abs(seconds) < 45 ? 'second' : unit);
}

type View = 'idle' | 'loading' | 'list' | 'error' | 'unsupported';

/**
 * What `<session-list>` shows and does (a sibling chunk; the element in the main file is a stub
 * that creates this on first connect). Renders with lit-html into the element's shadow root.
 */
export class SessionListView {
  readonly #host: HTMLElement;
  readonly #root: ShadowRoot;
  readonly #session: SessionConsumer;
  readonly #attributes: MutationObserver;
  #view: View = 'idle';
  #sessions: SessionInfo[] = [];
  #status = '';
  #busy = new Set<string>();
  /** Whose list is showing (controller and user): another one loads it again. */
  #for: [SessionController, unknown] | null = null;
  #calls = 0;
  #ticker?: ReturnType<typeof setInterval>;

  constructor(host: HTMLElement) {
    this.#host = host;
    this.#root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
    this.#root.adoptedStyleSheets = [tokens, buttons, sessionListStyles].map((s) => s.styleSheet!);
    this.#session = new SessionConsumer(host, { state: (s) => this.#onState(s), controller: () => this.#onState(this.#session.state) });
    this.#attributes = new MutationObserver(() => this.update());
  }

  connect() {
    if (this.#ticker) return;
    this.#attributes.observe(this.#host, { attributes: true });
    this.#session.hostConnected();
    // Relative times ("2 minutes ago") age: redraw once a minute while shown.
    this.#ticker = setInterval(() => this.update(), 60_000);
    this.update();
  }

  disconnect() {
    this.#attributes.disconnect();
    this.#session.hostDisconnected();
    clearInterval(this.#ticker);
    this.#ticker = undefined;
    this.#for = null;
  }

  #t(key: Text, fill: Record<string, string | number> = {}) {
    return (this.#host.getAttribute(key) ?? TEXT[key]).replace(/\{(\w+)\}/g, (m, k: string) => (k in fill ? String(fill[k]) : m));
  }

  #onState(s: SessionState | undefined) {
    const c = this.#session.controller;
    const who = s?.status === 'authenticated' && c ? s.user?.id ?? s.user?.email : undefined;
    if (c !== this.#for?.[0] || who !== this.#for?.[1]) {
      this.#for = who === undefined ? null : [c!, who];
      this.#status = '';
      this.#sessions = [];
      this.#view = 'idle';
      if (this.#for) void this.reload();
    }
    this.update();
  }

  /** Loads the list again; a newer call wins over an older one's late answer. */
  async reload() {
    const c = this.#session.controller;
    if (!c || this.#session.state?.status !== 'authenticated') return;
    const call = ++this.#calls;
    if (this.#view !== 'list') this.#view = 'loading';
    this.update();
    try {
      const list = await c.sessions();
      if (call !== this.#calls) return;
      this.#sessions = [...list].sort((a, b) => Number(b.current) - Number(a.current) || b.lastUsedAt - a.lastUsedAt);
      this.#view = 'list';
    } catch (e) {
      if (call !== this.#calls) return;
      // By code, not class: a page may hold two copies of the library (npm and CDN).
      this.#view = (e as SessionError)?.code === 'config' ? 'unsupported' : 'error';
      this.#report(e);
    }
    this.update();
  }

  #report(e: unknown) {
    if ((e as SessionError)?.code) emit(this.#host, 'session-error', { error: e as SessionError });
  }

  #device = (s: SessionInfo) => s.device || this.#t('unknown-device');

  /** Ends one other session; focus goes to the next row's button, else the previous one's, else the heading. */
  async #revoke(s: SessionInfo, c: SessionController) {
    const others = this.#sessions.filter((x) => !x.current);
    const at = others.indexOf(s);
    const hadFocus = deepActive()?.closest?.('li') === this.#root.getElementById(`s-${s.id}`);
    this.#busy.add(s.id);
    this.update();
    try {
      await c.revokeSession(s.id);
      this.#sessions = this.#sessions.filter((x) => x !== s);
      this.#status = this.#t('signed-out-text', { device: this.#device(s) });
    } catch (e) {
      this.#status = this.#t('sign-out-error-text');
      this.#report(e);
    } finally {
      this.#busy.delete(s.id);
    }
    this.update();
    // Gone: the next row's button (else the previous one's, else the heading). Still there (it failed): its own button again.
    const next = this.#sessions.includes(s) ? s : [others[at + 1], others[at - 1]].find((x) => x && this.#sessions.includes(x));
    if (hadFocus) this.#focus(next && `#s-${CSS.escape(next.id)} button`);
  }

  async #revokeOthers(c: SessionController) {
    const n = this.#sessions.filter((x) => !x.current).length;
    this.#busy.add('*');
    this.update();
    try {
      await c.logout({ scope: 'others' });
      this.#sessions = this.#sessions.filter((x) => x.current);
      this.#status = this.#t('signed-out-others-text', { n });
    } catch (e) {
      this.#status = this.#t('sign-out-error-text');
      this.#report(e);
    } finally {
      this.#busy.delete('*');
    }
    this.update();
    // The button is gone with the rows: the heading takes focus, the status line says what happened.
    this.#focus();
    void this.reload();
  }

  #focus(selector?: string) {
    ((selector && this.#root.querySelector<HTMLElement>(selector)) || this.#root.querySelector<HTMLElement>('[part~=heading]'))?.focus();
  }

  update() {
    if (!this.#host.isConnected) return;
    render(this.#render(), this.#root);
  }

  #render(): TemplateResult | typeof nothing {
    const c = this.#session.controller;
    if (this.#view === 'idle' || !c) return nothing;
    const lang = this.#host.closest('[lang]')?.getAttribute('lang') ?? '';
    const level = Math.min(6, Math.max(1, Number(this.#host.getAttribute('heading-level')) || 2));
    const others = this.#sessions.filter((s) => !s.current);
    const message = this.#view === 'loading' ? this.#t('loading-text') : this.#view === 'unsupported' ? this.#t('unsupported-text')
      : this.#view === 'error' ? this.#t('error-text') : this.#status || (others.length ? '' : this.#t('empty-text'));
    return html`<div part="base">
      <div part="heading" id="heading" role="heading" aria-level=${level} tabindex="-1">${this.#t('heading')}</div>
      <p part="status" role="status">${message}</p>
      ${this.#view === 'error' ? html`<button part="button retry" type="button" @click=${() => this.reload()}>${this.#t('retry-label')}</button>` : nothing}
      ${this.#view === 'list'
        ? html`<ul part="list" aria-labelledby="heading">${this.#sessions.map((s) => this.#row(s, c, lang))}</ul>
          ${others.length
            ? html`<button part="button sign-out-others" type="button" ?disabled=${this.#busy.has('*')} @click=${() => this.#revokeOthers(c)}>${this.#t('sign-out-others-label')}</button>`
            : nothing}`
        : nothing}
    </div>`;
  }

  #row(s: SessionInfo, c: SessionController, lang: string) {
    const device = this.#device(s);
    const busy = this.#busy.has(s.id) || this.#busy.has('*');
    return html`<li part=${s.current ? 'item current' : 'item'} id=${`s-${s.id}`}>
      <span part="device">${device}</span>
      ${s.current ? html`<span part="badge">${this.#t('current-label')}</span>` : nothing}
      <time part="last-active" datetime=${new Date(s.lastUsedAt).toISOString()}>${this.#t('last-active-label', { time: relativeTime(s.lastUsedAt, lang) })}</time>
      ${s.current
        ? nothing
        : html`<button part="button sign-out" type="button" aria-label=${this.#t('sign-out-session-label', { device })} ?disabled=${busy} aria-busy=${busy ? 'true' : 'false'}
            @click=${() => this.#revoke(s, c)}>${this.#t('sign-out-label')}</button>`}
    </li>`;
  }
}
