// replylab workshop control page: the live drill panel (issue 13). Loaded before workshop.js,
// whose helpers (el, setText, api, BASE) it uses once the page runs. As there, everything shown
// comes from JSON and goes in as text: a trainee's name such as <img src=x onerror=...> shows
// as those characters. No innerHTML.
"use strict";

let drillFeed = null;
let drillFetchedAt = 0;  // Date.now() when drillFeed came

function drillError(error) {
  setText("drill-error", error ? String(error.message || error) : "");
}

function drillSimNow() {
  const drill = drillFeed && drillFeed.drill;
  if (!drill) return 0;
  let sim = drill.sim_s;
  if (drill.phase === "running") sim += (Date.now() - drillFetchedAt) / 1000;
  return Math.min(sim, drill.end_s);
}

function mmss(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  return `${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
}

function tickDrill() {
  const drill = drillFeed && drillFeed.drill;
  if (!drill) {
    setText("drill-title", "No drill yet");
    setText("drill-clock", "");
    setText("drill-info", "");
    return;
  }
  setText("drill-title", `${drill.title} (seed ${drill.seed}) ·`);
  setText("drill-clock", `${mmss(drillSimNow())} / ${mmss(drill.end_s)}`);
  let info = `· local time ${drill.clock} · ${drill.phase}`;
  if (drill.next_inject) {
    info += ` · next inject ${drill.next_inject.kind} at ${drill.next_inject.clock}` +
      ` (${mmss(drill.next_inject.at_s)})`;
  }
  setText("drill-info", info);
}

function drillRow(t) {
  const breach = el("td", {className: t.breaches ? "breach" : ""}, String(t.breaches));
  breach.title = `${t.answered_late} answered late, ${t.waiting_late} still waiting`;
  const pinned = t.pinned_score === null ? "not pinned" : `${t.pinned_score} (${t.pinned_at})`;
  return el("tr", {className: "drill-row", "data-trainee": t.trainee},
    el("td", {className: "name"}, t.name),
    el("td", {}, t.locale),
    el("td", {className: "backlog"}, String(t.backlog)),
    breach,
    el("td", {className: "answered"}, String(t.answered)),
    el("td", {}, t.mean_points === null ? "–" : String(t.mean_points)),
    el("td", {className: "pinned"}, pinned));
}

async function refreshDrill() {
  drillFeed = await api("GET", BASE + "api/control/drill");
  drillFetchedAt = Date.now();
  const select = document.getElementById("drill-id");
  if (!select.options.length) {
    select.replaceChildren(...drillFeed.drills.map((d) =>
      el("option", {value: d.id}, `${d.title} (${d.minutes} min)`)));
  }
  tickDrill();
  const drill = drillFeed.drill;
  const live = drill && (drill.phase === "running" || drill.phase === "held");
  document.getElementById("drill-start").disabled = Boolean(live);
  document.getElementById("drill-hold").disabled = !live || drill.held;
  document.getElementById("drill-resume").disabled = !live || !drill.held;
  document.getElementById("drill-next").disabled = !live || !drill.next_inject;
  document.getElementById("drill-stop").disabled = !live;
  document.getElementById("drill-trainees").replaceChildren(...drillFeed.trainees.map(drillRow));
  setText("drill-waiting", drill && drillFeed.not_seated
    ? `${drillFeed.not_seated} joined the workshop but not the drill` : "");
  const news = (drill && drill.events || []).filter((e) => e.headline || e.role);
  document.getElementById("drill-news").replaceChildren(...news.slice().reverse().map((e) =>
    el("li", {}, `${e.clock} ${e.headline || `a post from a ${e.role}`}`)));
}

async function drillAct(action, body) {
  try {
    await api("POST", `${BASE}api/control/drill/${action}`, body || {});
    drillError(null);
    await refreshDrill();
  } catch (error) { drillError(error); }
}

function setUpDrill() {
  document.getElementById("drill-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const text = document.getElementById("drill-seed").value.trim() || "0";
    if (!/^\d+$/.test(text)) {
      drillError("the seed must be a whole number, 0 or more");
      return;
    }
    drillAct("start", {drill: document.getElementById("drill-id").value,
                       seed: parseInt(text, 10)});
  });
  document.getElementById("drill-hold").onclick = () => drillAct("hold");
  document.getElementById("drill-resume").onclick = () => drillAct("resume");
  document.getElementById("drill-next").onclick = () => drillAct("next");
  document.getElementById("drill-stop").onclick = () => drillAct("stop");
  setInterval(tickDrill, 1000);
  // backlogs and breaches grow with the clock, not only on events: look again while it runs
  setInterval(() => {
    const drill = drillFeed && drillFeed.drill;
    if (drill && drill.phase === "running") refreshDrill().catch(drillError);
  }, 3000);
}
