import { Component, CUSTOM_ELEMENTS_SCHEMA, signal } from '@angular/core';
import { bknd, type SessionState } from 'session-elements/core';
// Types only: brings the HTMLElementTagNameMap and event-map entries that type `$event` below.
import type {} from 'session-elements';

@Component({
  selector: 'app-root',
  // Lets Angular's AOT compiler accept the session-* tags and bind their properties and events.
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <session-provider [backend]="backend" (session-change)="onChange($event.detail)">
      <p id="fw-user">{{ email() || 'signed out' }}</p>
      <p id="fw-login">{{ signedInAs() }}</p>
      <session-guard>
        <div id="protected">Signed in as <session-user field="email"></session-user> <logout-button></logout-button></div>
        <login-form slot="fallback" [emailLabel]="emailLabel()" (login-success)="signedInAs.set($event.detail.user?.email ?? '')"></login-form>
      </session-guard>
    </session-provider>
  `,
})
export class App {
  readonly backend = bknd({ host: '' });
  readonly emailLabel = signal('Work email');
  readonly email = signal('');
  readonly signedInAs = signal('');

  constructor() {
    // For the driver, which compares these with what reached the elements.
    window.__interop = { ...window.__interop, getBackend: () => this.backend, getEmailLabel: () => this.emailLabel() };
  }

  onChange(state: SessionState) {
    this.email.set(state.user?.email ?? '');
  }
}
