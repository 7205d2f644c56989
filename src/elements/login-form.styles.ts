import { css } from 'lit';

/**
 * `<login-form>` renders into light DOM, so its rules are scoped by the tag name and wrapped in
 * `:where()` (zero specificity: any page rule wins; a nested `&` adds none either). Parts double as hooks: `login-form [part~=input]`
 * in the page, or `::part(input)` where the form sits in another component's shadow root.
 */
export const loginFormStyles = css`
  :where(login-form) {
    display: block;
    color-scheme: var(--session-color-scheme); /* unset: the page's scheme (see shared.styles.ts) */
    --_accent: var(--session-accent-color, LinkText);
    --_on-accent: var(--session-on-accent-color, Canvas);

    & :where([part~='form']) {
      display: grid;
      gap: var(--session-gap, 0.75rem);
      max-inline-size: var(--login-form-width, 22rem);
    }
    & :where([part~='label'], [part~='oauth']) {
      display: grid;
      gap: 0.25rem;
    }
    /* Every field and button. */
    & :where([part~='input'], [part~='button'], [part~='toggle'], [part~='not-you']) {
      font: inherit;
      border-radius: var(--session-radius, 0.375rem);
      border: 1px solid var(--login-form-border-color, GrayText);
    }
    & :where([part~='button'], [part~='toggle'], [part~='not-you']) {
      cursor: pointer;
    }
    & :where([part~='input']) {
      box-sizing: border-box;
      inline-size: 100%; /* no intrinsic width: narrow rows shrink the field, not overflow it */
      padding: 0.5em;
      background: Field;
      color: FieldText;
    }
    & :where([part~='button']) {
      padding: 0.5em 1em;
      border-color: var(--_accent);
      background: var(--_accent);
      color: var(--_on-accent);
    }
    & :where([part~='button']:disabled) {
      cursor: progress;
      opacity: 0.6;
    }
    & :where([part~='input'], [part~='button'], [part~='toggle'], [part~='not-you'], [part~='forgot'], [part~='error']):focus-visible {
      outline: 2px solid var(--_accent);
      outline-offset: 2px;
    }
    & :where([part~='error'], [part~='hint'], [part~='notice']) {
      margin: 0;
    }
    & :where([part~='error']) {
      color: var(--login-form-error-color, light-dark(#b00020, #ff8a80));
    }
    & :where([part~='error']:empty) {
      display: none;
    }
    & :where([part~='password-row']) {
      display: grid;
      grid-template-columns: minmax(0, 1fr) auto;
      align-items: end;
      gap: 0.5rem;
    }
    & :where([part~='toggle'], [part~='not-you']) {
      font-size: 0.875em;
      white-space: nowrap;
      padding: 0.6em 0.75em;
      background: color-mix(in srgb, CanvasText 8%, Canvas); /* as the buttons in shared.styles.ts */
      color: CanvasText;
    }
    & :where([part~='not-you'], [part~='forgot']) {
      justify-self: start;
    }
    & :where([part~='hint']) {
      font-size: 0.875em;
    }
    /* Empty, the status line stays in the accessibility tree (so its text is announced) but takes no room. */
    & :where([part~='notice']:empty) {
      position: absolute;
      inline-size: 1px;
      block-size: 1px;
      overflow: hidden;
      clip-path: inset(50%);
    }
  }
`;
