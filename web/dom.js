// Small DOM helpers shared by the lesson pages: text from lesson files is always text
// (textContent, or the <strong>/<code> of its **bold** and `code` markup), never HTML.
(function () {
  'use strict';

  // h(tag, attrs, ...children): children are nodes or strings (text nodes); attrs are set with
  // setAttribute, except on* (event listeners). A null or false attribute or child is skipped.
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v == null || v === false) continue;
      if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children.flat()) {
      if (c == null || c === false) continue;
      el.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return el;
  }

  // inline renders a lesson string's **bold** and `code` as <strong> and <code>; the rest is text.
  function inline(text) {
    const out = [];
    const re = /\*\*(.+?)\*\*|`([^`]+)`/g;
    let at = 0;
    for (let m; (m = re.exec(text)) !== null;) {
      if (m.index > at) out.push(text.slice(at, m.index));
      if (m[1] != null) out.push(h('strong', null, inline(m[1])));
      else out.push(h('code', null, m[2]));
      at = re.lastIndex;
    }
    if (at < text.length) out.push(text.slice(at));
    return out;
  }

  // fill replaces el's children, skipping the null of an absent optional part.
  function fill(el, ...children) {
    el.replaceChildren(...children.flat().filter((c) => c != null && c !== false));
  }

  // plain strips the markup, for announcements and the document title.
  const plain = (text) => text.replace(/\*\*(.+?)\*\*/g, '$1').replace(/`([^`]+)`/g, '$1');

  window.gossipLab.dom = { h, inline, fill, plain };
})();
