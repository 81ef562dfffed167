// i18n-ignore-file: the archive's stylesheet and page script; the words they show come from the catalogue (archive.*)
import {SENDER_COLOURS} from './html-text.js'

/**
 * The archive's stylesheet (assets/archive.css). Thumbnails are the images scaled by CSS: no
 * image library, the original stays one click away.
 */
export const ARCHIVE_CSS = `:root { color-scheme: light dark; --bg: #f4f1ea; --card: #fff; --ink: #1d1d1d; --muted: #6b6b6b; --accent: #2b6cb0; --own: #dcf8c6; }
@media (prefers-color-scheme: dark) { :root { --bg: #15171a; --card: #22262b; --ink: #e8e8e8; --muted: #a0a0a0; --accent: #8ab4f8; --own: #1f3d2b; } }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink); font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
header, main, footer { max-width: 52rem; margin: 0 auto; padding: 0.5rem 1rem; }
h1 { font-size: 1.4rem; margin: 0.6rem 0; overflow-wrap: anywhere; }
a { color: var(--accent); }
.note { color: var(--muted); }
nav.pages { display: flex; gap: 1rem; flex-wrap: wrap; align-items: center; margin: 0.4rem 0; }
form#search { display: flex; gap: 0.5rem; margin: 0.6rem 0; }
form#search input { flex: 1; font-size: 1rem; padding: 0.4rem 0.6rem; }
form#search button { font-size: 1rem; }
#results { background: var(--card); border-radius: 8px; padding: 0.5rem 1rem; margin-bottom: 1rem; }
#results ol { padding-left: 1.2rem; }
#results li { margin: 0.4rem 0; }
#results .snippet { white-space: pre-wrap; overflow-wrap: anywhere; }
table.chats { width: 100%; border-collapse: collapse; background: var(--card); }
table.chats td, table.chats th { padding: 0.4rem 0.6rem; text-align: left; border-bottom: 1px solid rgba(128,128,128,0.25); }
table.chats .num { text-align: right; }
h2.day { text-align: center; font-size: 0.85rem; font-weight: 600; color: var(--muted); margin: 1.2rem 0 0.6rem; }
.msg { background: var(--card); border-radius: 8px; padding: 0.4rem 0.7rem; margin: 0.35rem 0; max-width: 40rem; overflow-wrap: anywhere; }
.msg:target, .event:target { outline: 3px solid var(--accent); }
.msg .head { font-size: 0.85rem; }
.msg .author { font-weight: 600; }
.msg.own { margin-left: auto; background: var(--own); }
.msg .you { color: var(--muted); font-size: 0.8rem; }
.place .coords { color: var(--muted); font-size: 0.8rem; }
time { color: var(--muted); font-size: 0.8rem; }
.text { white-space: pre-wrap; }
.event { text-align: center; color: var(--muted); font-size: 0.85rem; font-style: italic; margin: 0.5rem 2rem; white-space: pre-wrap; overflow-wrap: anywhere; }
.reply { margin: 0.2rem 0; padding: 0.2rem 0.6rem; border-left: 3px solid var(--muted); color: var(--muted); white-space: pre-wrap; }
.reactions { margin-top: 0.2rem; }
.reaction { display: inline-block; background: var(--bg); border-radius: 1rem; padding: 0 0.4rem; margin-right: 0.2rem; }
.omitted, .kind, .edited { color: var(--muted); font-style: italic; font-size: 0.9rem; }
img.thumb { display: block; max-width: 16rem; max-height: 16rem; width: auto; height: auto; border-radius: 6px; margin: 0.3rem 0; }
audio, video { max-width: 100%; }
video { max-height: 20rem; }
${Array.from({length: SENDER_COLOURS}, (_, i) => `.c${i} { color: hsl(${Math.round((i * 360) / SENDER_COLOURS)}, 60%, 40%); }`).join('\n')}
@media (prefers-color-scheme: dark) {
${Array.from({length: SENDER_COLOURS}, (_, i) => `  .c${i} { color: hsl(${Math.round((i * 360) / SENDER_COLOURS)}, 70%, 70%); }`).join('\n')}
}
`

/**
 * The archive's script (assets/archive.js): search across every page of the chats named by the
 * search form, and marks of loaded images. Search indexes are script files added on the first
 * search: browsers refuse fetch() on file:// pages, and a chat of 100,000 messages should not
 * load its index before anyone searches. A chat's `chats/ID/search.js` names how many shards
 * its index has (`search-1.js` …, each adding its rows); rows are put back in shard order
 * whatever order the files arrive in. User text is only ever put in the page as textContent.
 * `#q=word` in the address runs a search at load (bookmarks, tests).
 */
