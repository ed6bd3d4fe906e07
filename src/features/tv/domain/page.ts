import { escapeHtml } from './html.ts';

/**
 * The whole TV page: large type and high contrast for a screen across the room, a grid that is two
 * columns at 16:9 and one in portrait, and a small script that listens to the page's one event
 * stream and swaps in each new view. EventSource reconnects by itself (the server sends `retry:`);
 * a stream the browser gave up on is reopened, and a revoked link reloads into the 404 page.
 */

const STYLE = `
*{box-sizing:border-box}
html,body{margin:0;height:100%;background:#000;color:#fff}
body{font:600 clamp(14px,1.7vw,48px)/1.2 system-ui,"Segoe UI",Roboto,"Noto Color Emoji",sans-serif}
header{display:flex;justify-content:space-between;align-items:baseline;padding:1vw 2vw 0}
header h1{margin:0;font-size:1.8em;color:#ffd400}
#status{font-size:.8em;color:#9f9}
body[data-state=offline] #status{color:#ff6b6b}
#panels{display:grid;grid-template-columns:1.1fr 1fr;grid-auto-rows:min-content;gap:1.2vw;padding:1.2vw 2vw}
.panel{background:#111;border:2px solid #333;border-radius:.6em;padding:.5em 1em;overflow:hidden}
.panel.boards{grid-row:span 3}
h2{margin:0 0 .3em;font-size:1.25em;color:#ffd400}
h3{margin:.4em 0 0;font-size:1.2em}
.detail{color:#ccc;font-weight:400;margin:.1em 0 .4em}
ol,ul{list-style:none;margin:0;padding:0}
.board li{display:grid;grid-template-columns:3em 1fr auto;gap:.5em;padding:.2em 0;border-top:1px solid #333;font-size:1.15em}
.rank{color:#ffd400}.score{color:#9ff}
.rate-row{display:flex;gap:1.5em;align-items:flex-end}
.rate{display:flex;flex-direction:column}
.rate .value{font-size:1.8em}.rate.now .value{font-size:2.8em;color:#9f9}
.rate .label,.rate .due{color:#ccc;font-weight:400;font-size:.8em}
.count{margin:0}.count .value{font-size:2.4em;color:#ff9f43}
.list li,.count li{display:flex;flex-direction:column;padding:.25em 0;border-top:1px solid #333}
.empty{color:#aaa;font-weight:400}
@media (orientation:portrait){
  body{font-size:clamp(16px,3.4vw,48px)}
  #panels{grid-template-columns:1fr}
  .panel.boards{grid-row:auto}
}`;

const SCRIPT = `
(function () {
  var panels = document.getElementById('panels');
  var status = document.getElementById('status');
  function state(s, text) { document.body.dataset.state = s; status.textContent = text; }
  function connect() {
    var events = new EventSource(location.pathname.replace(/\\/$/, '') + '/events');
    events.addEventListener('view', function (e) {
      var view = JSON.parse(e.data);
      panels.innerHTML = view.html;
      panels.dataset.version = view.hash;
      state('live', 'live');
    });
    events.addEventListener('revoked', function () { events.close(); location.reload(); });
    events.onerror = function () {
      state('offline', 'reconnecting…');
      if (events.readyState === EventSource.CLOSED) setTimeout(connect, 3000);
    };
  }
  connect();
})();`;

export function tvPage(title: string, panels: string, hash: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer"><meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body data-state="live"><header><h1>${escapeHtml(title)}</h1><span id="status">live</span></header>
<main id="panels" data-version="${escapeHtml(hash)}">${panels}</main>
<script>${SCRIPT}</script></body></html>`;
}
