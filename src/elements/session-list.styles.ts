import { css } from 'lit';

export const sessionListStyles = css`
  :host {
    display: block;
  }
  :host([hidden]) {
    display: none;
  }
  [part~='heading'] {
    margin: 0 0 var(--_gap);
    font-size: 1.15em;
    font-weight: bold;
  }
  /* Focused by script only (after the rows it followed went away), never by Tab. */
  [part~='heading']:focus {
    outline: none;
  }
  ul {
    list-style: none;
    margin: 0 0 var(--_gap);
    padding: 0;
  }
  li {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25rem 0.75rem;
    padding-block: calc(var(--_gap) / 2);
    border-block-end: 1px solid color-mix(in srgb, CanvasText 15%, transparent);
  }
  [part~='device'] {
    font-weight: 600;
  }
  [part~='badge'] {
    padding: 0 0.5em;
    border: 1px solid currentColor;
    border-radius: 1em;
    font-size: 0.85em;
  }
  [part~='last-active'] {
    flex: 1 1 10rem;
    color: color-mix(in srgb, CanvasText 70%, Canvas);
  }
  [part~='status']:empty {
    display: none;
  }
`;
