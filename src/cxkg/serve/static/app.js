// cxkg pages: search suggestions, lazy tree, query picker, static-site search. No inline scripts
// (the Content-Security-Policy forbids them); every text goes into the page through textContent.
(function () {
  "use strict";
  var body = document.body;
  var site = body.getAttribute("data-mode") === "site";
  var root = body.getAttribute("data-root") || "/";
  var lang = new URLSearchParams(window.location.search).get("lang");

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  // -- static site: search over the index the page loaded (window.CXKG_INDEX) ----------------
  function norm(text) {
    return text.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/['’]/g, "")
      .replace(/[^a-z0-9]+/g, " ").trim();
  }
  function distance(a, b) {
    if (Math.abs(a.length - b.length) > 2) { return 3; }
    var prev = [], cur, i, j;
    for (j = 0; j <= b.length; j++) { prev[j] = j; }
    for (i = 1; i <= a.length; i++) {
      cur = [i];
      for (j = 1; j <= b.length; j++) {
        cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      }
      prev = cur;
    }
    return prev[b.length];
  }
  function localSearch(text, limit) {
    var query = norm(text), words = query.split(" "), hits = [];
    if (!query || !window.CXKG_INDEX) { return hits; }
    window.CXKG_INDEX.forEach(function (entry) {  // [label, url, [other labels]]
      var best = 0, why = "", matched = "";
      [entry[0]].concat(entry[2] || []).forEach(function (label, position) {
        var key = norm(label), score = 0, reason = "";
        if (key === query) { score = 100; reason = position ? "alt label" : "exact label"; }
        else if (key.indexOf(query) === 0) { score = 80; reason = "prefix"; }
        else if (key.split(" ").some(function (w) { return w.indexOf(words[0]) === 0; }) && words.every(function (q) { return key.indexOf(q) >= 0; })) { score = 65; reason = "word"; }
        else if (words.every(function (q) { return q.length > 3 && key.split(" ").some(function (w) { return distance(q, w) <= (q.length > 6 ? 2 : 1); }); })) { score = 55; reason = "fuzzy"; }
        if (position) { score -= 1; }
        if (score > best) { best = score; why = reason; matched = label; }
      });
      if (best) { hits.push({label: entry[0], url: root.replace(/index\.html$/, "") + entry[1], reason: why, matched: matched, score: best}); }
    });
    hits.sort(function (a, b) { return b.score - a.score || a.label.localeCompare(b.label); });
    return hits.slice(0, limit);
  }
  function remoteSearch(text, limit, done) {
    var params = new URLSearchParams({q: text, limit: String(limit)});
    if (lang) { params.set("lang", lang); }
    fetch("/api/search?" + params.toString(), {headers: {Accept: "application/json"}})
      .then(function (r) { return r.ok ? r.json() : {results: []}; })
      .then(function (data) { done(data.results || []); })
      .catch(function () { done([]); });
  }
  function search(text, limit, done) {
    if (site) { done(localSearch(text, limit)); } else { remoteSearch(text, limit, done); }
  }

  // -- suggestions as you type ------------------------------------------------------------------
  var input = document.getElementById("q"), list = document.getElementById("suggestions");
  if (input && list) {
    var timer = null, active = -1, latest = "";
    var close = function () { list.hidden = true; input.setAttribute("aria-expanded", "false"); active = -1; input.removeAttribute("aria-activedescendant"); };
    var mark = function (index) {
      var items = list.querySelectorAll("li");
      items.forEach(function (item, i) { item.setAttribute("aria-selected", i === index ? "true" : "false"); });
      active = index;
      if (items[index]) { input.setAttribute("aria-activedescendant", items[index].id); }
    };
    var show = function (hits) {
      list.textContent = "";
      hits.forEach(function (hit, i) {
        var item = el("li", {role: "option", id: "suggestion-" + i, "data-url": hit.url, "aria-selected": "false"});
        item.appendChild(el("span", {}, hit.label));
        if (hit.reason && hit.reason !== "exact label") { item.appendChild(el("span", {"class": "why"}, " · " + hit.reason + (hit.matched && hit.matched !== hit.label ? ": " + hit.matched : ""))); }
        item.addEventListener("mousedown", function (event) { event.preventDefault(); window.location.href = hit.url; });
        list.appendChild(item);
      });
      list.hidden = hits.length === 0;
      input.setAttribute("aria-expanded", hits.length ? "true" : "false");
      active = -1;
    };
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var text = input.value.trim();
      if (text.length < 2) { close(); return; }
      timer = setTimeout(function () {
        latest = text;
        search(text, 8, function (hits) { if (latest === text) { show(hits); } });
      }, 120);
    });
    input.addEventListener("keydown", function (event) {
      var items = list.querySelectorAll("li");
      if (event.key === "ArrowDown" && items.length) { event.preventDefault(); mark((active + 1) % items.length); list.hidden = false; }
      else if (event.key === "ArrowUp" && items.length) { event.preventDefault(); mark((active - 1 + items.length) % items.length); }
      else if (event.key === "Escape") { close(); }
      else if (event.key === "Enter" && active >= 0 && items[active]) { event.preventDefault(); window.location.href = items[active].getAttribute("data-url"); }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
    if (site) {  // the static site has no search endpoint: the form goes to search.html?q=
      input.form.addEventListener("submit", function () { return true; });
    }
  }

  // -- the search page of the static site ----------------------------------------------------
  var results = document.getElementById("results");
  if (site && results) {
    var text = new URLSearchParams(window.location.search).get("q") || "";
    var field = document.getElementById("q2");
    if (field) { field.value = text; }
    if (text) {
      var hits = localSearch(text, 50);
      results.textContent = "";
      results.appendChild(el("p", {}, hits.length ? hits.length + " results for “" + text + "”." : "No concept matches “" + text + "”."));
      var ol = el("ol", {"class": "hits"});
      hits.forEach(function (hit) {
        var li = el("li");
        li.appendChild(el("a", {href: hit.url}, hit.label));
        li.appendChild(el("span", {"class": "why"}, " matched by " + hit.reason + (hit.matched !== hit.label ? ": “" + hit.matched + "”" : "")));
        ol.appendChild(li);
      });
      results.appendChild(ol);
    }
  }

  // -- the tree: buttons disclose narrower concepts; big vocabularies load children on opening --
  var counter = 0;
  function toggle(button, open) {
    var list = document.getElementById(button.getAttribute("aria-controls"));
    if (!list) { return; }
    button.setAttribute("aria-expanded", open ? "true" : "false");
    list.hidden = !open;
    if (open && button.getAttribute("data-lazy") === "true" && !site) { lazyLoad(button, list); }
  }
  function lazyLoad(button, list) {
    button.setAttribute("data-lazy", "loading");
    var params = new URLSearchParams({uri: button.getAttribute("data-iri")});
    if (lang) { params.set("lang", lang); }
    fetch("/api/children?" + params.toString(), {headers: {Accept: "application/json"}})
      .then(function (r) { return r.json(); })
      .then(function (data) {
        (data.children || []).forEach(function (child) {
          var li = el("li");
          if (child.children > 0) {
            counter += 1;
            var id = "lazy-" + counter;
            var sub = el("button", {type: "button", "class": "toggle", "aria-expanded": "false", "aria-controls": id,
                                    "data-iri": child.uri, "data-lazy": "true"});
            sub.appendChild(el("span", {"class": "visually-hidden"}, "Show narrower concepts of " + child.label));
            li.appendChild(sub);
            li.appendChild(document.createTextNode(" "));
            li.appendChild(el("a", {href: child.url}, child.label));
            li.appendChild(document.createTextNode(" "));
            li.appendChild(el("span", {"class": "count"}, String(child.children)));
            var ul = el("ul", {id: id});
            ul.hidden = true;
            li.appendChild(ul);
          } else {
            li.appendChild(el("span", {"class": "leaf", "aria-hidden": "true"}));
            li.appendChild(el("a", {href: child.url}, child.label));
          }
          list.appendChild(li);
        });
        button.setAttribute("data-lazy", "false");
      });
  }
  var tree = document.querySelector(".tree");
  if (tree) {
    tree.addEventListener("click", function (event) {
      var button = event.target.closest("button.toggle");
      if (button) { toggle(button, button.getAttribute("aria-expanded") !== "true"); }
    });
  }
  var expand = document.getElementById("expand-all"), collapse = document.getElementById("collapse-all");
  var all = function (open) { document.querySelectorAll(".tree button.toggle").forEach(function (b) { if (b.getAttribute("data-lazy") !== "true") { toggle(b, open); } }); };
  if (expand) { expand.addEventListener("click", function () { all(true); }); }
  if (collapse) { collapse.addEventListener("click", function () { all(false); }); }

  // -- the SPARQL page: picking a named query shows its parameter fields ----------------------
  var picker = document.getElementById("name");
  if (picker) {
    picker.addEventListener("change", function () {
      var params = new URLSearchParams({name: picker.value});
      if (lang) { params.set("lang", lang); }
      window.location.href = root.split("?")[0].replace(/\/$/, "") + "/query?" + params.toString();
    });
  }
}());
