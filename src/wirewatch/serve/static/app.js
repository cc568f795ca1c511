// Wirewatch dashboard: wires the panels to the API and to the live stream (/stream).
// Plain ES modules, no build step; optional vendor files only improve the map.

import { Alerts } from "./modules/alerts.js";
import { getJSON, openStream } from "./modules/api.js";
import { showArticle } from "./modules/article.js";
import { h } from "./modules/dom.js";
import { Stories, showEvent, showStory } from "./modules/stories.js";
import { Storylines, showStoryline } from "./modules/storylines.js";
import { Dyads } from "./modules/dyads.js";
import { Feed } from "./modules/feed.js";
import { Feeds } from "./modules/feeds.js";
import { Network } from "./modules/network.js";
import { Trends } from "./modules/trends.js";
import { WorldMap } from "./modules/worldmap.js";

const $ = (sel) => document.querySelector(sel);

const articleRoot = $("#article");
const search = $("#search");
const status = $("#status");
const counter = $("#count");
let stored = 0;

function setCount(n) {
  stored = n;
  counter.textContent = `${n} article${n === 1 ? "" : "s"}`;
}

function open(id) {
  if (location.hash !== `#article/${id}`) location.hash = `article/${id}`;
  else route();
}

function go(hash) {
  if (location.hash !== `#${hash}`) location.hash = hash;
  else route();
}

const openStory = (id) => go(`story/${encodeURIComponent(id)}`);
const openStoryline = (id) => go(`storyline/${encodeURIComponent(id)}`);
const openEvent = (id) => go(`event/${encodeURIComponent(id)}`);
const openReport = (article, idx) => go(`article/${article}@${idx}`);

function route() {
  const line = /^#storyline\/(.+)$/.exec(location.hash);
  if (line) {
    showStoryline(articleRoot, decodeURIComponent(line[1]), { onStory: openStory });
    return;
  }
  const story = /^#story\/(.+)$/.exec(location.hash);
  if (story) {
    showStory(articleRoot, decodeURIComponent(story[1]),
      { onArticle: open, onEvent: openEvent, onStoryline: openStoryline });
    return;
  }
  const ev = /^#event\/(.+)$/.exec(location.hash);
  if (ev) {
    showEvent(articleRoot, decodeURIComponent(ev[1]), { onReport: openReport });
    return;
  }
  const m = /^#article\/(.+?)(?:@(\d+))?$/.exec(location.hash);
  if (m) {
    const id = decodeURIComponent(m[1]);
    feed.list.querySelectorAll(".feed-item.selected").forEach((n) => n.classList.remove("selected"));
    feed.items.get(id)?.classList.add("selected");
    showArticle(articleRoot, id, { focus: m[2] ?? null, onEvent: openEvent, onStory: openStory });
  }
}

function filterBy(name) {
  search.value = name;
  feed.load(name).catch(report);
}

function report(err) {
  console.error(err);
  $("#errors").append(h("li", { text: String(err?.message || err) }));
}

const feed = new Feed($("#feed"), { onOpen: open });
const trends = new Trends($("#trends"), { onPick: filterBy });
const alerts = new Alerts($("#alerts"), { onOpen: open });
const dyads = new Dyads($("#dyads"));
const stories = new Stories($("#stories"), { onOpen: openStory });
const storylines = new Storylines($("#storylines"), { onOpen: openStoryline });
const worldMap = new WorldMap($("#map"));
const network = new Network($("#network"), { onPick: filterBy });
const feedHealth = new Feeds($("#feeds"), { count: $("#feeds-count"), badge: $("#feeds-badge"),
                                           section: $("#feeds-section") });

// Aggregate panels are redrawn at most every few seconds while events stream in.
let aggTimer = null;
function refreshAggregatesSoon() {
  if (aggTimer) return;
  aggTimer = setTimeout(() => {
    aggTimer = null;
    Promise.all([dyads.load(), worldMap.load(), network.load()]).catch(report);
  }, 5000);
}

openStream({
  article: (a) => {
    feed.add(a);
    setCount(stored + 1);
    trends.refreshSoon();
    stories.refreshSoon();
    storylines.refreshSoon();
  },
  event: () => refreshAggregatesSoon(),
  correction: () => refreshAggregatesSoon(),  // an analyst's correction moved the aggregates
  alert: (al) => alerts.add(al),
}, (state) => {
  status.dataset.state = state;
  status.textContent = state === "live" ? "live" : state;
});

let searchTimer = null;
search.addEventListener("input", () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => feed.load(search.value.trim()).catch(report), 250);
});

$("#feed-order").addEventListener("change", (e) => feed.setOrder(e.target.value).catch(report));

window.addEventListener("hashchange", route);

async function start() {
  const health = await getJSON("/health").catch(() => null);
  if (health) setCount(health.articles || 0);
  await feed.load().catch(report);
  route();
  document.body.dataset.ready = "1";
  await Promise.all([stories.load(), storylines.load(), trends.load(), alerts.load(), dyads.load(), worldMap.load(), network.load(),
    feedHealth.load()]
    .map((p) => p.catch(report)));
  document.body.dataset.panels = "1";
}

start();
