import { css } from 'lit';

/**
 * A status label's shape and colours (text colours keep 4.5:1 contrast), for the sale's
 * status-badge and the dispute's dispute-badge: each maps its statuses to a tone.
 */
export const badgeStyles = css`
  :host {
    display: inline-block;
    font-size: 0.875rem;
    font-weight: 700;
    padding: 0.125rem 0.5rem;
    border-radius: 999px;
    white-space: nowrap;
    background: #e8e8e8;
    color: #303030;
  }
  :host([tone='info']) {
    background: #e3ecfb;
    color: #1d4b9a;
  }
  :host([tone='wait']) {
    background: #fff1d6;
    color: #7a4a00;
  }
  :host([tone='good']) {
    background: #dff3e8;
    color: #0a5c3e;
  }
  :host([tone='bad']) {
    background: #fde4e4;
    color: #a1161d;
  }
`;
