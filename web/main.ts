// The plain page of the foundation issue; the PWA issue replaces it with the Lit app.
const status = document.querySelector<HTMLParagraphElement>('#status');

fetch('/health')
  .then((r) => {
    if (status) status.textContent = r.ok ? 'The server is up.' : 'The server is not answering.';
  })
  .catch(() => {
    if (status) status.textContent = 'You are offline.';
  });
