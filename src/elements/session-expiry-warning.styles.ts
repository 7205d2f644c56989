import { css } from 'lit';

// After the element's own styles (shared.styles.ts `tokens`, `buttons`). Only the dialog has a
// primary button ("Stay signed in"), so its rule comes with the view, not with the entry.
export const warningStyles = css`
  button.primary:not(login-form *) {
    background: var(--_accent);
    color: var(--_on-accent);
    border-color: var(--_accent);
  }
  dialog {
    box-sizing: border-box;
    max-inline-size: min(var(--session-warning-width, 28rem), calc(100vw - 2rem));
    padding: var(--session-warning-padding, 1.5rem);
    border: 1px solid GrayText;
    border-radius: var(--_radius);
    background: Canvas;
    color: CanvasText;
    font: inherit;
  }
  dialog::backdrop {
    background: var(--session-warning-backdrop, rgb(0 0 0 / 0.45));
  }
  h2 {
    margin: 0 0 var(--_gap);
    font-size: 1.25em;
  }
  p {
    margin: 0 0 var(--_gap);
  }
  [part~='countdown'] {
    font-variant-numeric: tabular-nums;
    font-weight: bold;
  }
  [part~='actions'] {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    justify-content: flex-end;
    margin-block-start: var(--_gap);
  }
  a {
    color: LinkText;
  }
`;
