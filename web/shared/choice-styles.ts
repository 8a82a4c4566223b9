import { css } from 'lit';

/** A set of radio choices as large touch targets, and a note box (the dispute forms). */
export const choiceStyles = css`
  fieldset {
    border: 0;
    padding: 0;
    margin: 0;
  }
  legend {
    font-weight: 600;
    margin-bottom: 0.25rem;
  }
  .choice {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    min-height: 48px;
    margin: 0;
    font-weight: 500;
  }
  .choice input {
    width: 1.25rem;
    min-height: 1.25rem;
  }
  textarea {
    font: inherit;
    width: 100%;
    min-height: 5rem;
    padding: 0.5rem 0.75rem;
    border: 1px solid var(--line);
    border-radius: 8px;
  }
`;
