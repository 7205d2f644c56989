// Type-checked (not bundled) by run.mjs: the README's JSX typings give the tags typed attributes and events.
import type { SessionState } from 'session-elements/core';

export const typed = (
  <session-provider
    storage-key="auth"
    onsession-change={(e) => {
      const state: SessionState = e.detail;
      void state;
    }}
  >
    {/* @ts-expect-error email-label takes a string */}
    <login-form email-label={1}></login-form>
  </session-provider>
);
