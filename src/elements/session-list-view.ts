import { html, nothing, render, type TemplateResult } from 'lit';
import { SessionConsumer } from '../context.js';
import type { SessionController } from '../core/controller.js';
import type { SessionError } from '../core/errors.js';
import type { SessionInfo, SessionState } from '../core/types.js';
import { relativeTime } from '../i18n/format.js';
import { Localize } from '../i18n/index.js';
import { sessionsEn } from '../i18n/sessions-en.js';
import { deepActive, emit } from './shared.js';
import { buttons, tokens } from './shared.styles.js';
import { sessionListStyles } from './session-list.styles.js';

/** A string of `<session-list>` by the attribute that overrides it (`sessions.<attribute>` in the translations). */
type Text = { [K in keyof typeof sessionsEn]: K extends `sessions.${infer T}` ? Exclude<T, `${string}.${string}`> : never }[keyof typeof sessionsEn];

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
  /** The host's language and its strings; it re-renders the list when a `lang` changes or a translation comes. */
  readonly #l: Localize<HTMLElement & { requestUpdate(): void }>;
  #view: View = 'idle';
  #sessions: SessionInfo[] = [];
  /** What the status line says after a sign-out, made at each render so that it follows the language. */
  #status?: () => string;
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
    // Localize re-renders its host through requestUpdate(): the stub has none (the eager file stays small), the view adds it.
    this.#l = new Localize(Object.assign(host, { requestUpdate: () => this.update() }));
  }

  connect() {
    if (this.#ticker) return;
    this.#attributes.observe(this.#host, { attributes: true });
    this.#session.hostConnected();
    this.#l.hostConnected();
    // Relative times ("2 minutes ago") age: redraw once a minute while shown.
    this.#ticker = setInterval(() => this.update(), 60_000);
    this.update();
  }

  disconnect() {
    this.#attributes.disconnect();
    this.#session.hostDisconnected();
    this.#l.hostDisconnected();
    clearInterval(this.#ticker);
    this.#ticker = undefined;
    this.#for = null;
  }

  /**
   * The text for `key` in the host's language; an attribute wins unless it is the English default
   * (as a property set to its default does on the other elements). `{device}`, `{time}`, `{n}` filled in.
   */
  #t(key: Text, fill: Record<string, string | number> = {}) {
    const k = `sessions.${key}` as const;
    const l = this.#l;
    // English has a plural form of its own ("1 other device"): picked here, as English is not looked up.
    const en = (typeof fill.n == 'number' && (sessionsEn as Record<string, string>)[`${k}.${new Intl.PluralRules('en').select(fill.n)}`]) || sessionsEn[k];
    const own = this.#host.getAttribute(key);
    return own != null && own != en ? own.replace(/\{(\w+)\}/g, (m, v: string) => fill[v]?.toLocaleString(l.lang()) ?? m) : l.t(k, fill, en);
  }

  #onState(s: SessionState | undefined) {
    const c = this.#session.controller;
    const who = s?.status === 'authenticated' && c ? s.user?.id ?? s.user?.email : undefined;
    if (c !== this.#for?.[0] || who !== this.#for?.[1]) {
      this.#for = who === undefined ? null : [c!, who];
      this.#status = undefined;
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
      this.#status = () => this.#t('signed-out-text', { device: this.#device(s) });
    } catch (e) {
      this.#status = () => this.#t('sign-out-error-text');
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
      this.#status = () => this.#t('signed-out-others-text', { n });
    } catch (e) {
      this.#status = () => this.#t('sign-out-error-text');
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
    const lang = this.#l.lang();
    const level = Math.min(6, Math.max(1, Number(this.#host.getAttribute('heading-level')) || 2));
    const others = this.#sessions.filter((s) => !s.current);
    const message = this.#view === 'loading' ? this.#t('loading-text') : this.#view === 'unsupported' ? this.#t('unsupported-text')
      : this.#view === 'error' ? this.#t('error-text') : this.#status?.() || (others.length ? '' : this.#t('empty-text'));
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
      <time part="last-active" datetime=${new Date(s.lastUsedAt).toISOString()}>${this.#t('last-active-label', { time: relativeTime(lang, s.lastUsedAt) })}</time>
      ${s.current
        ? nothing
        : html`<button part="button sign-out" type="button" aria-label=${this.#t('sign-out-session-label', { device })} ?disabled=${busy} aria-busy=${busy ? 'true' : 'false'}
            @click=${() => this.#revoke(s, c)}>${this.#t('sign-out-label')}</button>`}
    </li>`;
  }
}
