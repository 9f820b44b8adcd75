import { css } from 'lit';

/** The frame every page shares: a heading and readable line lengths on phones and desktops alike. */
export const pageStyles = css`
  :host { display: block; max-width: 48rem; }
  h1 { font-size: 1.4rem; margin: 0 0 1rem; }
  h2 { font-size: 1.1rem; margin: 0 0 0.75rem; }
  a { color: var(--dialog-accent); }
  section + section { margin-top: 2rem; padding-top: 1.5rem; border-top: 1px solid var(--dialog-border); }
  .muted { color: var(--dialog-muted); }
`;
