/**
 * GET /dev/ussd (DESIGN 6, SEED_DEMO only): a page shaped like a feature phone that
 * talks to POST /ussd in Africa's Talking's format, so anyone can try the menu in a
 * browser. Its script and styles are files of their own (the app's CSP allows no
 * inline script or style).
 */

export const PHONE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Airload USSD phone</title>
<link rel="stylesheet" href="/dev/ussd.css">
<script type="module" src="/dev/ussd.js"></script>
</head>
<body>
<main class="phone">
  <label class="who">Outlet phone <input id="phone" placeholder="e.g. a demo outlet, 07000001 and 01" inputmode="tel"></label>
  <pre id="screen" class="screen" aria-live="polite">Dial *384# to start.</pre>
  <input id="entry" class="entry" autocomplete="off" aria-label="Your input">
  <div class="actions">
    <button id="dial" class="call">Dial *384#</button>
    <button id="send" class="call">Send</button>
    <button id="hangup" class="hang">End</button>
  </div>
  <div id="keys" class="keys"></div>
  <p class="note">Demo outlets: the numbers ending 101, 102, 103; PIN 1357. <a id="sms" href="/dev/sms">SMS sent</a></p>
</main>
</body>
</html>
`;

export const PHONE_CSS = `body { margin: 0; background: #dfe4ea; font-family: system-ui, sans-serif; }
.phone { max-width: 320px; margin: 24px auto; padding: 20px; background: #2f3542; border-radius: 36px; color: #f1f2f6; }
.who { display: block; font-size: 13px; margin-bottom: 8px; }
.who input { width: 100%; box-sizing: border-box; }
.screen { min-height: 180px; margin: 0; padding: 12px; background: #a4b0be; color: #111; border-radius: 8px; white-space: pre-wrap; font-size: 15px; }
.entry { width: 100%; box-sizing: border-box; margin: 10px 0; font-size: 18px; padding: 6px; }
.actions { display: flex; gap: 8px; }
.actions button { flex: 1; padding: 10px; border: 0; border-radius: 18px; font-size: 15px; }
.call { background: #2ed573; } .hang { background: #ff4757; color: #fff; }
.keys { display: grid; grid-template-columns: repeat(3, 1fr); gap: 8px; margin-top: 12px; }
.keys button { padding: 12px; font-size: 18px; border-radius: 12px; border: 0; background: #57606f; color: #fff; }
.note { font-size: 12px; } .note a { color: #7bed9f; }
`;

export const PHONE_JS = `const $ = (id) => document.getElementById(id);
let session = null;
let inputs = [];
const show = (text) => { $('screen').textContent = text; };
async function ask(text) {
  const body = new URLSearchParams({ sessionId: session, serviceCode: '*384#',
    phoneNumber: $('phone').value, networkCode: '63902', text });
  const res = await fetch('/ussd', { method: 'POST', body });
  const reply = await res.text();
  if (!res.ok) { show('Error ' + res.status); session = null; return; }
  show(reply.slice(4));
  if (reply.startsWith('END')) session = null;
}
$('dial').addEventListener('click', () => {
  session = 'dev-' + crypto.randomUUID(); inputs = []; ask('');
});
$('send').addEventListener('click', () => {
  if (!session) return;
  inputs.push($('entry').value); $('entry').value = ''; ask(inputs.join('*'));
});
$('hangup').addEventListener('click', () => { session = null; show('Dial *384# to start.'); });
$('entry').addEventListener('keydown', (e) => { if (e.key === 'Enter') $('send').click(); });
$('phone').addEventListener('change', () => { $('sms').href = '/dev/sms?to=' + encodeURIComponent($('phone').value); });
$('sms').href = '/dev/sms?to=' + encodeURIComponent($('phone').value);
for (const k of ['1','2','3','4','5','6','7','8','9','*','0','#']) {
  const b = document.createElement('button'); b.textContent = k;
  b.addEventListener('click', () => { $('entry').value += k; });
  $('keys').append(b);
}
`;
