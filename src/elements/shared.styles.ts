import { css } from 'lit';

/**
 * Tokens every element shares. Only system colors (Canvas, CanvasText, Field,
 * LinkText…), so they follow the page's `color-scheme`: dark on a dark page, light on a light one.
 * The scheme is inherited, not forced to `light dark`: a light-only page on a dark OS would
 * otherwise get dark islands. `--session-color-scheme: light dark` opts in to the OS preference.
 * The accent is LinkText on Canvas, not AccentColor: Chromium's default AccentColor (#0075ff)
 * under white AccentColorText is 4.2:1, below WCAG AA.
 */
export const tokens = css`
  :host {
    /* Unset custom property: invalid at computed time, so the inherited scheme applies. */
    color-scheme: var(--session-color-scheme);
    --_accent: var(--session-accent-color, LinkText);
    --_on-accent: var(--session-on-accent-color, Canvas);
    --_radius: var(--session-radius, 0.375rem);
    --_gap: var(--session-gap, 0.75rem);
  }
`;

// Not the buttons of a <login-form> in the same shadow root (the expiry warning's): it brings its own.
export const buttons = css`
  button:not(login-form *) {
    font: inherit;
    padding: 0.5em 1em;
    border-radius: var(--_radius);
    border: 1px solid ButtonBorder;
    background: color-mix(in srgb, CanvasText 8%, Canvas); /* not ButtonFace: WebKitGTK keeps it light on dark pages */
    color: CanvasText;
    cursor: pointer;
  }
  button:disabled {
    cursor: not-allowed;
    opacity: 0.6;
  }
  button:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
`;

/** Elements that lay out as their children would without them (provider, guard, expiry warning). */
export const contents = css`
  :host {
    display: contents;
  }
`;

/** Off screen but in the accessibility tree: live regions whose text is only for screen readers. */
export const visuallyHidden = css`
  .visually-hidden {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
