// replylab workshop pages: control and projector.
// Everything shown comes from JSON and is put in the page as text (textContent, text nodes):
// a name or a reply such as <img src=x onerror=...> shows as those characters. No innerHTML.
"use strict";

const KEY = new URLSearchParams(location.hash.slice(1)).get("key") || "";
const PAGE = document.body.dataset.page;
// Every address is relative to the pages' folder: on a JupyterHub the server lives under
// /services/<name>/, behind the hub's proxy.
const BASE = new URL(".", location.href).pathname;
let HUB = false;  // set from api/health: on a hub, log in with the hub instead of a key

function logInWithHub() {
  location.replace(`${BASE}login?next=${encodeURIComponent(PAGE)}`);
}
const DIMS = ["tone", "speed", "facts", "privacy"];

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props || {})) {
    if (name === "className") node.className = value;
    else if (name === "onclick" || name === "onchange") node[name] = value;
    else node.setAttribute(name, String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function setText(id, text) {
  const node = document.getElementById(id);
  if (node) node.textContent = text;
}

async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: {"X-Workshop-Key": KEY, "Content-Type": "application/json"},
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await response.json().catch(() => ({}));
  if (HUB && (response.status === 401 || response.status === 403)) logInWithHub();
  if (!response.ok) throw new Error(data.message || response.statusText);
  return data;
}

function showError(error) {
  setText("error", error ? String(error.message || error) : "");
}

function chart(title, description) {
  const bins = description.bins;
  const most = Math.max(1, ...bins);
  const bars = el("div", {className: "bars"});
  bins.forEach((count, i) => {
    const bar = el("div", {className: "bar", title: `${i * 10}-${i * 10 + 9}: ${count}`});
    bar.style.height = `${(100 * count) / most}%`;  // CSSOM, allowed by the page's policy
    bars.append(bar);
  });
  const mean = description.mean === null ? "–" : description.mean;
  return el("div", {className: "chart", "data-dim": title},
    el("div", {className: "title"}, `${title}: mean ${mean} (n ${description.n})`),
    bars, el("div", {className: "axis"}, el("span", {}, "0"), el("span", {}, "100")));
}

function findingLine(f) {
  const what = f.kind === "penalty" ? "lost points on" : "missed";
  return el("li", {className: `finding ${f.kind}`},
    `${f.count} of ${f.of} ${what} ${f.criterion}`, f.tip ? ` — ${f.tip}` : "");
}

function showSummary(summary) {
  const last = summary.attempts[summary.attempts.length - 1];
  const charts = document.getElementById("distributions");
  const earlier = summary.attempts.length > 1 ? summary.attempts[summary.attempts.length - 2]
    : null;  // on a second try, the first try's totals beside the new ones
  charts.replaceChildren(
    ...(earlier ? [chart(`total, try ${earlier.attempt}`, earlier.total)] : []),
    chart(earlier ? `total, try ${last.attempt}` : "total", last.total),
    ...DIMS.map((dim) => chart(dim, last.dimensions[dim])));
  document.getElementById("findings").replaceChildren(...last.findings.map(findingLine));
  const moved = document.getElementById("moved");
  moved.replaceChildren();
  if (summary.moved) {
    const m = summary.moved;
    moved.append(el("p", {}, `Mean moved from ${m.mean_before} to ${m.mean_after}.`));
    if (m.gone.length) {
      moved.append(el("p", {}, "Gone on the second try: " +
        m.gone.map((g) => g.criterion).join(", ")));
    }
  }
  return last;
}

function segmentsNode(segments) {
  const node = el("div", {className: "reply"});
  for (const s of segments) node.append(s.mark ? el("mark", {}, s.text) : s.text);
  return node;
}

// ---- control page -------------------------------------------------------------------------

let state = null;

function currentRound() {
  return state && state.rounds.find((r) => r.id === state.current_round);
}

async function act(action) {
  const rnd = currentRound();
  if (!rnd) return showError("add a round first");
  try {
    await api("POST", `${BASE}api/control/rounds/${encodeURIComponent(rnd.id)}/${action}`,
      action === "extend" ? {seconds: 60} : {});
    showError(null);
    refresh();
  } catch (error) { showError(error); }
}

function verdictCell(reply) {
  const select = el("select", {"aria-label": "verdict"},
    el("option", {value: ""}, "grader's verdict?"), el("option", {value: "agree"}, "agree"),
    el("option", {value: "too_harsh"}, "too harsh"), el("option", {value: "too_kind"}, "too kind"));
  select.value = reply.verdict || "";
  const comment = el("input", {type: "text", placeholder: "comment", "aria-label": "comment"});
  comment.value = reply.verdict_comment || "";
  const save = el("button", {className: "save"}, "save");
  save.onclick = () => annotate(reply, {verdict: select.value || null, comment: comment.value});
  return el("td", {}, select, comment, save);
}

async function annotate(reply, changes) {
  try {
    await api("POST", `${BASE}api/control/replies/${encodeURIComponent(reply.reply_id)}`, changes);
    showError(null);
    refresh();
  } catch (error) { showError(error); }
}

function replyRow(reply) {
  const star = el("button", {className: "star", "aria-pressed": reply.starred},
    reply.starred ? "★" : "☆");
  star.onclick = () => annotate(reply, {starred: !reply.starred});
  const hide = el("input", {type: "checkbox", className: "hide", title: "hide from projector"});
  hide.checked = reply.hidden;
  hide.onchange = () => annotate(reply, {hidden: hide.checked});
  const findings = el("ul", {});
  for (const f of reply.grade.findings) {
    if (f.points < 0 || (f.max_points > 0 && f.points < f.max_points / 2)) {
      findings.append(el("li", {className: `finding ${f.points < 0 ? "penalty" : "missed"}`},
        `${f.criterion} (${f.points}): ${f.tip}`));
    }
  }
  const dims = DIMS.map((d) => `${d} ${reply.grade.dimensions[d] ?? "–"}`).join(" · ");
  return el("tr", {className: "reply-row", "data-reply": reply.reply_id},
    el("td", {className: "name"}, reply.name),
    el("td", {}, `try ${reply.attempt}`),
    el("td", {className: "total"}, String(reply.total), el("div", {className: "finding"}, dims)),
    el("td", {className: "text"}, reply.text, findings),
    el("td", {}, star, el("label", {}, hide, " hide")),
    verdictCell(reply));
}

function tickRound() {
  const rnd = currentRound();
  if (!rnd) return;
  let info = `${rnd.family}, ${rnd.locale}, seed ${rnd.seed}, ${rnd.mode}, ` +
    `${rnd.minutes_since_post} min since the post · ${rnd.state}, try ${rnd.attempt}`;
  if (rnd.state === "open" && rnd.deadline) {
    const left = Math.max(0, Math.round(rnd.deadline - (Date.now() / 1000 - skew)));
    info += left > 0 ? ` · ${left} s left` : " · time is up";
  }
  setText("round-info", info);
}

let skew = 0;

async function refreshControl() {
  state = await api("GET", BASE + "api/control/state");
  skew = Date.now() / 1000 - state.server_time;
  setText("code", HUB ? "none: trainees run workshop.join() on the hub" : state.workshop.code);
  setText("people", `${state.trainees.length} joined`);
  document.getElementById("projector-link").href =
    HUB ? `${BASE}projector` : `${BASE}projector#key=${encodeURIComponent(KEY)}`;
  fillSelect("family", state.families);
  fillSelect("locale", state.locales);
  document.getElementById("view").value = state.workshop.projector.view;
  document.getElementById("names").checked = state.workshop.names_revealed;
  const rnd = currentRound();
  if (!rnd) return;
  setText("round-title", `Round ${rnd.number}`);
  setText("round-post", state.current_post || "");
  tickRound();
  const id = encodeURIComponent(rnd.id);
  const [summary, replies] = await Promise.all([
    api("GET", `${BASE}api/control/rounds/${id}/summary`),
    api("GET", `${BASE}api/control/rounds/${id}/replies?attempt=${rnd.attempt}`),
  ]);
  const last = showSummary(summary);
  const answered = new Set(last.answered_ids);
  const waiting = state.trainees.filter((t) => !answered.has(t.trainee)).map((t) => t.name);
  setText("answered", `${last.answered} of ${last.trainees} answered` +
    (waiting.length && waiting.length <= 30 ? ` · waiting for: ${waiting.join(", ")}` : ""));
  const body = el("tbody", {});
  for (const reply of replies.replies.slice().reverse()) body.append(replyRow(reply));
  document.getElementById("replies").replaceChildren(el("table", {id: "reply-table"},
    el("thead", {}, el("tr", {}, ...["name", "try", "total", "reply", "", "verdict"]
      .map((h) => el("th", {}, h)))), body));
}

function fillSelect(id, values) {
  const select = document.getElementById(id);
  if (select.options.length) return;
  select.replaceChildren(...values.map((v) => el("option", {value: v}, v)));
}

function setUpControl() {
  for (const button of document.querySelectorAll("button[data-action]")) {
    button.onclick = () => act(button.dataset.action);
  }
  document.getElementById("next").onclick = async () => {
    try { await api("POST", BASE + "api/control/next", {}); showError(null); refresh(); }
    catch (error) { showError(error); }
  };
  document.getElementById("round-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = new FormData(event.target);
    const spec = Object.fromEntries(form.entries());
    for (const name of ["seed", "timer_s"]) spec[name] = parseInt(spec[name] || "0", 10);
    spec.minutes_since_post = parseFloat(spec.minutes_since_post || "0");
    try { await api("POST", BASE + "api/control/rounds", spec); showError(null); refresh(); }
    catch (error) { showError(error); }
  });
  const projector = () => api("POST", BASE + "api/control/projector", {
    view: document.getElementById("view").value,
    names: document.getElementById("names").checked,
  }).then(() => showError(null), showError);
  document.getElementById("view").onchange = projector;
  document.getElementById("names").onchange = projector;
  setInterval(tickRound, 1000);
}

