import { css } from 'lit';

export const warningStyles = css`
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
