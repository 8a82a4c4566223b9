import { css } from 'lit';

/**
 * What the admin's screens add to the shared ones, for a phone held in one hand (360 px):
 * long emails, numbers and ids wrap instead of widening the page, and a form's row of
 * fields shrinks below its inputs' natural width.
 */
export const adminStyles = css`
  th,
  td,
  dd,
  p {
    overflow-wrap: anywhere;
  }
  .row > .grow {
    min-width: 0;
  }
  fieldset {
    border: 1px solid var(--line-soft);
    border-radius: 8px;
    margin: 0 0 0.75rem;
    min-width: 0;
  }
`;