export const ARCHIVE_JS = `(function () {
  'use strict';
  var indexes = {};
  var loaders = {};
  window.xmArchive = {
    parts: function (id, title, count) {
      indexes[id] = {title: title, parts: new Array(count), rows: null, folded: null};
      var load = loaders[id];
      delete loaders[id];
      if (load) for (var k = 1; k <= count; k++) load(id + '/search-' + k + '.js');
    },
    add: function (id, part, rows) { if (indexes[id]) indexes[id].parts[part - 1] = rows; }
  };
  var MAX_SHOWN = 500;

  function fold(s) { return s.normalize('NFD').replace(/[\\u0300-\\u036f]/g, '').toLowerCase(); }

  function markImages() {
    var imgs = document.querySelectorAll('img.thumb');
    Array.prototype.forEach.call(imgs, function (img) {
      function loaded() { img.setAttribute('data-loaded', 'true'); }
      if (img.complete && img.naturalWidth > 0) loaded();
      else {
        img.addEventListener('load', loaded);
        img.addEventListener('error', function () { img.setAttribute('data-error', 'true'); });
      }
    });
  }

  function load(form, ids, done) {
    var root = form.getAttribute('data-root') || '';
    var left = 0;
    function script(path) {
      left++;
      var s = document.createElement('script');
      s.src = root + 'chats/' + path;
      s.onload = s.onerror = function () {
        left--;
        if (left === 0) done();
      };
      document.body.appendChild(s);
    }
    // A chat's search.js runs parts(), which asks this load for its shards before its own
    // onload fires, so done() waits for them.
    ids.forEach(function (id) {
      if (indexes[id] && complete(indexes[id])) return;
      loaders[id] = script;
      script(id + '/search.js');
    });
    if (left === 0) done();
  }

  function complete(index) {
    for (var k = 0; k < index.parts.length; k++) if (!index.parts[k]) return false;
    return true;
  }

  // The chat's rows in shard order; kept once every shard is there (a shard that failed to load
  // is asked for again by the next search).
  function rowsOf(index) {
    if (index.rows) return index.rows;
    var rows = [].concat.apply([], index.parts.map(function (p) { return p || []; }));
    if (complete(index)) index.rows = rows;
    return rows;
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function snippet(text, word) {
    var div = el('div', 'snippet');
    var shown = text.length > 300 ? text.slice(0, 300) + '…' : text;
    var at = word ? shown.toLowerCase().indexOf(word) : -1;
    if (at < 0 || shown.toLowerCase().length !== shown.length) { div.textContent = shown; return div; }
    div.appendChild(document.createTextNode(shown.slice(0, at)));
    div.appendChild(el('mark', null, shown.slice(at, at + word.length)));
    div.appendChild(document.createTextNode(shown.slice(at + word.length)));
    return div;
  }

  function run(form, query) {
    var box = document.getElementById('results');
    var words = fold(query).split(/\\s+/).filter(function (w) { return w !== ''; });
    if (words.length === 0) { box.hidden = true; return; }
    var ids = (form.getAttribute('data-chats') || '').split(',').filter(function (x) { return x !== ''; });
    var root = form.getAttribute('data-root') || '';
    box.hidden = false;
    box.textContent = form.getAttribute('data-searching');
    load(form, ids, function () {
      var found = [];
      ids.forEach(function (id) {
        var index = indexes[id];
        if (!index) return;
        var rows = rowsOf(index);
        var folded = index.folded || rows.map(function (r) { return fold(r[3] + ' ' + r[4]); });
        if (index.rows) index.folded = folded;
        for (var i = 0; i < rows.length; i++) {
          var f = folded[i];
          var all = true;
          for (var w = 0; w < words.length; w++) if (f.indexOf(words[w]) < 0) { all = false; break; }
          if (all) found.push([id, rows[i]]);
        }
      });
      box.textContent = '';
      box.setAttribute('data-count', String(found.length));
      var form1 = typeof Intl !== 'undefined' && Intl.PluralRules && new Intl.PluralRules(document.documentElement.lang).select(found.length) === 'one';
      var count = found.length === 0 ? form.getAttribute('data-none') : form.getAttribute(form1 ? 'data-results-one' : 'data-results-other').replace('{n}', found.length.toLocaleString(document.documentElement.lang));
      box.appendChild(el('p', 'count', count));
      var list = el('ol');
      var plain = query.trim().split(/\\s+/)[0].toLowerCase();
      found.slice(0, MAX_SHOWN).forEach(function (hit) {
        var row = hit[1];
        var li = el('li', 'result');
        var a = el('a', null, (ids.length > 1 ? indexes[hit[0]].title + ' · ' : '') + row[2].replace('T', ' ').slice(0, 16) + ' · ' + row[3]);
        a.href = root + 'chats/' + hit[0] + '/p' + row[0] + '.html#m' + row[1];
        li.appendChild(a);
        li.appendChild(snippet(row[4], plain));
        list.appendChild(li);
      });
      box.appendChild(list);
    });
  }

  function start() {
    markImages();
    var form = document.getElementById('search');
    if (!form) return;
    var input = document.getElementById('q');
    form.addEventListener('submit', function (event) { event.preventDefault(); run(form, input.value); });
    var hash = location.hash;
    if (hash.indexOf('#q=') === 0) {
      var query = '';
      try { query = decodeURIComponent(hash.slice(3).replace(/\\+/g, ' ')); } catch (e) { query = hash.slice(3); }
      input.value = query;
      run(form, query);
    }
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
})();
`