// ---- projector page -----------------------------------------------------------------------

async function refreshProjector() {
  const wall = await api("GET", BASE + "api/projector");
  const rnd = wall.round;
  setText("round-title", rnd ? `Round ${rnd.number}` + (rnd.attempt > 1 ? `, try ${rnd.attempt}`
    : "") : "replylab workshop");
  setText("answered", rnd ? `${wall.answered} of ${wall.trainees} answered` : "");
  for (const id of ["distributions", "findings", "moved", "starred", "join"]) {
    document.getElementById(id).replaceChildren();
  }
  if (wall.join) return showJoinCard(wall.join);
  if (!wall.summary) return;
  if (wall.view === "summary") showSummary(wall.summary);
  if (wall.view === "starred") {
    const cards = (wall.starred || []).map((r) => el("div", {className: "card"},
      el("div", {className: "who"}, `${r.who} · ${r.total}`),
      segmentsNode(r.segments),
      el("ul", {}, ...r.findings.map((f) => el("li", {className: "finding penalty"},
        `${f.criterion}: ${f.tip}`)))));
    document.getElementById("starred").replaceChildren(...cards);
  }
}

function showJoinCard(card) {
  const node = document.getElementById("join");
  node.append(el("p", {}, "Join the workshop with the code"),
    el("strong", {className: "code", id: "join-code"}, card.code), el("p", {}, card.url));
  if (!card.qr.length) return;
  const cell = 8, quiet = 4, size = (card.qr.length + 2 * quiet) * cell;
  const canvas = el("canvas", {width: size, height: size, "aria-label": "QR code"});
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, size, size);
  ctx.fillStyle = "#000";
  card.qr.forEach((row, y) => [...row].forEach((bit, x) => {
    if (bit === "1") ctx.fillRect((x + quiet) * cell, (y + quiet) * cell, cell, cell);
  }));
  node.append(canvas);
}

