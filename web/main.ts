// The plain page of the foundation issue; the PWA issue replaces it with the Lit app.
const statusLine = document.querySelector<HTMLParagraphElement>('#status');

fetch('/health')
  .then((r) => {
    if (statusLine) statusLine.textContent = r.ok ? 'The server is up.' : 'The server is not answering.';
  })
  .catch(() => {
    if (statusLine) statusLine.textContent = 'You are offline.';
  });

export {};
