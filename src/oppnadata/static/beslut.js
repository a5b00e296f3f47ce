/* The searchable list of decisions. Without this script the list is paged HTML; with it the data is loaded on
   demand in small shards (scripts that register themselves, so the same files work from file://, any static
   host and `oppnadata serve`), and the list gets search, filters with counts, the totals of the selection,
   sorting, paging, the whole state in the URL (#…) and a download of the selection in both CSV flavours.
   At first only the counts and totals over all decisions are loaded (s-0000.js); the facet shards come when
   the reader first filters, sorts or pages, and a text search loads the index's vocabulary and only the
   shards of the words it matches. <html data-list-ready> is "complete" whenever what is shown is up to date
   and "loading" while data is on its way. No request leaves the site, nothing is stored. */
(function () {
  "use strict";
  var app = document.getElementById("beslut-app");
  var form = document.getElementById("filter");
  if (!app || !form || !window.Promise) { return; }
  var ds = app.dataset;
  var SHARDS = Number(ds.shards), SIZE = Number(ds.shardSize), PAGE = Number(ds.pageSize);
  var SV = ds.lang === "sv";
  var table = document.getElementById("beslut");
  var tbody = table.tBodies[0];
  var FACETS = ["ar", "stodform", "stodtyp", "kommun", "kategori", "omrade", "status"];
  var FIELDS = FACETS.concat(["q", "m", "min", "max"]);
  // A decision: [id, date, form, type, parts[[kommun, granted, paid]], category, area, status, granted, paid,
  // recipient, orgnr, project]; its position in file order is its row in the shards.
  var all = [], rows = {}, pending = {}, postings = {}, vocab = null, totals = null;
  var state = {sort: "-datum", sida: 1};
  var labels = {};

  window.oppnadata = window.oppnadata || {};
  window.oppnadata.shard = function (kind, number, data) {
    var key = kind + number;
    if (kind === "f") {
      for (var i = 0; i < data.length; i += 1) {
        var d = data[i];
        d.row = number * SIZE + i;
        d.fr = fold(d[10] + " " + d[11]);
        all[d.row] = d;
      }
    } else if (kind === "s") {
      totals = data;
    } else if (kind === "v") {
      vocab = data;
    } else if (kind === "i") {
      postings[number] = data;
    } else if (kind === "r") {
      rows[number] = data;
    }
    if (pending[key]) { pending[key].resolve(); }
  };

  function fold(text) {
    return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function pad(n) { return ("000" + n).slice(-4); }
  function load(kind, number) {
    var key = kind + number;
    if (!pending[key]) {
      var resolve, reject;
      var promise = new Promise(function (ok, fail) { resolve = ok; reject = fail; });
      pending[key] = {promise: promise, resolve: resolve};
      var script = document.createElement("script");
      script.src = ds.data + kind + "-" + pad(number) + ".js";
      script.async = true;
      script.onerror = function () { reject(new Error("could not load " + script.src)); };
      document.head.appendChild(script);
    }
    return pending[key].promise;
  }
  function loadMany(kind, numbers, each) {
    var next = 0, running = [];
    function worker() {
      if (next >= numbers.length) { return Promise.resolve(); }
      var n = numbers[next];
      next += 1;
      return load(kind, n).then(function () { if (each) { each(); } return worker(); });
    }
    for (var w = 0; w < Math.min(4, numbers.length); w += 1) { running.push(worker()); }
    return Promise.all(running);
  }
  function loadAll(kind, each) {
    var numbers = [];
    for (var n = 0; n < SHARDS; n += 1) { numbers.push(n); }
    return loadMany(kind, numbers, each);
  }

  // ------------------------------------------------------------------------------------------ formatting
  function esc(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"}[c];
    });
  }
  function kr(n) {
    var s = String(Math.abs(n)).replace(/\B(?=(\d{3})+(?!\d))/g, SV ? "\u00a0" : ",");
    var sign = n < 0 ? (SV ? "\u2212" : "-") : "";
    return SV ? sign + s + "\u00a0kr" : "SEK\u00a0" + sign + s;
  }
  function num(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, SV ? "\u00a0" : ","); }

  // ------------------------------------------------------------------------------------------ state
  function readHash() {
    var fresh = {sort: "-datum", sida: 1};
    location.hash.replace(/^#/, "").split("&").forEach(function (pair) {
      if (!pair) { return; }
      var at = pair.indexOf("=");
      var key = decodeURIComponent(at < 0 ? pair : pair.slice(0, at));
      var value = at < 0 ? "" : decodeURIComponent(pair.slice(at + 1).replace(/\+/g, " "));
      fresh[key] = key === "sida" ? Math.max(1, Number(value) || 1) : value;
    });
    state = fresh;
    FIELDS.forEach(function (name) {
      var el = form.elements[name];
      if (el) { el.value = state[name] || ""; }
    });
  }
  function writeHash() {
    var parts = [];
    FIELDS.forEach(function (name) {
      if (state[name]) { parts.push(name + "=" + encodeURIComponent(state[name])); }
    });
    if (state.sort !== "-datum") { parts.push("sort=" + encodeURIComponent(state.sort)); }
    if (state.sida > 1) { parts.push("sida=" + state.sida); }
    var hash = parts.length ? "#" + parts.join("&") : "";
    if (hash !== location.hash && !(hash === "" && location.hash === "#")) {
      history.replaceState(null, "", location.pathname + location.search + hash);
    }
  }
  function fromForm() {
    FIELDS.forEach(function (name) {
      var el = form.elements[name];
      state[name] = el ? el.value.trim() : "";
    });
  }

  // ------------------------------------------------------------------------------------------ filtering
  function tokens(text) { return fold(text).split(/\s+/).filter(Boolean); }
  function hasAll(hay, words) {
    for (var i = 0; i < words.length; i += 1) { if (hay.indexOf(words[i]) < 0) { return false; } }
    return true;
  }
  function facetValues(d, facet) {
    switch (facet) {
      case "ar": return [d[1].slice(0, 4)];
      case "stodform": return [d[2]];
      case "stodtyp": return [d[3]];
      case "kommun": return d[4].map(function (p) { return p[0]; });
      case "kategori": return [d[5]];
      case "omrade": return [d[6]];
      case "status": return [d[7]];
    }
    return [];
  }
  function select() {
    var m = tokens(state.m || ""), q = state.q ? found : null;
    var min = state.min === "" || state.min === undefined ? null : Number(state.min);
    var max = state.max === "" || state.max === undefined ? null : Number(state.max);
    var counts = {}, chosen = [];
    FACETS.forEach(function (f) { counts[f] = {}; });
    for (var i = 0; i < all.length; i += 1) {
      var d = all[i];
      if (!d) { continue; }
      if (q && !q[i]) { continue; }
      if (m.length && !hasAll(d.fr, m)) { continue; }
      if (min !== null && d[8] < min) { continue; }
      if (max !== null && d[8] > max) { continue; }
      var failed = null, fails = 0;
      for (var k = 0; k < FACETS.length; k += 1) {
        var f = FACETS[k], want = state[f];
        if (want && facetValues(d, f).indexOf(want) < 0) { fails += 1; failed = f; if (fails > 1) { break; } }
      }
      if (fails > 1) { continue; }
      for (var c = 0; c < FACETS.length; c += 1) {
        var facet = FACETS[c];
        if (fails === 1 && facet !== failed) { continue; }
        var values = facetValues(d, facet);
        for (var v = 0; v < values.length; v += 1) {
          counts[facet][values[v]] = (counts[facet][values[v]] || 0) + 1;
        }
      }
      if (fails === 0) { chosen.push(d); }
    }
    return {chosen: chosen, counts: counts};
  }
  var KEYS = {
    arende: function (d) { return d[0]; }, datum: function (d) { return d[1] + d[0]; },
    mottagare: function (d) { return fold(d[10]); }, projekt: function (d) { return fold(d[12]); },
    beviljat: function (d) { return d[8]; }, utbetalt: function (d) { return d[9]; }
  };
  function sortRows(chosen) {
    var desc = state.sort.charAt(0) === "-", key = KEYS[state.sort.replace(/^-/, "")] || KEYS.datum;
    chosen.sort(function (a, b) {
      var x = key(a), y = key(b);
      var order = x < y ? -1 : x > y ? 1 : a.row - b.row;
      return desc ? -order : order;
    });
  }

  // ------------------------------------------------------------------------------------------ rendering
  function optionLabels() {
    form.querySelectorAll("select[data-facet]").forEach(function (sel) {
      labels[sel.name] = {};
      Array.prototype.forEach.call(sel.options, function (opt) {
        opt.dataset.label = opt.textContent;
        labels[sel.name][opt.value] = opt.textContent;
      });
    });
  }
  function showCounts(counts) {
    form.querySelectorAll("select[data-facet]").forEach(function (sel) {
      Array.prototype.forEach.call(sel.options, function (opt) {
        if (!opt.value) { return; }
        var n = counts[sel.name][opt.value] || 0;
        opt.textContent = opt.dataset.label + " (" + num(n) + ")";
      });
    });
  }
  function row(d) {
    var root = ds.root, lang = SV ? "" : " lang=\"sv\"";
    var kommuner = d[4].map(function (p) { return esc(labels.kommun[p[0]] || p[0]); }).join(", ");
    var recipient = d[11] ? "<a href=\"" + root + "mottagare/" + esc(d[11]) + "/index.html\">" + esc(d[10]) + "</a>"
      : esc(d[10]);
    return "<tr class=\"" + esc(d[7]) + "\"><td><a href=\"" + root + "beslut/" + esc(d[0]) + "/index.html\">" +
      esc(d[0]) + "</a></td><td><time datetime=\"" + esc(d[1]) + "\">" + esc(d[1]) + "</time></td><td>" +
      esc(labels.stodform[d[2]] || d[2]) + "</td><td class=\"recipient\">" + recipient + "</td><td class=\"project\"" +
      lang + ">" + esc(d[12]) + "</td><td>" + kommuner + "</td><td class=\"num\" data-value=\"" + d[8] + "\">" +
      kr(d[8]) + "</td><td class=\"num\" data-value=\"" + d[9] + "\">" + kr(d[9]) + "</td><td>" +
      esc(labels.status[d[7]] || d[7]) + "</td></tr>";
  }
  var current = [];
  function apply() {
    var result = select(), chosen = result.chosen;
    sortRows(chosen);
    current = chosen;
    showCounts(result.counts);
    var pages = Math.max(1, Math.ceil(chosen.length / PAGE));
    if (state.sida > pages) { state.sida = pages; }
    var start = (state.sida - 1) * PAGE, shown = chosen.slice(start, start + PAGE);
    tbody.innerHTML = shown.map(row).join("");
    var granted = 0, paid = 0, kGranted = 0, kPaid = 0;
    chosen.forEach(function (d) {
      if (d[7] !== "aterkallad") { granted += d[8]; }
      paid += d[9];
      if (state.kommun) {
        d[4].forEach(function (p) { if (p[0] === state.kommun) { kGranted += p[1]; kPaid += p[2]; } });
      }
    });
    showTotals(chosen.length, granted, paid, kGranted, kPaid);
    var first = chosen.length ? start + 1 : 0;
    document.getElementById("antal").textContent = SV
      ? "Visar " + num(first) + "–" + num(start + shown.length) + " av " + num(chosen.length) + " beslut i urvalet."
      : "Showing " + num(first) + "–" + num(start + shown.length) + " of " + num(chosen.length) + " decisions selected.";
    pager(pages);
    headers();
    writeHash();
  }
  function showTotals(count, granted, paid, kGranted, kPaid) {
    document.getElementById("sum-antal").textContent = num(count);
    document.getElementById("sum-antal").dataset.value = count;
    document.getElementById("sum-beviljat").textContent = kr(granted);
    document.getElementById("sum-beviljat").dataset.value = granted;
    document.getElementById("sum-utbetalt").textContent = kr(paid);
    document.getElementById("sum-utbetalt").dataset.value = paid;
    var share = document.getElementById("sum-kommun");
    share.hidden = !state.kommun;
    if (state.kommun) {
      var name = labels.kommun[state.kommun] || state.kommun;
      document.getElementById("sum-kommun-dt").textContent = (SV ? name + "s del" : name + "'s part");
      var dd = document.getElementById("sum-kommun-dd");
      dd.textContent = kr(kGranted) + " / " + kr(kPaid);
      dd.dataset.granted = kGranted;
      dd.dataset.paid = kPaid;
    }
    document.getElementById("summor").hidden = false;
  }
  function pager(pages) {
    var nav = document.getElementById("sidor");
    var wanted = [1, pages];
    for (var n = Math.max(1, state.sida - 3); n <= Math.min(pages, state.sida + 3); n += 1) { wanted.push(n); }
    wanted = wanted.filter(function (n, i) { return wanted.indexOf(n) === i; }).sort(function (a, b) { return a - b; });
    var html = "";
    if (state.sida > 1) { html += "<li><button type=\"button\" data-page=\"" + (state.sida - 1) + "\">" + (SV ? "Föregående" : "Previous") + "</button></li>"; }
    wanted.forEach(function (n) {
      html += "<li><button type=\"button\" data-page=\"" + n + "\"" + (n === state.sida ? " aria-current=\"page\"" : "") + ">" + n + "</button></li>";
    });
    if (state.sida < pages) { html += "<li><button type=\"button\" data-page=\"" + (state.sida + 1) + "\">" + (SV ? "Nästa" : "Next") + "</button></li>"; }
    nav.innerHTML = "<ul>" + html + "</ul>";
  }
  function headers() {
    var key = state.sort.replace(/^-/, ""), desc = state.sort.charAt(0) === "-";
    table.querySelectorAll("th[data-sort]").forEach(function (th) {
      var button = th.querySelector("button");
      if (!button) {
        button = document.createElement("button");
        button.type = "button";
        button.className = "sort";
        button.textContent = th.textContent;
        th.textContent = "";
        th.appendChild(button);
      }
      if (th.dataset.sort === key) { th.setAttribute("aria-sort", desc ? "descending" : "ascending"); }
      else { th.removeAttribute("aria-sort"); }
    });
  }

  // ------------------------------------------------------------------------------------------ downloads
  function download(flavour) {
    var chosen = current.slice();
    var needed = {};
    chosen.forEach(function (d) { needed[Math.floor(d.row / SIZE)] = true; });
    var jobs = Object.keys(needed).map(function (n) { return load("r", Number(n)); });
    return Promise.all(jobs).then(function () {
      var lines = chosen.map(function (d) { return rows[Math.floor(d.row / SIZE)][flavour][d.row % SIZE]; });
      var text, end = flavour === "x" ? "\r\n" : "\n";
      text = (flavour === "x" ? "\ufeff" + ds.headerX : ds.headerC) + end + lines.map(function (l) { return l + end; }).join("");
      var blob = new Blob([text], {type: "text/csv;charset=utf-8"});
      var link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = flavour === "x" ? "beslut-urval-excel.csv" : "beslut-urval.csv";
      document.body.appendChild(link);
      link.click();
      setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
    });
  }

  // ------------------------------------------------------------------------------------------ text search
  // The index maps every folded word of the project names and summaries to its decisions; a query word
  // matches a decision when it is part of one of its words, so each query word is looked up in the
  // vocabulary and only the shards of the words containing it are loaded.
  var found = null, foundFor = "";
  function search(q) {
    var words = tokens(q);
    if (!words.length) { return Promise.resolve(null); }
    return load("v", 0).then(function () {
      var wanted = {}, matches = words.map(function () { return []; });
      for (var n = 0; n < vocab.length; n += 1) {
        var list = vocab[n];
        for (var j = 0; j < list.length; j += 1) {
          for (var w = 0; w < words.length; w += 1) {
            if (list[j].indexOf(words[w]) >= 0) { matches[w].push([n, j]); wanted[n] = true; }
          }
        }
      }
      var numbers = Object.keys(wanted).map(Number);
      return loadMany("i", numbers).then(function () {
        var hits = new Uint8Array(Number(ds.total));
        matches.forEach(function (list, w) {
          var mark = new Uint8Array(hits.length);
          list.forEach(function (at) {
            var deltas = postings[at[0]][at[1]], r = 0;
            for (var k = 0; k < deltas.length; k += 1) { r += deltas[k]; mark[r] = 1; }
          });
          for (var i = 0; i < hits.length; i += 1) { hits[i] = w === 0 ? mark[i] : hits[i] & mark[i]; }
        });
        return hits;
      });
    });
  }
  function needSearch() {
    var q = state.q || "";
    if (!q || q === foundFor) { return Promise.resolve(); }
    var note = document.getElementById("laddar");
    note.hidden = false;
    note.textContent = SV ? "Söker …" : "Searching …";
    return search(q).then(function (hits) {
      if ((state.q || "") !== q) { return; }  // a newer query is on its way
      found = hits;
      foundFor = q;
      note.hidden = true;
    });
  }

  // ------------------------------------------------------------------------------------------ wiring
  var ready = false, data = null;
  function needData() {
    if (!data) {
      var note = document.getElementById("laddar"), done = 0;
      note.hidden = false;
      data = loadAll("f", function () {
        done += 1;
        note.textContent = (SV ? "Hämtar beslut … " : "Loading decisions … ") + done + (SV ? " av " : " of ") + SHARDS;
      }).then(function () { note.hidden = true; ready = true; });
    }
    return data;
  }
  function isDefault() {
    return !FIELDS.some(function (name) { return state[name]; }) && state.sort === "-datum" && state.sida === 1;
  }
  var busy = 0;
  function refresh() {
    // Show the current state: at once from the counts over all decisions when nothing is chosen and no
    // shard is in yet, else once the facet shards (and the search's index shards) are loaded.
    if (!ready && isDefault()) {
      return load("s", 0).then(function () {
        if (!ready && isDefault()) { showDefault(); }
      });
    }
    return needData().then(needSearch).then(function () {
      if ((state.q || "") === "" || foundFor === state.q) { apply(); }
    });
  }
  function update() {
    busy += 1;
    document.documentElement.dataset.listReady = "loading";
    return refresh().then(settled, function (err) { settled(); throw err; });
  }
  function settled() {
    busy -= 1;
    if (!busy) { document.documentElement.dataset.listReady = "complete"; }
  }
  function showDefault() {
    showCounts(totals.counts);
    showTotals(totals.antal, totals.beviljat, totals.utbetalt, 0, 0);
    document.getElementById("summor").hidden = false;
    writeHash();
  }
  form.addEventListener("input", function () { fromForm(); state.sida = 1; update(); });
  form.addEventListener("change", function () { fromForm(); state.sida = 1; update(); });
  form.addEventListener("focusin", function () { needData(); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function (event) {
    event.preventDefault();
    FIELDS.forEach(function (name) { if (form.elements[name]) { form.elements[name].value = ""; } });
    fromForm();
    state.sort = "-datum";
    state.sida = 1;
    update();
  });
  document.getElementById("sidor").addEventListener("click", function (event) {
    var target = event.target.closest("button[data-page]");
    if (!target) { return; }
    event.preventDefault();
    state.sida = Number(target.dataset.page);
    update().then(function () { document.getElementById("antal").scrollIntoView({block: "start"}); });
  });
  table.tHead.addEventListener("click", function (event) {
    var th = event.target.closest("th[data-sort]");
    if (!th) { return; }
    var key = th.dataset.sort, now = state.sort.replace(/^-/, "");
    var numeric = key === "beviljat" || key === "utbetalt" || key === "datum";
    state.sort = now === key ? (state.sort.charAt(0) === "-" ? key : "-" + key) : (numeric ? "-" + key : key);
    state.sida = 1;
    update();
  });
  function downloadSelection(flavour) {
    if (ready) { return download(flavour); }
    return needData().then(needSearch).then(function () { apply(); return download(flavour); });
  }
  document.getElementById("ladda-csv").addEventListener("click", function () { downloadSelection("c"); });
  document.getElementById("ladda-excel").addEventListener("click", function () { downloadSelection("x"); });
  window.addEventListener("hashchange", function () { readHash(); update(); });

  optionLabels();
  readHash();
  headers();
  form.hidden = false;
  document.documentElement.dataset.listReady = "interactive";
  busy += 1;
  refresh().then(settled, settled);
}());
