// annals.js: the small script behind topic filters and site search. Progressive enhancement:
// every page is complete without it. It runs only on pages that carry its hooks (a topic
// timeline's `.filter-facets`, the search page's `#search-results`), adds controls there, and
// keeps their state in the URL query so a filtered view or a search can be linked to. Article
// text is only ever inserted with textContent, never as HTML.
(function () {
  "use strict";

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function setQuery(params) {
    var search = params.toString();
    history.replaceState(null, "", location.pathname + (search ? "?" + search : "") + location.hash);
  }

  // Topic pages: filter the timeline by outlet, entity and date range.
  function topicFilters(timeline, facets) {
    var events = Array.prototype.slice.call(timeline.querySelectorAll("article.event[data-day]"));
    if (!events.length) return;
    var params = new URLSearchParams(location.search);
    var form = el("form", { "class": "filters", "aria-label": "Filter this timeline" });
    form.addEventListener("submit", function (e) { e.preventDefault(); });

    function select(name, label, all) {
      var options = facets.querySelectorAll('[data-facet="' + name + '"]');
      if (!options.length) return null;
      var wrap = el("label", { "class": "filter" });
      wrap.appendChild(el("span", { "class": "filter-label" }, label));
      var box = el("select", { name: name });
      box.appendChild(el("option", { value: "" }, all));
      Array.prototype.forEach.call(options, function (o) {
        box.appendChild(el("option", { value: o.getAttribute("data-value") },
          o.textContent + " (" + o.getAttribute("data-count") + ")"));
      });
      box.value = params.get(name) || "";
      if (box.selectedIndex < 0) box.value = "";
      wrap.appendChild(box);
      form.appendChild(wrap);
      return box;
    }
    function dateInput(name, label) {
      var wrap = el("label", { "class": "filter" });
      wrap.appendChild(el("span", { "class": "filter-label" }, label));
      var input = el("input", { type: "date", name: name });
      var days = events.map(function (e) { return e.getAttribute("data-day"); }).sort();
      input.min = days[0];
      input.max = days[days.length - 1];
      var wanted = params.get(name) || "";
      if (/^\d{4}-\d{2}-\d{2}$/.test(wanted)) input.value = wanted;
      wrap.appendChild(input);
      form.appendChild(wrap);
      return input;
    }

    var outlet = select("outlet", "Outlet", "All outlets");
    var entity = select("entity", "Name", "All names");
    var from = dateInput("from", "From");
    var to = dateInput("to", "To");
    var reset = el("button", { type: "button", "class": "filter-reset" }, "Show all");
    form.appendChild(reset);
    var count = el("p", { "class": "filter-count", role: "status" });
    form.appendChild(count);
    timeline.parentNode.insertBefore(form, timeline);

    function apply() {
      var o = outlet ? outlet.value : "", n = entity ? entity.value : "";
      var f = from.value, t = to.value, shown = 0;
      events.forEach(function (e) {
        var day = e.getAttribute("data-day");
        var ok = (!o || (" " + e.getAttribute("data-outlets") + " ").indexOf(" " + o + " ") >= 0) &&
          (!n || (" " + e.getAttribute("data-entities") + " ").indexOf(" " + n + " ") >= 0) &&
          (!f || day >= f) && (!t || day <= t);
        e.hidden = !ok;
        if (ok) shown++;
      });
      Array.prototype.forEach.call(timeline.querySelectorAll("section.day"), function (s) {
        s.hidden = !s.querySelector("article.event:not([hidden])");
        var jump = document.querySelector('.jump a[href="#' + s.id + '"]');
        if (jump) jump.parentNode.hidden = s.hidden;
      });
      var filtered = o || n || f || t;
      count.textContent = filtered ? shown + " of " + events.length + " events shown" : events.length + " events";
      reset.hidden = !filtered;
      var next = new URLSearchParams(location.search);
      [["outlet", o], ["entity", n], ["from", f], ["to", t]].forEach(function (p) {
        if (p[1]) next.set(p[0], p[1]); else next.delete(p[0]);
      });
      setQuery(next);
    }
    form.addEventListener("change", apply);
    reset.addEventListener("click", function () {
      if (outlet) outlet.value = "";
      if (entity) entity.value = "";
      from.value = "";
      to.value = "";
      apply();
    });
    apply();
  }

  // Folds case and accents so "Iran" finds "iran" and "Zurich" finds "Zürich".
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  // `2026-02-08` as `8 Feb 2026`, the pages' short form.
  function shortDay(iso) {
    var p = iso.split("-");
    return p.length === 3 ? +p[2] + " " + MONTHS[+p[1] - 1] + " " + p[0] : iso;
  }

  // The search page: fetch the prebuilt index once, then filter it as the query changes.
  function search(results) {
    var input = document.getElementById("search-q");
    var header = document.getElementById("site-q");
    var root = results.getAttribute("data-index").replace(/search-index\.json$/, "");
    var query = new URLSearchParams(location.search).get("q") || "";
    input.value = query;
    if (header) header.value = query;
    var status = el("p", { "class": "search-status", role: "status" }, "Loading the index…");
    var list = el("ol", { "class": "search-list" });
    results.appendChild(status);
    results.appendChild(list);
    var entries = null;

    function render() {
      var q = fold(input.value.trim());
      var params = new URLSearchParams(location.search);
      if (input.value.trim()) params.set("q", input.value.trim()); else params.delete("q");
      setQuery(params);
      list.textContent = "";
      if (!entries) return;
      if (!q) { status.textContent = "Type words to search " + entries.length + " topics and events."; return; }
      var terms = q.split(/\s+/);
      var hits = entries.filter(function (e) {
        return terms.every(function (t) { return e.text.indexOf(t) >= 0; });
      });
      hits.sort(function (a, b) {
        var ta = terms.every(function (t) { return a.title.indexOf(t) >= 0; });
        var tb = terms.every(function (t) { return b.title.indexOf(t) >= 0; });
        if (a.kind !== b.kind) return a.kind === "topic" ? -1 : 1;
        if (ta !== tb) return ta ? -1 : 1;
        return a.day < b.day ? 1 : a.day > b.day ? -1 : 0;
      });
      status.textContent = hits.length === 1 ? "1 result" : hits.length + " results" + (hits.length > 100 ? ", the first 100 shown" : "");
      hits.slice(0, 100).forEach(function (h) {
        var item = el("li", { "class": "search-hit search-" + h.kind });
        var head = el("p", { "class": "search-title" });
        head.appendChild(el("a", { href: root + h.u }, h.t));
        item.appendChild(head);
        var meta = el("p", { "class": "meta" }, h.kind === "topic" ? "Topic" + (h.d ? " · " + h.d.split("/").map(shortDay).join(" – ") : "") : shortDay(h.d) + (h.p ? " · " + h.p : ""));
        item.appendChild(meta);
        if (h.s) item.appendChild(el("p", { "class": "search-snippet" }, h.s));
        list.appendChild(item);
      });
    }

    input.addEventListener("input", render);
    input.form.addEventListener("submit", function (e) { e.preventDefault(); render(); });
    fetch(results.getAttribute("data-index"))
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (index) {
        entries = index.topics.map(function (t) {
          return { kind: "topic", t: t.t, s: t.s, d: t.d, u: t.u, day: t.d.slice(-10), title: fold(t.t), text: fold(t.t + " " + t.s) };
        }).concat(index.events.map(function (e) {
          return { kind: "event", t: e.t, s: e.s, d: e.d, p: e.p, u: e.u, day: e.d, title: fold(e.t), text: fold(e.t + " " + e.s + " " + e.p) };
        }));
        render();
      })
      .catch(function () {
        status.textContent = "The search index could not be loaded (open the site through a web server).";
      });
  }

  var timeline = document.querySelector("main .timeline");
  var facets = timeline && timeline.querySelector(".filter-facets");
  if (facets) topicFilters(timeline, facets);
  var results = document.getElementById("search-results");
  if (results && window.fetch && window.URLSearchParams) search(results);
})();