// ---- both: live updates -------------------------------------------------------------------

// At most one refresh a second: in a burst of 200 replies the page fetches every reply's
// grade once a second, not once per reply.
let pending = null;
let lastRefresh = 0;
function refresh() {
  if (pending) return;
  const wait = Math.max(150, 1000 - (Date.now() - lastRefresh));
  pending = setTimeout(async () => {
    pending = null;
    lastRefresh = Date.now();
    try {
      await (PAGE === "control" ? Promise.all([refreshControl(), refreshDrill()])
        : refreshProjector());
      setText("status", `live · updated ${new Date().toLocaleTimeString()}`);
    } catch (error) { setText("status", `not updated: ${error.message}`); }
  }, wait);
}

// The live feed is read with fetch, not EventSource, so the key travels in a header and never
// in an address (where a proxy's or an ingress's log would keep it). Every event means "look
// again": any bytes that arrive ask for a refresh (refresh() itself is rate-limited).
async function follow() {
  for (;;) {
    try {
      const response = await fetch(`${BASE}api/control/events`,
        {headers: {"X-Workshop-Key": KEY, "Accept": "text/event-stream"}, cache: "no-store"});
      if (HUB && (response.status === 401 || response.status === 403)) return logInWithHub();
      if (!response.ok || !response.body) throw new Error(response.statusText);
      const reader = response.body.getReader();
      for (;;) {
        const {done} = await reader.read();
        if (done) break;
        refresh();
      }
    } catch (error) { /* the server went away: try again below */ }
    setText("status", "connection lost; retrying…");
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

// Exports the same way: fetched with the key in a header, then saved from memory.
async function download(path, filename) {
  try {
    const response = await fetch(`${BASE}${path}`, {headers: {"X-Workshop-Key": KEY}});
    if (!response.ok) throw new Error(response.statusText);
    const link = el("a", {href: URL.createObjectURL(await response.blob()), download: filename});
    document.body.append(link);
    link.click();
    link.remove();
    showError(null);
  } catch (error) { showError(error); }
}

async function start() {
  const health = await fetch(`${BASE}api/health`).then((r) => r.json()).catch(() => ({}));
  HUB = Boolean(health.hub);
  // On a hub the key is the hub's token: out of the address bar and the history at once (a
  // reload logs in with the hub again, without a form while the hub's login lasts).
  if (HUB && KEY) history.replaceState(null, "", location.pathname + location.search);
  if (!KEY && HUB) {
    setText("status", "logging in with JupyterHub…");
    logInWithHub();
    return;
  }
  if (!KEY) {
    setText("status", "this page needs the instructor key: open the address the server printed");
    return;
  }
  if (PAGE === "control") {
    setUpControl();
    setUpDrill();  // drill.js
    for (const [id, path, name] of [["export-csv", "api/control/export.csv", "workshop.csv"],
                                    ["export-json", "api/control/export.json", "workshop.json"],
                                    ["export-drills-csv", "api/control/export-drills.csv",
                                     "workshop-drills.csv"]]) {
      const link = document.getElementById(id);
      link.href = "#";
      link.onclick = (event) => { event.preventDefault(); download(path, name); };
    }
  }
  refresh();
  follow();
  if (PAGE === "projector") setInterval(refresh, 5000);  // the timer and answered count
}

start();
