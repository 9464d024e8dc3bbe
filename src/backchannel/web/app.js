/* backchannel dashboard: a single page over the REST API (/api/...), no build step.
 *
 * Every string from the database (article text, titles, names, outlets, URLs) is untrusted: it is
 * only ever put into the page as a text node (createTextNode / textContent / d3's .text()), never as
 * markup; links get an href only when it is an http(s) URL.  The server's Content-Security-Policy
 * forbids inline scripts and handlers besides.  Views: #/ (explore: timeline, network, events),
 * #/event/ID, #/article/ID, #/channels.
 */
"use strict";

(() => {
  const TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"];
  const STATUSES = ["confirmed", "reported", "unconfirmed", "disputed", "denied"];
  const PALETTE = ["#2e7d32", "#1f5fbf", "#5aa9e6", "#8bc34a", "#00897b", "#43a047", "#9e9d24",
    "#f9a825", "#ef6c00", "#d84315", "#c62828", "#8e24aa", "#6d4c41", "#5e35b1", "#ad1457", "#37474f"];
  const COLOR = new Map(TYPES.map((t, i) => [t, PALETTE[i]]));
  const colorOf = (type) => COLOR.get(type) || "#777";
  const PAGE = 50;
  const main = document.getElementById("main");
  const statusLine = document.getElementById("status");

  // -- DOM helpers: text only ------------------------------------------------------------------

  /** An element with attributes (names from this file only) and children (nodes or text). */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    append(node, children);
    return node;
  }

  function append(node, children) {
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  /** The URL when it is http(s), else null: a javascript: or data: URL never becomes a link. */
  function safeUrl(value) {
    if (typeof value !== "string") return null;
    try {
      const url = new URL(value);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch {
      return null;
    }
  }

  /** A link to an outside page when safe, else the address as plain text. */
  function outsideLink(url, label) {
    const href = safeUrl(url);
    if (!href) return url ? el("span", { class: "muted" }, url) : "";
    return el("a", { href, rel: "noopener noreferrer nofollow", target: "_blank" }, label || url);
  }

  const hashOf = (view, params) => {
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(params || {})) if (v !== "" && v !== null && v !== undefined) query.set(k, v);
    const qs = query.toString();
    return "#/" + view + (qs ? "?" + qs : "");
  };
  const eventHash = (id, source) => hashOf("event/" + encodeURIComponent(id), { source });
  const articleHash = (id) => "#/article/" + encodeURIComponent(id);

  function typeBadge(type) {
    const badge = el("span", { class: "badge type" }, type || "?");
    badge.style.backgroundColor = colorOf(type);
    return badge;
  }
  const statusBadge = (status) => el("span", { class: "badge status-" + (status || "none") }, status || "no status");

  function actorLabel(actor) {
    if (!actor) return "";
    const code = [actor.country, actor.sector].filter(Boolean).join("/");
    const name = actor.name || actor.text || "";
    return code ? (name ? `${name} (${code})` : code) : name;
  }

  function dateLabel(e) {
    if (e.date_value) return e.date_value + (e.date_precision && e.date_precision !== "day" ? ` (${e.date_precision})` : "");
    if (e.date_earliest && e.date_latest) {
      return e.date_earliest === e.date_latest ? e.date_earliest : `${e.date_earliest} – ${e.date_latest}`;
    }
    if (e.date_latest) return `by ${e.date_latest}`;
    if (e.date_earliest) return `since ${e.date_earliest}`;
    return e.first_reported ? `reported ${e.first_reported}` : "undated";
  }

  // -- the API ---------------------------------------------------------------------------------

  async function api(path, params) {
    const url = new URL("api/" + path, document.baseURI);
    for (const [key, value] of Object.entries(params || {})) {
      const values = Array.isArray(value) ? value : [value];
      for (const v of values) if (v !== "" && v !== null && v !== undefined) url.searchParams.append(key, v);
    }
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    let body = null;
    try {
      body = await response.json();
    } catch {
      body = null;
    }
    if (!response.ok) {
      const detail = body && body.detail;
      throw new Error(typeof detail === "string" ? detail : `${response.status} ${response.statusText}`);
    }
    return body;
  }

  // -- offsets and highlighting ----------------------------------------------------------------

  /** The text with <mark> elements around [start, end) spans (offsets count Unicode code points,
   * as Python's do); overlapping spans nest as one mark with every class. */
  function markedText(text, spans) {
    const chars = Array.from(text || "");
    const valid = spans.filter((s) => Number.isInteger(s.start) && Number.isInteger(s.end)
      && s.start >= 0 && s.start < s.end && s.end <= chars.length);
    const cuts = new Set([0, chars.length]);
    for (const s of valid) { cuts.add(s.start); cuts.add(s.end); }
    const points = [...cuts].sort((a, b) => a - b);
    const fragment = document.createDocumentFragment();
    for (let i = 0; i + 1 < points.length; i++) {
      const [start, end] = [points[i], points[i + 1]];
      const chunk = chars.slice(start, end).join("");
      const cover = valid.filter((s) => s.start <= start && s.end >= end);
      if (!cover.length || !chunk.trim()) { // a mark over a blank line only shows as a stray bar
        fragment.append(document.createTextNode(chunk));
        continue;
      }
      const mark = el("mark", { class: [...new Set(cover.map((s) => s.cls))].join(" "),
        title: [...new Set(cover.map((s) => s.title).filter(Boolean))].join("; ") || null }, chunk);
      fragment.append(mark);
    }
    return fragment;
  }

  function sliceText(text, start, end) {
    return Array.from(text || "").slice(start, end).join("");
  }

  // -- router ----------------------------------------------------------------------------------

  function parseHash() {
    const raw = location.hash.replace(/^#\/?/, "");
    const cut = raw.indexOf("?");
    const path = cut < 0 ? raw : raw.slice(0, cut);
    const params = new URLSearchParams(cut < 0 ? "" : raw.slice(cut + 1));
    return { parts: path.split("/").filter(Boolean).map(decodeURIComponent), params };
  }

  let generation = 0;
  async function route() {
    const mine = ++generation;
    const { parts, params } = parseHash();
    const view = parts[0] || "explore";
    for (const link of document.querySelectorAll("header nav a[data-view]")) {
      link.classList.toggle("active", link.dataset.view === view || (view === "event" && link.dataset.view === "explore"));
    }
    main.dataset.state = "loading";
    main.dataset.view = view;
    main.replaceChildren();
    statusLine.textContent = "loading…";
    try {
      if (view === "explore") await explorePage(params, () => mine === generation);
      else if (view === "event" && parts[1]) await eventPage(parts[1], params);
      else if (view === "article" && parts[1]) await articlePage(parts[1]);
      else if (view === "channels") await channelsPage(params);
      else main.append(el("p", { class: "error" }, "No such page."));
      if (mine !== generation) return;
      main.dataset.state = "ready";
      statusLine.textContent = "";
    } catch (error) {
      if (mine !== generation) return;
      main.dataset.state = "error";
      statusLine.textContent = "";
      main.append(el("p", { class: "error" }, "Could not load: " + error.message));
    }
  }

  // -- explore: filters, timeline, network, events ---------------------------------------------

  const FILTER_KEYS = ["a", "b", "actor", "type", "status", "since", "until", "text", "unit", "level", "offset"];

  function readState(params) {
    const state = {};
    for (const key of FILTER_KEYS) state[key] = (params.get(key) || "").trim();
    state.a = state.a.toUpperCase();
    state.b = state.b.toUpperCase();
    state.unit = state.unit === "week" ? "week" : "month";
    state.level = state.level === "actor" ? "actor" : "country";
    state.offset = Math.max(0, parseInt(state.offset, 10) || 0);
    return state;
  }

  const go = (state, changes) => {
    const next = { ...state, offset: 0, ...changes };
    if (!next.offset) delete next.offset;
    if (next.unit === "month") delete next.unit;
    if (next.level === "country") delete next.level;
    location.hash = hashOf("", next).replace("#//", "#/");
  };

  async function explorePage(params, current) {
    const state = readState(params);
    const pairs = (await api("pairs", { limit: 12 })).items;
    let defaulted = false;
    if (!state.a && !state.actor && pairs.length) {
      // the default selection: the pair of countries with the most contacts
      [state.a, state.b] = [pairs[0].a, pairs[0].b];
      defaulted = true;
    }
    const selection = state.actor ? `actor “${state.actor}”` : state.b ? `${state.a} – ${state.b}` : state.a ? `${state.a} and any country` : "every contact";
    main.append(
      el("h1", null, "Contacts: ", el("span", { id: "selection" }, selection),
        defaulted ? el("span", { class: "muted" }, " (the pair with the most contacts)") : ""),
      filterPanel(state, pairs),
    );
    const timelineBox = el("section", { class: "panel", id: "timeline", "data-state": "loading" });
    const networkBox = el("section", { class: "panel", id: "network", "data-state": "loading" });
    const listBox = el("section", { class: "panel", id: "events", "data-state": "loading" });
    main.append(el("div", { class: "grid" }, timelineBox, networkBox), el("div", { class: "spacer" }), listBox);
    listBox.style.marginTop = "1rem";
    const common = { type: state.type, status: state.status, text: state.text, actor: state.actor };
    const countries = [state.a, state.b].filter(Boolean);
    await Promise.all([
      loadPanel(timelineBox, () => timelinePanel(timelineBox, state, countries, common), current),
      loadPanel(networkBox, () => networkPanel(networkBox, state, common), current),
      loadPanel(listBox, () => eventsPanel(listBox, state, countries, common), current),
    ]);
  }

  async function loadPanel(box, fill, current) {
    try {
      await fill();
      if (current()) box.dataset.state = "ready";
    } catch (error) {
      if (!current()) return;
      box.dataset.state = "error";
      box.append(el("p", { class: "error" }, error.message));
    }
  }

  function filterPanel(state, pairs) {
    const input = (name, label, attrs) => el("label", null, label,
      el("input", { name, value: state[name] || "", ...attrs }));
    const select = (name, label, options) => el("label", null, label,
      el("select", { name }, options.map(([value, text]) =>
        el("option", { value, selected: state[name] === value }, text))));
    const form = el("form", { class: "filters", id: "filters" },
      input("a", "Country", { class: "code", maxlength: 3, placeholder: "USA", pattern: "[A-Za-z]{3}" }),
      input("b", "and country", { class: "code", maxlength: 3, placeholder: "any", pattern: "[A-Za-z]{3}" }),
      input("actor", "or actor", { placeholder: "name, e.g. Burns", maxlength: 200 }),
      select("type", "Type", [["", "any type"], ...TYPES.map((t) => [t, t])]),
      select("status", "Status", [["", "any status"], ...STATUSES.map((s) => [s, s])]),
      input("since", "From", { type: "date" }),
      input("until", "To", { type: "date" }),
      input("text", "Text in evidence", { maxlength: 500, placeholder: "words" }),
      select("unit", "Timeline by", [["month", "month"], ["week", "week"]]),
      select("level", "Network of", [["country", "countries"], ["actor", "actors"]]),
      el("button", { class: "primary", type: "submit" }, "Apply"),
      el("button", { type: "button", onclick: () => { location.hash = "#/"; } }, "Reset"),
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const data = Object.fromEntries(new FormData(form).entries());
      if (data.actor) { data.a = ""; data.b = ""; }
      go(state, data);
    });
    const chips = el("div", { class: "pairs", id: "pairs" }, el("span", { class: "hint" }, "Top pairs:"),
      pairs.map((p) => el("button", {
        type: "button", class: p.a === state.a && p.b === state.b ? "current" : null,
        "data-pair": `${p.a}-${p.b}`, onclick: () => go(state, { a: p.a, b: p.b, actor: "" }),
      }, `${p.a}–${p.b} (${p.events})`)));
    return el("section", { class: "panel" }, form, chips);
  }

  // -- timeline --------------------------------------------------------------------------------

  async function timelinePanel(box, state, countries, common) {
    if (!countries.length && !state.actor) {
      box.append(el("h2", null, "Timeline"), el("p", { class: "empty" }, "No contacts stored yet: nothing to chart."));
      return;
    }
    const data = await api("timeline", { country: countries, unit: state.unit, ...common });
    const items = data.items;
    const total = d3.sum(items, (d) => d.events);
    box.append(el("h2", null, `Timeline by ${state.unit}: ${total} dated contact${total === 1 ? "" : "s"}`));
    if (!items.length) {
      box.append(el("p", { class: "empty" }, "No dated contacts for this selection."));
      return;
    }
    const range = el("p", { class: "muted", id: "range" },
      state.since || state.until ? `Range: ${state.since || "…"} to ${state.until || "…"} ` : "Drag across the chart to pick a range of dates. ",
      state.since || state.until ? el("button", { type: "button", id: "clear-range", onclick: () => go(state, { since: "", until: "" }) }, "Clear range") : "");
    const holder = el("div", { class: "chart" });
    box.append(holder, range, legend(items));
    drawTimeline(holder, items, state, (since, until) => go(state, { since, until }));
  }

  function legend(items) {
    const present = new Set(items.map((d) => d.event_type));
    const types = TYPES.filter((t) => present.has(t));
    const box = el("div", { class: "legend" });
    for (const type of types) {
      const swatch = el("span", { class: "swatch" });
      swatch.style.backgroundColor = colorOf(type);
      box.append(el("span", null, swatch, type));
    }
    for (const status of STATUSES) box.append(el("span", null, el("span", { class: "swatch st-" + status }), status));
    return box;
  }

  function drawTimeline(holder, items, state, onRange) {
    const width = Math.max(holder.clientWidth || 0, 480);
    const height = 260;
    const m = { top: 10, right: 28, bottom: 26, left: 34 };
    const interval = state.unit === "week" ? d3.utcMonday : d3.utcMonth;
    const parse = d3.utcParse("%Y-%m-%d");
    const iso = d3.utcFormat("%Y-%m-%d");
    const order = (d) => TYPES.indexOf(d.event_type) * 10 + STATUSES.indexOf(d.status);
    const byPeriod = d3.group([...items].sort((p, q) => order(p) - order(q)), (d) => d.period);
    const stacked = [];
    let highest = 0;
    for (const [period, rows] of byPeriod) {
      let y = 0;
      for (const row of rows) {
        stacked.push({ ...row, day: parse(period), y0: y, y1: y + row.events });
        y += row.events;
      }
      highest = Math.max(highest, y);
    }
    const days = stacked.map((d) => d.day);
    const x = d3.scaleUtc().domain([interval.floor(d3.min(days)), interval.offset(interval.floor(d3.max(days)), 1)])
      .range([m.left, width - m.right]);
    const y = d3.scaleLinear().domain([0, highest]).nice().range([height - m.bottom, m.top]);
    const svg = d3.select(holder).append("svg").attr("viewBox", `0 0 ${width} ${height}`)
      .attr("width", width).attr("height", height).attr("role", "img").attr("aria-label", "contacts over time");
    svg.append("g").attr("class", "axis").attr("transform", `translate(0,${height - m.bottom})`)
      .call(d3.axisBottom(x).ticks(Math.max(2, Math.floor(width / 90))));
    svg.append("g").attr("class", "axis").attr("transform", `translate(${m.left},0)`)
      .call(d3.axisLeft(y).ticks(Math.min(highest, 5)).tickFormat(d3.format("d")));
    svg.append("g").attr("class", "bars").selectAll("rect").data(stacked).join("rect")
      .attr("class", (d) => "bar st-" + d.status)
      .attr("data-type", (d) => d.event_type).attr("data-status", (d) => d.status).attr("data-period", (d) => d.period)
      .attr("x", (d) => x(d.day) + 1)
      .attr("width", (d) => Math.max(1, x(interval.offset(d.day, 1)) - x(d.day) - 2))
      .attr("y", (d) => y(d.y1)).attr("height", (d) => Math.max(0, y(d.y0) - y(d.y1)))
      .attr("fill", (d) => colorOf(d.event_type)).attr("stroke", (d) => colorOf(d.event_type))
      .append("title").text((d) => `${d.period}: ${d.events} ${d.event_type} (${d.status})`);
    const brush = d3.brushX().extent([[m.left, m.top], [width - m.right, height - m.bottom]])
      .on("end", (event) => {
        if (!event.sourceEvent) return; // moved by code, not by the user
        if (!event.selection) { onRange("", ""); return; }
        const [from, to] = event.selection.map((v) => x.invert(v));
        onRange(iso(d3.utcDay.floor(from)), iso(d3.utcDay.floor(to)));
      });
    const layer = svg.append("g").attr("class", "brush").call(brush);
    if (state.since || state.until) {
      const [lo, hi] = x.range();
      const from = state.since ? Math.max(lo, x(parse(state.since))) : lo;
      const to = state.until ? Math.min(hi, x(parse(state.until))) : hi;
      if (from < to) layer.call(brush.move, [from, to]);
    }
  }

  // -- network ---------------------------------------------------------------------------------

  async function networkPanel(box, state, common) {
    const filters = { type: common.type, status: common.status, text: common.text, since: state.since, until: state.until };
    const data = await api("network", { level: state.level, ...filters });
    const rows = data.items.slice(0, 160); // heaviest first
    box.append(el("h2", null, `Network of ${state.level === "actor" ? "actors" : "countries"}`),
      el("p", { class: "muted" }, state.level === "actor"
        ? "Click an actor to follow it; edges are coloured by event type, wider for more events."
        : "Click a country to follow it, an edge for its pair; edges are coloured by event type, wider for more events."));
    if (!rows.length) {
      box.append(el("p", { class: "empty" }, "No contacts for these filters."));
      return;
    }
    const holder = el("div", { class: "network" });
    box.append(holder);
    drawNetwork(holder, rows, state);
    if (data.items.length > rows.length) box.append(el("p", { class: "muted" }, `The ${rows.length} heaviest of ${data.items.length} edges.`));
  }

  function drawNetwork(holder, rows, state) {
    const width = Math.max(holder.clientWidth || 0, 360);
    const height = 340;
    const nodes = new Map();
    const node = (id) => {
      if (!nodes.has(id)) nodes.set(id, { id, weight: 0 });
      return nodes.get(id);
    };
    const groups = d3.group(rows, (r) => `${r.source}\u0000${r.target}`);
    const links = [];
    for (const group of groups.values()) {
      group.forEach((r, i) => {
        node(r.source).weight += r.events;
        node(r.target).weight += r.events;
        links.push({ source: r.source, target: r.target, type: r.event_type, events: r.events, lane: i, lanes: group.length });
      });
    }
    const list = [...nodes.values()].sort((p, q) => q.weight - p.weight || (p.id < q.id ? -1 : 1));
    const radius = (n) => 5 + Math.sqrt(n.weight) * 2;
    const simulation = d3.forceSimulation(list)
      .force("link", d3.forceLink(links).id((d) => d.id).distance(90).strength(0.15))
      .force("charge", d3.forceManyBody().strength(-260))
      .force("center", d3.forceCenter(width / 2, height / 2))
      .force("x", d3.forceX(width / 2).strength(0.05)).force("y", d3.forceY(height / 2).strength(0.08))
      .force("collide", d3.forceCollide((d) => radius(d) + 10)).stop();
    for (let i = 0; i < 300; i++) simulation.tick(); // laid out once, deterministically, no animation
    for (const n of list) {
      n.x = Math.max(radius(n) + 4, Math.min(width - radius(n) - 30, n.x));
      n.y = Math.max(radius(n) + 4, Math.min(height - radius(n) - 14, n.y));
    }
    const svg = d3.select(holder).append("svg").attr("viewBox", `0 0 ${width} ${height}`)
      .attr("width", width).attr("height", height).attr("role", "img").attr("aria-label", "network of contacts");
    const path = (l) => {
      const { x: x1, y: y1 } = l.source;
      const { x: x2, y: y2 } = l.target;
      const bend = (l.lane - (l.lanes - 1) / 2) * 12; // d3-force owns link.index
      const [dx, dy] = [x2 - x1, y2 - y1];
      const length = Math.hypot(dx, dy) || 1;
      const [cx, cy] = [(x1 + x2) / 2 - (dy / length) * bend, (y1 + y2) / 2 + (dx / length) * bend];
      return `M${x1},${y1} Q${cx},${cy} ${x2},${y2}`;
    };
    const selected = new Set(state.level === "actor" ? [state.actor] : [state.a, state.b]);
    svg.append("g").selectAll("path").data(links).join("path")
      .attr("class", "link").attr("d", path).attr("stroke", (l) => colorOf(l.type))
      .attr("stroke-width", (l) => 1 + Math.sqrt(l.events) * 1.6)
      .attr("data-source", (l) => l.source.id).attr("data-target", (l) => l.target.id).attr("data-type", (l) => l.type)
      .on("click", (_, l) => {
        if (state.level === "actor") return;
        go(state, { a: l.source.id, b: l.target.id, actor: "", type: l.type });
      })
      .append("title").text((l) => `${l.source.id} – ${l.target.id}: ${l.events} ${l.type}`);
    const g = svg.append("g").selectAll("g").data(list).join("g")
      .attr("class", (n) => "node" + (selected.has(n.id) ? " selected" : ""))
      .attr("data-node", (n) => n.id)
      .attr("transform", (n) => `translate(${n.x},${n.y})`)
      .on("click", (_, n) => followNode(state, n.id));
    g.append("circle").attr("r", radius);
    g.append("text").attr("x", (n) => radius(n) + 3).attr("y", 4).text((n) => n.id);
    g.append("title").text((n) => `${n.id}: ${n.weight} contact${n.weight === 1 ? "" : "s"}`);
  }

  function followNode(state, id) {
    if (state.level === "actor") {
      // a person's name filters by actor; an unnamed body (RUS/GOV) by its country
      const slash = id.match(/^([A-Z]{3})\//);
      if (slash) go(state, { a: slash[1], b: "", actor: "" });
      else go(state, { actor: id, a: "", b: "" });
    } else {
      go(state, { a: id, b: "", actor: "" });
    }
  }

  // -- the list of events ----------------------------------------------------------------------

  async function eventsPanel(box, state, countries, common) {
    const query = { country: countries, since: state.since, until: state.until, limit: PAGE, offset: state.offset, ...common };
    const data = await api("events", query);
    box.append(el("h2", null, `Events: `, el("span", { id: "event-total" }, String(data.total))));
    if (!data.items.length) {
      box.append(el("p", { class: "empty" }, "No events match these filters."));
      return;
    }
    box.append(eventTable(data.items));
    const last = Math.min(data.total, state.offset + data.items.length);
    box.append(el("div", { class: "pager" },
      el("button", { type: "button", disabled: state.offset === 0, onclick: () => go(state, { offset: Math.max(0, state.offset - PAGE) }) }, "Previous"),
      el("span", { class: "muted" }, `${state.offset + 1}–${last} of ${data.total}`),
      el("button", { type: "button", disabled: last >= data.total, onclick: () => go(state, { offset: state.offset + PAGE }) }, "Next")));
  }

  function eventTable(items) {
    const rows = items.map((e) => {
      const people = [...(e.actor || []), ...(e.recipient || [])].map(actorLabel).filter(Boolean);
      const evidence = (e.evidence || []).map((v) => v.text).join(" … ");
      return el("tr", { class: "event-row", "data-event-id": e.id, "data-type": e.event_type, onclick: () => { location.hash = eventHash(e.id); } },
        el("td", null, dateLabel(e)),
        el("td", null, el("a", { href: eventHash(e.id) }, typeBadge(e.event_type)), e.mode ? ` ${e.mode}` : ""),
        el("td", { class: "countries" }, (e.countries || []).join(" – ")),
        el("td", null, [...new Set(people)].join("; ")),
        el("td", null, statusBadge(e.status)),
        el("td", null, String(e.n_sources ?? 1)),
        el("td", { class: "evidence" }, evidence.length > 240 ? evidence.slice(0, 240) + "…" : evidence));
    });
    return el("table", { class: "event-list" },
      el("thead", null, el("tr", null, ["Date", "Type", "Countries", "Actors", "Status", "Sources", "Evidence"].map((h) => el("th", null, h)))),
      el("tbody", null, rows));
  }

  // -- one event -------------------------------------------------------------------------------

  async function eventPage(id, params) {
    const e = await api("events/" + encodeURIComponent(id));
    const reports = e.reports || [];
    const sourceId = params.get("source") || e.article_id || (reports[0] && reports[0].article_id);
    main.append(el("p", null, el("a", { href: "#/" }, "← explore")),
      el("h1", null, typeBadge(e.event_type), " ", e.mode || "", " ", el("span", { class: "muted" }, (e.countries || []).join(" – ")),
        " ", statusBadge(e.status)));
    const left = el("div", null);
    const right = el("div", null);
    main.append(el("div", { class: "detail" }, left, right));

    const people = el("tbody", null);
    for (const part of ["actor", "recipient", "intermediary"]) {
      for (const a of e[part] || []) {
        people.append(el("tr", null, el("td", null, part), el("td", null, a.name || a.text || ""), el("td", { class: "muted" }, a.text || ""),
          el("td", null, a.country || ""), el("td", null, a.sector || ""), el("td", null, a.role || "")));
      }
    }
    left.append(el("section", { class: "panel", id: "who" }, el("h2", null, "Who"),
      people.children.length ? el("table", null, el("thead", null, el("tr", null, ["", "Name", "As written", "Country", "Sector", "Role"].map((h) => el("th", null, h)))), people)
        : el("p", { class: "empty" }, "No actors coded.")));

    const facts = el("dl", { class: "facts" });
    const fact = (term, value) => { if (value !== null && value !== undefined && value !== "") facts.append(el("dt", null, term), el("dd", null, value)); };
    fact("Date", e.date_value || "—");
    fact("Precision", e.date_precision);
    fact("Between", e.date_earliest || e.date_latest ? `${e.date_earliest || "…"} and ${e.date_latest || "…"}` : "");
    fact("As written", e.date_text);
    fact("First reported", e.first_reported);
    fact("Announced", e.announced === null || e.announced === undefined ? "" : e.announced ? "yes" : "no (not publicly announced)");
    fact("Flags", ["negated", "hypothetical", "future"].filter((f) => e[f]).join(", "));
    fact("Context", (e.context || []).join(", "));
    fact("Confidence", typeof e.confidence === "number" ? e.confidence.toFixed(2) : "");
    left.append(el("section", { class: "panel", id: "when" }, el("h2", null, "When"), facts));

    left.append(placePanel(e.location));

    const statements = el("ul", null);
    left.append(el("section", { class: "panel", id: "status-panel" }, el("h2", null, "Status: ", statusBadge(e.status)), statements,
      (e.attribution || []).length ? el("p", null, "Attributed to: ", e.attribution.map((a) => `${a.name || "?"} (${a.kind})`).join("; ")) : ""));

    const sources = el("tbody", null);
    for (const r of reports) {
      sources.append(el("tr", { class: r.article_id === sourceId ? "current" : null, "data-article-id": r.article_id },
        el("td", null, r.outlet || "—"), el("td", null, r.published || "—"),
        el("td", null, el("a", { href: articleHash(r.article_id) }, r.title || r.article_id), el("br"), outsideLink(r.url)),
        el("td", null, statusBadge(r.status)), el("td", { class: "muted" }, r.reason || ""),
        el("td", null, el("button", { type: "button", disabled: r.article_id === sourceId, onclick: () => { location.hash = eventHash(id, r.article_id); } }, "Show text"))));
    }
    left.append(el("section", { class: "panel sources", id: "sources" }, el("h2", null, `Sources: ${reports.length}`),
      el("table", null, el("thead", null, el("tr", null, ["Outlet", "Published", "Article", "Status", "Merged because", ""].map((h) => el("th", null, h)))), sources)));

    const quotes = e.quotes || [];
    if (quotes.length) {
      left.append(el("section", { class: "panel", id: "quotes" }, el("h2", null, "Quotes"),
        quotes.map((q) => el("div", { class: "quote-item" }, el("blockquote", null, q.text),
          el("div", { class: "speaker" }, "— ", actorLabel(q.speaker) || "unknown speaker", q.cue ? `, ${q.cue}` : "")))));
    }

    // the chosen source's text with the evidence, quotes and status statements marked
    const report = reports.find((r) => r.article_id === sourceId) || reports[0];
    const textBox = el("section", { class: "panel", id: "article" });
    right.append(textBox);
    if (!report) {
      textBox.append(el("p", { class: "empty" }, "No source text stored."));
      return;
    }
    const article = await api("articles/" + encodeURIComponent(report.article_id));
    for (const s of e.status_statements || []) {
      const said = s.evidence && report.article_id === e.article_id ? sliceText(article.text, s.evidence.start, s.evidence.end) : "";
      statements.append(el("li", { class: "statement" }, el("strong", null, actorLabel(s.actor) || "someone"), ": ", s.stance.replaceAll("_", " "),
        said ? el("div", { class: "muted" }, `“${said.trim()}”`) : ""));
    }
    if (!statements.children.length) statements.append(el("li", { class: "muted" }, "No party's statement on it."));
    const spans = [];
    for (const v of report.evidence || []) spans.push({ start: v.start, end: v.end, cls: "evidence", title: "evidence of this event" });
    for (const q of quotes) if (q.article_id === report.article_id) spans.push({ start: q.start, end: q.end, cls: "quote", title: "quote: " + (actorLabel(q.speaker) || "unknown speaker") });
    if (report.article_id === e.article_id) {
      for (const s of e.status_statements || []) if (s.evidence) spans.push({ start: s.evidence.start, end: s.evidence.end, cls: "statement", title: s.stance });
    }
    textBox.append(el("h2", null, article.title || "Article"),
      el("p", { class: "muted" }, [article.outlet, article.published].filter(Boolean).join(", "), " ", outsideLink(article.url)),
      el("p", { class: "legend" }, el("mark", { class: "evidence key" }, "evidence"), el("mark", { class: "quote key" }, "quote"), el("mark", { class: "statement key" }, "status statement")));
    const text = el("div", { class: "article-text", id: "article-text" }, markedText(article.text, spans));
    textBox.append(text);
    const first = text.querySelector("mark.evidence");
    if (first) first.scrollIntoView({ block: "center" });
  }

  function placePanel(location) {
    const box = el("section", { class: "panel", id: "where" }, el("h2", null, "Where"));
    if (!location) {
      box.append(el("p", { class: "empty" }, "No place stated."));
      return box;
    }
    const facts = el("dl", { class: "facts" });
    facts.append(el("dt", null, "Place"), el("dd", null, location.name || location.text || "—"));
    if (location.text && location.text !== location.name) facts.append(el("dt", null, "As written"), el("dd", null, location.text));
    if (location.country) facts.append(el("dt", null, "Country"), el("dd", null, location.country));
    const lat = Number(location.lat);
    const lon = Number(location.lon);
    const located = location.lat !== null && location.lat !== undefined && Number.isFinite(lat) && Number.isFinite(lon);
    if (located) facts.append(el("dt", null, "Coordinates"), el("dd", { id: "coordinates" }, `${lat.toFixed(2)}, ${lon.toFixed(2)}`));
    box.append(facts);
    if (located) box.append(miniMap(lat, lon, location.name || ""));
    return box;
  }

  /** The place on a plain latitude/longitude grid (equirectangular; no map tiles, no network). */
  function miniMap(lat, lon, name) {
    const [w, h] = [360, 180];
    const svg = d3.create("svg").attr("class", "map").attr("viewBox", `0 0 ${w} ${h}`).attr("width", w).attr("height", h)
      .attr("role", "img").attr("aria-label", `${name} at ${lat}, ${lon}`);
    const g = svg.append("g");
    for (let x = 0; x <= 360; x += 30) g.append("line").attr("class", "grat").attr("x1", x).attr("x2", x).attr("y1", 0).attr("y2", h);
    for (let y = 0; y <= 180; y += 30) g.append("line").attr("class", y === 90 ? "equator" : "grat").attr("x1", 0).attr("x2", w).attr("y1", y).attr("y2", y);
    const [px, py] = [lon + 180, 90 - lat];
    svg.append("circle").attr("class", "place").attr("cx", px).attr("cy", py).attr("r", 5);
    svg.append("text").attr("x", px + 8 > w - 60 ? px - 8 : px + 8).attr("text-anchor", px + 8 > w - 60 ? "end" : "start")
      .attr("y", py + 4).text(name);
    return svg.node();
  }

  // -- one article -----------------------------------------------------------------------------

  async function articlePage(id) {
    const a = await api("articles/" + encodeURIComponent(id));
    main.append(el("p", null, el("a", { href: "#/" }, "← explore")), el("h1", null, a.title || a.id),
      el("p", { class: "muted" }, [a.outlet, a.published, a.path].filter(Boolean).join(" · "), " ", outsideLink(a.url)));
    const spans = [];
    for (const e of a.events || []) for (const v of e.evidence || []) spans.push({ start: v.start, end: v.end, cls: "evidence", title: e.event_type });
    for (const q of a.quotes || []) spans.push({ start: q.start, end: q.end, cls: "quote", title: "quote: " + (actorLabel(q.speaker) || "unknown speaker") });
    const list = el("ul", null, (a.events || []).map((e) => el("li", null,
      el("a", { href: eventHash(e.merged_id || e.id, a.id), "data-event-id": e.merged_id || e.id }, typeBadge(e.event_type)), " ",
      (e.countries || []).join(" – "), " ", statusBadge(e.status), " ", dateLabel(e))));
    const rejects = (a.rejects || []).map((r) => el("li", null, `${r.reason}: ${r.message}`));
    main.append(el("div", { class: "detail" },
      el("section", { class: "panel" }, el("h2", null, `Events: ${(a.events || []).length}`), list,
        rejects.length ? [el("h2", null, "Rejects"), el("ul", null, rejects)] : ""),
      el("section", { class: "panel", id: "article" }, el("h2", null, "Text"),
        el("div", { class: "article-text", id: "article-text" }, markedText(a.text, spans)))));
  }

  // -- standing channels -----------------------------------------------------------------------

  async function channelsPage(params) {
    const offset = Math.max(0, parseInt(params.get("offset") || "0", 10) || 0);
    const data = await api("channels", { limit: PAGE, offset });
    main.append(el("h1", null, "Standing channels: ", el("span", { id: "channel-total" }, String(data.total))),
      el("p", { class: "muted" }, "Hotlines, back channels, intelligence chiefs' channels and formats of talks, as the articles describe them."));
    if (!data.items.length) {
      main.append(el("p", { class: "empty" }, "No standing channels found in the stored articles."));
      return;
    }
    const rows = data.items.map((c) => el("tr", { class: "channel-row", "data-channel-id": c.id },
      el("td", null, c.channel_type),
      el("td", null, (c.parties || []).map(actorLabel).join("; ")),
      el("td", null, c.purpose || "—"),
      el("td", null, c.state || "—"),
      el("td", { class: "evidence" }, (c.evidence || []).map((v) => v.text.trim()).join(" … ")),
      el("td", null, el("a", { href: articleHash(c.article_id) }, c.title || c.article_id), el("br"),
        el("span", { class: "muted" }, [c.outlet, c.published].filter(Boolean).join(", ")))));
    main.append(el("section", { class: "panel" }, el("table", { id: "channels" },
      el("thead", null, el("tr", null, ["Kind", "Parties", "Purpose", "State", "Evidence", "Source"].map((h) => el("th", null, h)))),
      el("tbody", null, rows))));
    const last = offset + data.items.length;
    main.append(el("div", { class: "pager" },
      el("button", { type: "button", disabled: offset === 0, onclick: () => { location.hash = hashOf("channels", { offset: Math.max(0, offset - PAGE) || "" }); } }, "Previous"),
      el("span", { class: "muted" }, `${offset + 1}–${last} of ${data.total}`),
      el("button", { type: "button", disabled: last >= data.total, onclick: () => { location.hash = hashOf("channels", { offset: last }); } }, "Next")));
  }

  window.addEventListener("hashchange", route);
  route();
})();
