(function () {
  "use strict";
  // tqc review page: filters kept in the URL fragment, keyboard navigation between
  // findings, and on-demand rendering of the rows that the page embeds as JSON.
  document.documentElement.classList.add("js");
  var data = JSON.parse(document.getElementById("tqc-data").textContent);
  var F = data.findings;
  var table = document.getElementById("bitext");
  var form = document.getElementById("filters");
  var search = document.getElementById("q");
  var onlyBox = document.getElementById("only");
  var status = document.getElementById("status");
  var more = document.getElementById("more");
  var GROUPS = ["sev", "cat", "code"];
  var FIELD = { sev: "s", cat: "k", code: "c" };
  var CHUNK = 300;
  var rendered = data.initial;
  var allValues = {};
  GROUPS.forEach(function (group) {
    allValues[group] = Array.prototype.map.call(
      form.querySelectorAll('input[name="' + group + '"]'), function (input) { return input.value; });
  });
  var haystack = F.map(function (f) { return f.t.toLowerCase(); });
  var shown = F.map(function () { return true; });
  var orderPosition = {};
  data.order.forEach(function (index, position) { orderPosition[index] = position; });
  var state = freshState();

  function freshState() {
    var fresh = { q: "", only: false, at: -1 };
    GROUPS.forEach(function (group) { fresh[group] = allValues[group].slice(); });
    return fresh;
  }

  // --- rows: the same markup as _rows.html.j2 --------------------------------------
  function h(tag, attributes, children) {
    var node = document.createElement(tag);
    for (var i = 0; i < attributes.length; i += 2) node.setAttribute(attributes[i], attributes[i + 1]);
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }
  function titleOf(ids) {
    return ids.map(function (i) { return F[i].c + " " + F[i].s + ": " + F[i].m; }).join("\n");
  }
  function ref(i) {
    var f = F[i];
    return h("a", ["class", "ref sev-" + f.s, "href", "#finding-" + i, "data-f", String(i), "title", titleOf([i])],
      [h("span", ["aria-hidden", "true"], [data.symbols[f.s]]), f.c]);
  }
  function segment(seg, side) {
    // seg: [id, classes, kind (non-article only), line, whole findings, refs, fragments]
    var attributes = ["id", side + "-" + seg[0], "class", seg[1]];
    if (seg[2]) attributes.push("data-kind", seg[2]);
    attributes.push("title", "line " + seg[3]);
    if (seg[4].length) attributes.push("data-f", seg[4].join(" "));
    var children = [];
    seg[6].forEach(function (fragment) {
      if (typeof fragment === "string") { children.push(fragment); return; }
      // fragment: [text, covering findings, severity, findings ending here]
      if (fragment[1].length) {
        children.push(h("mark", ["class", "sev-" + fragment[2], "data-f", fragment[1].join(" "),
          "title", titleOf(fragment[1])], [fragment[0]]));
      } else {
        children.push(fragment[0]);
      }
      fragment[3].forEach(function (i) { children.push(ref(i)); });
    });
    seg[5].forEach(function (i) { children.push(ref(i)); });
    return h("span", attributes, children);
  }
  function side(segments, lang) {
    if (!segments.length) {
      return h("td", ["class", lang + " missing"], [h("span", ["class", "missing-label"],
        [lang === "zh" ? "no Chinese source" : "no English translation"])]);
    }
    var children = [];
    segments.forEach(function (seg, position) {
      if (lang === "en" && position) children.push(" ");
      children.push(segment(seg, lang));
    });
    return h("td", ["class", lang, "lang", lang], children);
  }
  function note(i) {
    var f = F[i];
    var children = [
      h("span", ["class", "sev-label"], [h("span", ["aria-hidden", "true"], [data.symbols[f.s]]), f.s]),
      h("a", ["class", "code", "href", "#rule-" + f.c, "title", "What " + f.c + " checks"], [f.c]),
      h("span", ["class", "name"], [f.n]),
      h("span", ["class", "msg"], [f.m])];
    if (f.g) children.push(h("span", ["class", "sugg"], ["suggestion: ", h("q", [], [f.g])]));
    children.push(h("span", ["class", "conf"], ["confidence " + f.p]));
    if (f.w) children.push(h("span", ["class", "where"], [f.w]));
    return h("li", ["id", "finding-" + i, "class", "finding sev-" + f.s, "data-f", String(i), "tabindex", "-1"], children);
  }
  function sectionHead(index) {
    var section = data.sections[index]; // [title, lang, count label, first bead]
    var children = [h("span", section[1] ? ["class", "sec-title", "lang", section[1]] : ["class", "sec-title"], [section[0]])];
    children.push(h("span", ["class", "sec-count"], [section[2]]));
    return h("tr", ["class", "section-head"],
      [h("th", ["colspan", "3", "scope", "colgroup", "id", "section-" + index], children)]);
  }
  function beadRows(row) {
    // row: [bead, section, classes, score, lines, lines title, findings, notes, zh segments, en segments]
    var attributes = ["id", "bead-" + row[0], "class", row[2]];
    if (row[6].length) attributes.push("data-r", row[6].join(" "));
    var number = h("th", ["scope", "row", "class", "num"], [
      h("a", ["href", "#bead-" + row[0]], [String(row[0] + 1)]),
      h("span", ["class", "score", "title", "alignment confidence"], [row[3]]),
      h("span", ["class", "lines", "title", row[5]], [row[4]])]);
    var rows = [h("tr", attributes, [number, side(row[8], "zh"), side(row[9], "en")])];
    if (row[7].length) {
      rows.push(h("tr", ["class", "notes", "data-r", row[6].join(" ")], [h("td", []),
        h("td", ["colspan", "2"], [h("ul", ["class", "findings"], row[7].map(note))])]));
    }
    return rows;
  }

  function renderBeads(limit) {
    var end = Math.min(limit, data.total);
    if (end <= rendered) return;
    for (var bead = rendered; bead < end; bead++) {
      var row = data.rows[bead - data.initial];
      var body = document.getElementById("sec-" + row[1]);
      if (!body) {
        body = h("tbody", ["id", "sec-" + row[1], "data-s", String(row[1])], [sectionHead(row[1])]);
        table.appendChild(body);
      }
      beadRows(row).forEach(function (tr) { body.appendChild(tr); });
    }
    rendered = end;
    apply();
    updateMore();
  }
  function updateMore() {
    if (!more) return;
    if (rendered >= data.total) { more.hidden = true; return; }
    document.getElementById("more-text").textContent =
      "Rows 1–" + rendered.toLocaleString("en") + " of " + data.total.toLocaleString("en") +
      " are shown; more load as you scroll.";
  }
  function pump() {
    // Keep rendering while the end of the table is near the viewport (hidden rows included).
    if (!more || rendered >= data.total) return;
    if (more.getBoundingClientRect().top < window.innerHeight + 800) {
      renderBeads(rendered + CHUNK);
      window.requestAnimationFrame(pump);
    }
  }

  // --- filters -----------------------------------------------------------------------
  function visible(i) {
    var f = F[i];
    for (var g = 0; g < GROUPS.length; g++) {
      if (state[GROUPS[g]].indexOf(f[FIELD[GROUPS[g]]]) < 0) return false;
    }
    return !state.q || haystack[i].indexOf(state.q.toLowerCase()) >= 0;
  }
  function anyShown(list) {
    if (!list) return false;
    var ids = list.split(" ");
    for (var k = 0; k < ids.length; k++) if (shown[+ids[k]]) return true;
    return false;
  }
  function apply() {
    var count = 0, sectionShown = {};
    for (var i = 0; i < F.length; i++) {
      shown[i] = visible(i);
      if (shown[i]) { count++; sectionShown[F[i].x] = true; }
    }
    document.querySelectorAll("[data-f]").forEach(function (node) {
      node.classList.toggle("off", !anyShown(node.getAttribute("data-f")));
    });
    table.querySelectorAll("tr.bead, tr.notes").forEach(function (tr) {
      tr.classList.toggle("filtered", state.only && !anyShown(tr.getAttribute("data-r")));
    });
    table.querySelectorAll("tbody[data-s]").forEach(function (body) {
      body.rows[0].classList.toggle("filtered", state.only && !sectionShown[body.getAttribute("data-s")]);
    });
    status.textContent = (count === F.length ? "All " + F.length : count + " of " + F.length) +
      " finding" + (F.length === 1 ? "" : "s") + " shown";
    describeView();
  }
  function describeView() {
    var NAMES = { sev: "severity", cat: "category", code: "rule" };
    var parts = [];
    GROUPS.forEach(function (group) {
      if (state[group].length !== allValues[group].length) {
        parts.push(NAMES[group] + ": " + (state[group].join(", ") || "none"));
      }
    });
    if (state.q) parts.push("text: \u201c" + state.q + "\u201d");
    if (state.only) parts.push("only rows with shown findings");
    var note = document.getElementById("view-note");
    note.hidden = !parts.length;
    note.textContent = parts.length ? "Filtered view (" + parts.join("; ") + ")" : "";
  }
  function readForm() {
    GROUPS.forEach(function (group) {
      state[group] = Array.prototype.filter.call(form.querySelectorAll('input[name="' + group + '"]'),
        function (input) { return input.checked; }).map(function (input) { return input.value; });
    });
    state.q = search.value.trim();
    state.only = onlyBox.checked;
  }
  function writeForm() {
    GROUPS.forEach(function (group) {
      form.querySelectorAll('input[name="' + group + '"]').forEach(function (input) {
        input.checked = state[group].indexOf(input.value) >= 0;
      });
    });
    search.value = state.q;
    onlyBox.checked = state.only;
  }

  // --- the URL fragment holds the view: #sev=error,warning&cat=omission&q=term&only=1&at=3
  function viewHash() {
    var parts = [];
    GROUPS.forEach(function (group) {
      if (state[group].length !== allValues[group].length) {
        parts.push(group + "=" + state[group].map(encodeURIComponent).join(","));
      }
    });
    if (state.q) parts.push("q=" + encodeURIComponent(state.q));
    if (state.only) parts.push("only=1");
    if (state.at >= 0) parts.push("at=" + state.at);
    return parts.join("&");
  }
  function writeHash() {
    var hash = viewHash();
    history.replaceState(null, "", location.href.split("#")[0] + (hash ? "#" + hash : ""));
  }
  function parseHash() {
    var raw = location.hash.replace(/^#/, "");
    if (raw && raw.indexOf("=") < 0) return null; // a plain anchor, not a view
    var params = new URLSearchParams(raw), parsed = freshState();
    GROUPS.forEach(function (group) {
      if (!params.has(group)) return;
      var wanted = params.get(group).split(",");
      parsed[group] = allValues[group].filter(function (value) { return wanted.indexOf(value) >= 0; });
    });
    parsed.q = (params.get("q") || "").trim();
    parsed.only = params.get("only") === "1";
    var at = parseInt(params.get("at"), 10);
    parsed.at = at >= 0 && at < F.length ? at : -1;
    return parsed;
  }

  // --- navigation --------------------------------------------------------------------
  function say(text) { status.textContent = text; }
  function focusNode(node) {
    if (!node.hasAttribute("tabindex")) node.setAttribute("tabindex", "-1");
    node.focus({ preventScroll: true });
  }
  function goTo(i) {
    if (!shown[i]) { state = freshState(); writeForm(); apply(); }
    if (F[i].b >= 0) renderBeads(F[i].b + 1);
    document.querySelectorAll(".current").forEach(function (node) { node.classList.remove("current"); });
    document.querySelectorAll('[data-f~="' + i + '"]').forEach(function (node) { node.classList.add("current"); });
    var noteNode = document.getElementById("finding-" + i);
    var rowNode = F[i].b >= 0 ? document.getElementById("bead-" + F[i].b) : noteNode;
    state.at = i;
    writeHash();
    if (rowNode) rowNode.scrollIntoView({ block: "center" });
    if (noteNode) focusNode(noteNode);
    say("Finding " + (orderPosition[i] + 1) + " of " + F.length + ": " + F[i].c + " " + F[i].m);
  }
  function move(step) {
    var position = state.at >= 0 ? orderPosition[state.at] : (step > 0 ? -1 : data.order.length);
    for (var k = position + step; k >= 0 && k < data.order.length; k += step) {
      if (shown[data.order[k]]) { goTo(data.order[k]); return; }
    }
    say(step > 0 ? "No later finding in this view." : "No earlier finding in this view.");
  }
  function reveal(id) {
    var match;
    if ((match = /^bead-(\d+)$/.exec(id))) renderBeads(+match[1] + 1);
    if ((match = /^finding-(\d+)$/.exec(id)) && F[+match[1]]) renderBeads(F[+match[1]].b + 1);
    if ((match = /^section-(\d+)$/.exec(id)) && data.sections[+match[1]]) renderBeads(data.sections[+match[1]][3] + 1);
    return document.getElementById(id);
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("change", function (event) {
    if (event.target === search) return;
    readForm(); apply(); writeHash(); pump();
  });
  var typing = 0;
  search.addEventListener("input", function () {
    window.clearTimeout(typing);
    typing = window.setTimeout(function () { readForm(); apply(); writeHash(); pump(); }, 120);
  });
  document.getElementById("reset").addEventListener("click", function () {
    state = freshState(); writeForm(); apply(); writeHash();
  });
  document.getElementById("next").addEventListener("click", function () { move(1); });
  document.getElementById("prev").addEventListener("click", function () { move(-1); });
  if (more) {
    document.getElementById("more-next").addEventListener("click", function () { renderBeads(rendered + CHUNK); });
    document.getElementById("more-all").addEventListener("click", function () { renderBeads(data.total); });
    if ("IntersectionObserver" in window) {
      new IntersectionObserver(function (entries) {
        if (entries.some(function (entry) { return entry.isIntersecting; })) pump();
      }, { rootMargin: "800px 0px" }).observe(more);
    }
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest('a[href^="#"]') : null;
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    var id = decodeURIComponent(link.getAttribute("href").slice(1));
    if (!id || id.indexOf("=") >= 0) return; // a view link: the hashchange handler applies it
    var match = /^finding-(\d+)$/.exec(id);
    if (match && +match[1] < F.length) { event.preventDefault(); goTo(+match[1]); return; }
    var target = reveal(id);
    if (!target) return;
    event.preventDefault(); // keep the view in the fragment
    target.scrollIntoView({ block: "start" });
    focusNode(target);
  });
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
    var target = event.target;
    var typingField = target && (target.tagName === "TEXTAREA" || target.tagName === "SELECT" || target.isContentEditable ||
      (target.tagName === "INPUT" && target.type !== "checkbox" && target.type !== "radio"));
    if (typingField) {
      if (event.key === "Escape" && target === search) search.blur();
      return;
    }
    if (event.key === "j" || event.key === "n") move(1);
    else if (event.key === "k" || event.key === "p") move(-1);
    else if (event.key === "/") { search.focus(); search.select(); }
    else return;
    event.preventDefault();
  });
  window.addEventListener("hashchange", function () {
    var parsed = parseHash();
    if (parsed) {
      state = parsed; writeForm(); apply(); pump();
      if (state.at >= 0) goTo(state.at);
      return;
    }
    var target = reveal(decodeURIComponent(location.hash.slice(1)));
    if (target) target.scrollIntoView({ block: "start" });
  });
  window.addEventListener("beforeprint", function () { renderBeads(data.total); });

  var initial = parseHash();
  if (initial) { state = initial; writeForm(); }
  apply();
  updateMore();
  if (initial && initial.at >= 0) goTo(initial.at);
  else if (!initial && location.hash) {
    var anchor = reveal(decodeURIComponent(location.hash.slice(1)));
    if (anchor) anchor.scrollIntoView({ block: "start" });
  }
  pump();
  // For tests and for a reviewer's console.
  window.tqcReport = {
    renderAll: function () { renderBeads(data.total); },
    rendered: function () { return rendered; },
    next: function () { move(1); },
    previous: function () { move(-1); }
  };
})();
