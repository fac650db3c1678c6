// The web chat page: sends what the worker types or presses, shows the conversation, and receives
// later messages (staff replies) through server-sent events. Everything anyone wrote is put on the page
// with textContent, never as HTML. No storage in the browser: the conversation lives on the server.
(function () {
  'use strict';

  var config = JSON.parse(document.getElementById('mrb-config').textContent);
  var S = config.strings;
  var csrf = config.csrf;
  var log = document.getElementById('log');
  var form = document.getElementById('form');
  var field = document.getElementById('msg');
  var sendButton = document.getElementById('send');
  var status = document.getElementById('status');
  var started = false;
  var source = null;
  var reconnectTimer = 0;
  /** Requests of this page still waiting for an answer. */
  var inflight = 0;

  // ── Drawing ────────────────────────────────────────────────────────────────────────────────

  var URL_RE = /https?:\/\/[^\s<>"')\]]+[^\s<>"')\].,;:!?]/g;

  /** Text with web addresses as links (assistant and staff messages only). */
  function appendText(parent, text, links) {
    if (!links) {
      parent.textContent = text;
      return;
    }
    var last = 0;
    text.replace(URL_RE, function (url, index) {
      parent.appendChild(document.createTextNode(text.slice(last, index)));
      var a = document.createElement('a');
      a.href = url;
      a.textContent = url;
      a.rel = 'noopener noreferrer';
      a.target = '_blank';
      parent.appendChild(a);
      last = index + url.length;
      return url;
    });
    parent.appendChild(document.createTextNode(text.slice(last)));
  }

  function speaker(from) {
    return from === 'worker' ? S.you : from === 'desk' ? S.union : S.assistant;
  }

  function entryElement(entry) {
    var item = document.createElement('div');
    item.className = 'msg ' + entry.from;
    item.setAttribute('data-seq', String(entry.seq));
    var who = document.createElement('span');
    who.className = 'who';
    who.textContent = speaker(entry.from);
    item.appendChild(who);
    var body = document.createElement('p');
    body.className = 'text';
    body.setAttribute('dir', 'auto');
    appendText(body, entry.text, entry.from !== 'worker');
    item.appendChild(body);
    if (entry.choices && entry.choices.length) {
      var choices = document.createElement('div');
      choices.className = 'choices';
      entry.choices.forEach(function (choice) {
        var b = document.createElement('button');
        b.type = 'button';
        b.className = 'choice';
        b.textContent = choice.label;
        b.setAttribute('data-value', choice.value);
        choices.appendChild(b);
      });
      item.appendChild(choices);
    }
    return item;
  }

  function seqOf(el) {
    return Number(el.getAttribute('data-seq'));
  }

  /**
   * Adds entries in their order; an entry already on the page is not drawn twice. Shows the start of
   * the first new one (a long answer is read from its beginning), or of the last one after a reload.
   */
  function addEntries(entries, showLast) {
    var first = null;
    var last = null;
    entries.forEach(function (entry) {
      if (log.querySelector('[data-seq="' + entry.seq + '"]')) return;
      var el = entryElement(entry);
      var after = null;
      var all = log.querySelectorAll('[data-seq]');
      for (var i = 0; i < all.length; i++)
        if (seqOf(all[i]) > entry.seq) {
          after = all[i];
          break;
        }
      log.insertBefore(el, after);
      if (!first) first = el;
      last = el;
    });
    refreshChoices();
    if (showLast ? last : first) reveal(showLast ? last : first);
  }

  /** Scrolls to the end, or to the start of what just arrived when it is taller than the log. */
  function reveal(el) {
    var end = log.scrollHeight - log.clientHeight;
    log.scrollTop = Math.min(end, Math.max(0, el.offsetTop - 8));
  }

  /** Only the latest message's buttons can be pressed; older ones stay visible but inactive. */
  function refreshChoices() {
    var groups = log.querySelectorAll('.msg .choices');
    var latest = null;
    var items = log.querySelectorAll('[data-seq]');
    for (var i = items.length - 1; i >= 0; i--) {
      var c = items[i].querySelector('.choices');
      if (c) {
        latest = c;
        break;
      }
      if (items[i].classList.contains('worker')) break;
    }
    for (var j = 0; j < groups.length; j++) {
      var active = groups[j] === latest;
      var buttons = groups[j].querySelectorAll('button');
      for (var k = 0; k < buttons.length; k++) buttons[k].disabled = !active;
    }
  }

  function notice(text) {
    var item = document.createElement('div');
    item.className = 'msg notice';
    var body = document.createElement('p');
    body.className = 'text';
    body.textContent = text;
    item.appendChild(body);
    log.appendChild(item);
    log.scrollTop = log.scrollHeight;
  }

  function clearLog() {
    while (log.firstChild) log.removeChild(log.firstChild);
  }

  function setStatus(text) {
    status.textContent = text || '';
  }

  // ── Talking to the server ──────────────────────────────────────────────────────────────────

  function clientId() {
    var bytes = new Uint8Array(12);
    crypto.getRandomValues(bytes);
    return Array.prototype.map
      .call(bytes, function (b) {
        return ('0' + b.toString(16)).slice(-2);
      })
      .join('');
  }

  function post(path, body) {
    inflight += 1;
    var done = function (value) {
      inflight -= 1;
      return value;
    };
    return fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
      body: JSON.stringify(body),
    })
      .then(function (res) {
        return res
          .json()
          .catch(function () {
            return {};
          })
          .then(function (data) {
            data.status = res.status;
            return data;
          });
      })
      .then(done, function (error) {
        done();
        throw error;
      });
  }

  /** Shows a reply to a message: the entries, a notice, or a new start after an erasure. */
  function handleReply(data) {
    if (data.csrf) csrf = data.csrf;
    if (data.erased) {
      clearLog();
      if (data.notice) notice(data.notice);
      started = false;
      reconnect(0);
      return true;
    }
    if (data.status >= 400 || data.error) {
      notice(data.message || S.sendFailed);
      return false;
    }
    if (data.entries) addEntries(data.entries);
    if (data.notice) notice(data.notice);
    if (data.lang && data.lang !== config.lang) location.reload();
    return true;
  }

  function busy(on) {
    sendButton.disabled = on;
    setStatus(on ? S.sending : '');
  }

  function sendMessage(body) {
    body.id = clientId();
    body.lang = config.lang;
    busy(true);
    return post('/api/chat/message', body)
      .then(handleReply, function () {
        notice(S.sendFailed);
        return false;
      })
      .then(function (ok) {
        busy(false);
        return ok;
      });
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var text = field.value;
    if (!text.trim()) return;
    if (text.length > config.maxChars) {
      notice(S.tooLong.replace('{count}', String(text.length)).replace('{max}', String(config.maxChars)));
      return;
    }
    sendMessage({ text: text }).then(function (ok) {
      // The text stays in the field unless it arrived: nothing the worker wrote is lost.
      if (ok && field.value === text) field.value = '';
    });
  });

  field.addEventListener('keydown', function (event) {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      if (typeof form.requestSubmit === 'function') form.requestSubmit();
      else form.dispatchEvent(new Event('submit', { cancelable: true }));
    }
  });

  log.addEventListener('click', function (event) {
    var b = event.target.closest && event.target.closest('button.choice');
    if (!b || b.disabled) return;
    sendMessage({ action: b.getAttribute('data-value') });
  });

  document.getElementById('human').addEventListener('click', function () {
    sendMessage({ action: 'cmd:human' });
  });

  document.getElementById('lang').addEventListener('change', function (event) {
    sendMessage({ action: 'lang:' + event.target.value });
  });

  document.getElementById('clear').addEventListener('click', function () {
    post('/api/chat/clear', {}).then(handleReply, function () {
      notice(S.sendFailed);
    });
  });

  document.getElementById('leave').addEventListener('click', function () {
    // Nothing of the conversation stays on screen while the neutral page loads.
    document.body.textContent = '';
    if (config.embedded && window.parent !== window) {
      window.parent.postMessage({ type: 'mrb:leave', url: config.exitUrl }, '*');
      try {
        window.top.location.replace(config.exitUrl);
      } catch {
        // The embedding page does it on our message.
      }
    } else {
      location.replace(config.exitUrl);
    }
  });

  var close = document.getElementById('close');
  if (close) {
    close.addEventListener('click', function () {
      window.parent.postMessage({ type: 'mrb:close' }, '*');
    });
    document.addEventListener('keydown', function (event) {
      if (event.key === 'Escape') window.parent.postMessage({ type: 'mrb:close' }, '*');
    });
  }

  // ── Live messages ──────────────────────────────────────────────────────────────────────────

  function reconnect(delay) {
    if (source) source.close();
    source = null;
    clearTimeout(reconnectTimer);
    reconnectTimer = setTimeout(connect, delay);
  }

  function connect() {
    source = new EventSource('/api/chat/events');
    source.addEventListener('snapshot', function (event) {
      var data = JSON.parse(event.data);
      setStatus('');
      var old = log.querySelectorAll('[data-seq]');
      for (var i = 0; i < old.length; i++) old[i].remove();
      addEntries(data.entries, true);
      if (data.entries.length === 0 && !started) {
        started = true;
        sendMessage({ action: 'cmd:start' });
      }
    });
    source.addEventListener('entries', function (event) {
      addEntries(JSON.parse(event.data).entries);
    });
    source.addEventListener('erased', function () {
      source.close();
      source = null;
      clearLog();
      notice(S.cleared);
      started = false;
      // Erased from another tab: start again with the new conversation (and its new token).
      // Erased from this one: the answer to our request does that.
      if (inflight === 0)
        setTimeout(function () {
          location.reload();
        }, 1000);
    });
    source.onopen = function () {
      setStatus('');
    };
    source.onerror = function () {
      if (source && source.readyState === EventSource.CLOSED) {
        setStatus(S.offline);
        reconnect(5000);
      } else setStatus(S.offline);
    };
  }

  connect();
})();
