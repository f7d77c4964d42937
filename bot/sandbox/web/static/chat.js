// The sandbox's web chat: draws the state the server sends (server-sent events) and posts
// what the visitor does. Text is built from Telegram's entities with DOM nodes, never as HTML.
"use strict";

const $ = (id) => document.getElementById(id);
const el = (tag, cls, text) => {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
};
let state = null;
let copied = null; // the last deep link copied with a button, to open as someone else
let lastToast = 0;

async function act(action, body = {}) {
  const response = await fetch(`/api/${action}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) toast((await response.json()).error || "That did not work");
}

function toast(text) {
  const box = $("toast");
  box.textContent = text;
  box.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { box.hidden = true; }, 3200);
}

// A t.me link to this bot opens here, as the current person: /start with its payload.
function deepLink(url) {
  if (!state) return null;
  const match = /^https?:\/\/t\.me\/([A-Za-z0-9_]+)(?:\?start=([A-Za-z0-9_-]*))?$/.exec(url);
  if (!match || match[1].toLowerCase() !== state.bot.username.toLowerCase()) return null;
  return match[2] || "";
}

function openUrl(url) {
  const payload = deepLink(url);
  if (payload !== null) act("start", { payload });
  else if (/^https?:\/\//.test(url)) window.open(url, "_blank", "noopener");
}

// Only web links (and the bot's t.me links) become links; any other scheme stays text.
const SAFE_URL = /^(https?:\/\/|tg:\/\/)/i;

function link(url, text) {
  if (!SAFE_URL.test(url)) return el("span", "", text);
  const a = el("a", "", text);
  a.href = url;
  a.rel = "noopener";
  a.target = "_blank";
  a.addEventListener("click", (event) => {
    if (deepLink(url) !== null) { event.preventDefault(); openUrl(url); }
  });
  return a;
}

const URL_RE = /https?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]]/g;

function plain(text, into) {
  let at = 0;
  for (const match of text.matchAll(URL_RE)) {
    into.append(text.slice(at, match.index), link(match[0], match[0]));
    at = match.index + match[0].length;
  }
  into.append(text.slice(at));
}

function wrap(entity, text) {
  const tags = { bold: "strong", italic: "em", underline: "u", strikethrough: "s", code: "code",
    pre: "pre", blockquote: "blockquote", expandable_blockquote: "blockquote" };
  if (entity.type === "text_link") return link(entity.url, "");
  if (entity.type === "url") return link(text, "");
  if (entity.type === "bot_command") {
    const a = el("a", "command");
    a.addEventListener("click", () => act("send", { text }));
    return a;
  }
  if (entity.type === "spoiler") {
    const s = el("span", "spoiler");
    s.addEventListener("click", () => s.classList.add("shown"));
    return s;
  }
  return el(tags[entity.type] || "span");
}

// Entities may nest: cut the text at every boundary, wrap each piece in its entities.
function rich(text, entities = []) {
  const out = document.createDocumentFragment();
  const cuts = new Set([0, text.length]);
  for (const e of entities) { cuts.add(e.offset); cuts.add(e.offset + e.length); }
  const points = [...cuts].filter((c) => c <= text.length).sort((a, b) => a - b);
  for (let i = 0; i + 1 < points.length; i++) {
    const [from, to] = [points[i], points[i + 1]];
    const piece = text.slice(from, to);
    const active = entities.filter((e) => e.offset <= from && e.offset + e.length >= to);
    let node = document.createDocumentFragment();
    if (active.some((e) => ["url", "text_link", "bot_command"].includes(e.type))) {
      node.append(piece);
    } else plain(piece, node);
    for (const e of active.reverse()) {
      const whole = text.slice(e.offset, e.offset + e.length);
      const outer = wrap(e, whole);
      outer.append(node);
      node = outer;
    }
    out.append(node);
  }
  return out;
}

function time(seconds) {
  return new Date(seconds * 1000).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

function keyboard(message) {
  const box = el("div", "keyboard");
  message.keyboard.forEach((row, r) => {
    const line = el("div", "row");
    row.forEach((button, c) => {
      const b = el("button", button.kind === "url" ? "link" : "", button.text);
      b.type = "button";
      b.addEventListener("click", () => press(message, button, r, c, b));
      line.append(b);
    });
    box.append(line);
  });
  return box;
}

async function press(message, button, row, column, node) {
  if (button.kind === "callback") {
    node.classList.add("busy");
    await act("tap", { message_id: message.id, row, column });
  } else if (button.kind === "url") openUrl(button.url);
  else if (button.kind === "copy") {
    copied = button.copy;
    try { await navigator.clipboard.writeText(button.copy); } catch (_) { /* page-only copy */ }
    toast("Link copied. Become the other person in the panel to open it as a friend.");
    chips();
  } else if (button.kind === "share") {
    toast("On Telegram this opens the chat picker. Here: copy the link, then be the friend.");
  }
}

function poll(message) {
  const p = message.poll;
  const box = el("div", "poll" + (p.answered ? " answered" : ""));
  box.append(el("div", "kind", p.type === "quiz" ? (p.anonymous ? "Anonymous quiz" : "Quiz")
    : (p.anonymous ? "Anonymous poll" : "Poll")));
  box.append(el("div", "question", p.question));
  const options = el("div", "options");
  const total = p.total || 1;
  p.options.forEach((option, i) => {
    const row = el("button", "option");
    row.type = "button";
    const chosen = p.voted.includes(i);
    const right = (p.correct || []).includes(i);
    const body = el("span", "body");
    body.append(el("span", "text", option.text));
    if (p.answered) {
      if (p.type === "quiz" && right) row.classList.add("right");
      if (p.type === "quiz" && chosen && !right) row.classList.add("wrong");
      if (chosen) row.classList.add("chosen");
      const head = el("span", "percent", `${Math.round((100 * option.voters) / total)}%`);
      if (right || chosen) head.append(el("span", "mark", right ? "✓" : "✕"));
      const bar = el("span", "bar");
      bar.style.width = `${Math.max(2, (100 * option.voters) / total)}%`;
      body.append(bar);
      row.append(head, body);
      row.disabled = true;
    } else {
      row.append(el("span", "dot"), body);
      row.addEventListener("click", () => act("vote", { message_id: message.id, options: [i] }));
    }
    options.append(row);
  });
  box.append(options);
  if (p.explanation) {
    const why = el("div", "explanation");
    why.append("💡 ", rich(p.explanation.text, p.explanation.entities));
    box.append(why);
  }
  box.append(el("div", "votes", p.total === 1 ? "1 vote" : `${p.total} votes`));
  return box;
}

function bubble(message) {
  const wrapBox = el("div", "msg " + (message.from_bot ? "in" : "out"));
  wrapBox.dataset.id = message.id;
  const b = el("div", "bubble");
  if (message.photo) {
    const img = el("img", "photo");
    img.alt = message.text || "Photo";
    img.src = `/api/file/${encodeURIComponent(message.photo.file_id)}`;
    img.addEventListener("load", () => { $("chat").scrollTop = $("chat").scrollHeight; });
    b.append(img);
  }
  if (message.document) {
    const doc = el("a", "doc");
    doc.href = `/api/file/${encodeURIComponent(message.document.file_id)}`;
    doc.download = message.document.file_name;
    const kb = Math.max(1, Math.round(message.document.file_size / 1024));
    const about = el("span", "about");
    about.append(el("span", "file-name", message.document.file_name), el("span", "size", `${kb} KB`));
    doc.append(el("span", "icon", "📄"), about);
    b.append(doc);
  }
  if (message.poll) b.append(poll(message));
  else if (!message.from_bot && /^\/start \S/.test(message.text)) {
    b.append(rich("/start", message.entities)); // Telegram hides a deep link's payload too
  } else b.append(rich(message.text, message.entities));
  const meta = el("span", "meta", time(message.date));
  b.append(meta);
  wrapBox.append(b);
  if (message.keyboard) wrapBox.append(keyboard(message));
  return wrapBox;
}

function drawChat() {
  const chat = $("chat");
  const nearBottom = chat.scrollHeight - chat.scrollTop - chat.clientHeight < 120;
  chat.replaceChildren();
  if (!state.messages.length) {
    const empty = el("div", "empty");
    empty.append(el("div", "what", "What can this bot do?"));
    empty.append(el("div", "", state.description || state.bot.name));
    const start = el("button", "", "START");
    start.type = "button";
    start.addEventListener("click", () => act("start", { payload: state.start_payload || "" }));
    empty.append(start);
    chat.append(empty);
    return;
  }
  let day = "";
  for (const message of state.messages) {
    const label = new Date(message.date * 1000).toLocaleDateString([], {
      weekday: "long", day: "numeric", month: "long" });
    if (label !== day) { chat.append(el("div", "day", label)); day = label; }
    chat.append(bubble(message));
  }
  if (nearBottom || drawChat.first !== false) chat.scrollTop = chat.scrollHeight;
  drawChat.first = false;
}

function drawNotes() {
  const notes = $("notes");
  notes.replaceChildren();
  if (state.problems.length) {
    const box = el("div", "note problems");
    box.append(el("strong", "", "The lesson bank has errors; the last good bank is served:"));
    box.append(el("pre", "", state.problems.join("\n")));
    notes.append(box);
  }
  if (!state.checking) {
    notes.append(el("div", "note warning",
      "The Bot API specification was not found, so calls are not checked against it."));
  }
  if (state.notice) notes.append(el("div", "note", state.notice));
}

function chips() {
  const box = $("chips");
  box.replaceChildren();
  if (state.start_payload && state.messages.length) { // a preview: its lesson, again
    const again = el("button", "", "↻ Take the lesson again");
    again.type = "button";
    again.addEventListener("click", () => act("start", { payload: state.start_payload }));
    box.append(again);
  }
  if (copied && deepLink(copied) !== null) {
    const open = el("button", "", `🔗 Open the copied link as ${state.me.first_name}`);
    open.type = "button";
    open.addEventListener("click", () => { const url = copied; copied = null; openUrl(url); chips(); });
    box.append(open);
  }
}

function drawPanel() {
  const people = $("people");
  people.replaceChildren();
  state.people.forEach((person, i) => {
    const b = el("button", person.id === state.me.id ? "current" : "", person.first_name);
    b.type = "button";
    b.addEventListener("click", () => act("person", { index: i }));
    people.append(b);
  });
  const select = $("language");
  if (select.options.length !== state.languages.length) {
    select.replaceChildren(...state.languages.map((l) => new Option(l.name, l.code)));
  }
  select.value = state.me.language || "en";
  const ahead = state.clock.days_ahead;
  $("clock-now").textContent = ahead ? `${ahead} day${ahead === 1 ? "" : "s"} ahead` : "today";
  $("checking").textContent = state.checking
    ? `Every Bot API call is checked against ${state.checking}.`
    : "Bot API calls are not checked (no specification file).";
  $("bot-status").textContent = `bot · you are ${state.me.first_name}`;
}

function drawCommands() {
  const box = $("commands");
  box.replaceChildren(...state.commands.map((c) => {
    const b = el("button");
    b.type = "button";
    b.append(el("span", "cmd", `/${c.command}`), el("span", "desc", c.description));
    b.addEventListener("click", () => { box.hidden = true; act("send", { text: `/${c.command}` }); });
    return b;
  }));
  $("menu-button").hidden = !state.commands.length;
}

function draw(next) {
  if (state && state.me.id !== next.me.id) $("toast").hidden = true;
  state = next;
  $("bot-name").textContent = state.bot.name;
  drawNotes();
  drawChat();
  drawPanel();
  drawCommands();
  chips();
  if (state.toast.id !== lastToast) {
    lastToast = state.toast.id;
    if (state.toast.text) toast(state.toast.text);
  }
}

function wire() {
  $("composer").addEventListener("submit", (event) => {
    event.preventDefault();
    const text = $("message").value.trim();
    if (!text) return;
    $("message").value = "";
    const payload = deepLink(text);
    if (payload !== null) act("start", { payload }); else act("send", { text });
  });
  $("menu-button").addEventListener("click", () => {
    const box = $("commands");
    box.hidden = !box.hidden;
    $("menu-button").setAttribute("aria-expanded", String(!box.hidden));
  });
  const panel = $("panel");
  const toggle = (open) => {
    panel.hidden = !open;
    $("panel-toggle").setAttribute("aria-expanded", String(open));
  };
  $("panel-toggle").addEventListener("click", () => toggle(panel.hidden));
  $("panel-close").addEventListener("click", () => toggle(false));
  $("language").addEventListener("change", (e) => act("language", { code: e.target.value }));
  $("clock-forward").addEventListener("click", () => act("clock", { days: 1 }));
  $("reset").addEventListener("click", () => { copied = null; act("reset"); });
  const events = new EventSource("/api/events");
  events.onmessage = (event) => draw(JSON.parse(event.data));
}

wire();
