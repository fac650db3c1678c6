// The embeddable web chat: <script src="https://bot.example/widget.js" data-lang="es" defer></script>
// adds a launcher button that opens the chat in a frame served by the bot. Nothing is loaded until the
// button is pressed, and nothing is stored on the embedding site.
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || window.__mrbWidget) return;
  window.__mrbWidget = true;

  var T = /*STRINGS*/ {};
  var base = new URL(script.src, location.href).origin;
  var requested = (script.getAttribute('data-lang') || '').toLowerCase().split('-')[0];
  var lang = T[requested] ? requested : 'en';
  var words = T[lang] || { open: 'Chat', close: 'Close' };
  var rtl = lang === 'ar';
  var side = rtl ? 'left' : 'right';
  var frame = null;
  var open = false;

  var launcher = document.createElement('button');
  launcher.type = 'button';
  launcher.textContent = words.open;
  launcher.setAttribute('aria-expanded', 'false');
  launcher.setAttribute('lang', lang);
  launcher.setAttribute('dir', rtl ? 'rtl' : 'ltr');
  var ls = launcher.style;
  ls.position = 'fixed';
  ls.bottom = '16px';
  ls[side] = '16px';
  ls.zIndex = '2147483000';
  ls.padding = '12px 18px';
  ls.border = '0';
  ls.borderRadius = '24px';
  ls.background = '#1a5fb4';
  ls.color = '#fff';
  ls.font = '600 16px system-ui, sans-serif';
  ls.boxShadow = '0 2px 8px rgba(0,0,0,.3)';
  ls.cursor = 'pointer';

  function makeFrame() {
    var f = document.createElement('iframe');
    var src = base + '/?embed=1' + (requested ? '&lang=' + encodeURIComponent(lang) : '');
    f.src = src;
    f.title = words.open;
    f.id = 'mrb-chat-frame';
    f.setAttribute('referrerpolicy', 'origin');
    var fs = f.style;
    fs.position = 'fixed';
    fs.bottom = '72px';
    fs[side] = '8px';
    fs.width = 'min(400px, calc(100vw - 16px))';
    fs.height = 'min(680px, calc(100vh - 88px))';
    fs.border = '1px solid #c8c8cc';
    fs.borderRadius = '12px';
    fs.background = '#fff';
    fs.boxShadow = '0 4px 24px rgba(0,0,0,.25)';
    fs.zIndex = '2147483000';
    launcher.setAttribute('aria-controls', f.id);
    document.body.appendChild(f);
    return f;
  }

  function show(on) {
    open = on;
    if (on && !frame) frame = makeFrame();
    if (frame) frame.style.display = on ? 'block' : 'none';
    launcher.textContent = on ? words.close : words.open;
    launcher.setAttribute('aria-expanded', on ? 'true' : 'false');
    if (on && frame) frame.focus();
    else launcher.focus();
  }

  launcher.addEventListener('click', function () {
    show(!open);
  });
  document.addEventListener('keydown', function (event) {
    if (open && event.key === 'Escape') show(false);
  });
  window.addEventListener('message', function (event) {
    if (event.origin !== base || !frame || event.source !== frame.contentWindow) return;
    var data = event.data || {};
    if (data.type === 'mrb:close') show(false);
    if (data.type === 'mrb:leave' && typeof data.url === 'string' && /^https?:\/\//.test(data.url)) {
      document.documentElement.style.display = 'none';
      location.replace(data.url);
    }
  });

  function attach() {
    document.body.appendChild(launcher);
  }
  if (document.body) attach();
  else document.addEventListener('DOMContentLoaded', attach);
})();
