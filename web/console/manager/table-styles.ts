import { css } from 'lit';

/**
 * A table on a laptop that becomes one card per row on a phone (issue 9: readable at
 * 360 px): each cell then shows its column's name from `data-label`.
 */
export const table = css`
  table {
    width: 100%;
    border-collapse: collapse;
    background: var(--card);
    border-radius: 12px;
  }
  th,
  td {
    text-align: left;
    vertical-align: top;
    padding: 0.5rem;
    border-bottom: 1px solid var(--line-soft);
  }
  thead th {
    font-size: 0.875rem;
    color: var(--muted);
  }
  button.sort {
    min-height: 40px;
    padding: 0.25rem;
    background: none;
    border: none;
    color: var(--brand-dark);
    text-align: left;
  }
  .narrow-only {
    display: none;
  }
  @media (max-width: 719px) {
    .narrow-only {
      display: block;
    }
    table,
    tbody,
    tr,
    th,
    td {
      display: block;
    }
    thead {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
    }
    table {
      background: none;
    }
    tbody tr {
      background: var(--card);
      border-radius: 12px;
      margin: 0 0 0.75rem;
      padding: 0.5rem 0.75rem;
      box-shadow: 0 1px 3px rgb(0 0 0 / 0.15);
    }
    tbody th,
    tbody td {
      border: none;
      padding: 0.25rem 0;
      display: grid;
      grid-template-columns: 8rem 1fr;
      gap: 0.5rem;
    }
    tbody th {
      display: block;
      font-size: 1.0625rem;
    }
    tbody td::before {
      content: attr(data-label);
      color: var(--muted);
      font-weight: 400;
    }
  }
`;
