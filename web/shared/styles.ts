import { css } from 'lit';

/** What every screen shares: 360 px first, readable in sunlight, 48 px touch targets. */
export const base = css`
  :host {
    display: block;
  }
  * {
    box-sizing: border-box;
  }
  h1,
  h2,
  h3 {
    margin: 0 0 0.5rem;
    line-height: 1.25;
  }
  h1 {
    font-size: 1.375rem;
  }
  h2 {
    font-size: 1.125rem;
  }
  p {
    margin: 0.25rem 0 0.75rem;
  }
  a {
    color: var(--brand-dark);
  }
  .card {
    background: var(--card);
    border-radius: 12px;
    padding: 1rem;
    margin: 0 0 0.75rem;
    box-shadow: 0 1px 3px rgb(0 0 0 / 0.15);
  }
  button,
  .button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.5rem;
    font: inherit;
    font-weight: 600;
    min-height: 48px;
    padding: 0.5rem 1rem;
    border-radius: 10px;
    border: 2px solid var(--brand);
    background: var(--brand);
    color: #fff;
    cursor: pointer;
    text-decoration: none;
  }
  button.secondary,
  .button.secondary {
    background: var(--card);
    color: var(--brand-dark);
  }
  button.danger {
    background: var(--danger);
    border-color: var(--danger);
  }
  button:disabled {
    opacity: 0.55;
    cursor: default;
  }
  button:focus-visible,
  a:focus-visible,
  input:focus-visible,
  select:focus-visible {
    outline: 3px solid var(--focus);
    outline-offset: 2px;
  }
  .wide {
    width: 100%;
  }
  .row {
    display: flex;
    gap: 0.5rem;
    flex-wrap: wrap;
    align-items: center;
  }
  .row > .grow {
    flex: 1 1 8rem;
  }
  label {
    display: block;
    font-weight: 600;
    margin: 0.75rem 0 0.25rem;
  }
  input,
  select {
    font: inherit;
    font-size: 1.125rem;
    width: 100%;
    min-height: 48px;
    padding: 0.5rem 0.75rem;
    border: 1px solid var(--line);
    border-radius: 8px;
    background: #fff;
    color: var(--text);
  }
  input[aria-invalid='true'] {
    border: 2px solid var(--danger);
  }
  .error {
    color: var(--danger);
    font-weight: 600;
  }
  .warning {
    background: var(--warn-bg);
    border-left: 4px solid var(--warn);
    padding: 0.75rem;
    border-radius: 8px;
    margin: 0.75rem 0;
  }
  .muted {
    color: var(--muted);
  }
  .big {
    font-size: 2rem;
    font-weight: 700;
    letter-spacing: 0.01em;
  }
  dl {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 0.375rem 1rem;
    margin: 0;
  }
  dt {
    color: var(--muted);
  }
  dd {
    margin: 0;
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  ul.list {
    list-style: none;
    padding: 0;
    margin: 0;
  }
  ul.list li a {
    display: flex;
    justify-content: space-between;
    align-items: center;
    gap: 0.5rem;
    padding: 0.625rem 0.25rem;
    min-height: 48px;
    border-bottom: 1px solid var(--line-soft);
    color: inherit;
    text-decoration: none;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`;
