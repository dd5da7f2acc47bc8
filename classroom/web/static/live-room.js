// Live room (protocol v1, classroom/live/PROTOCOL.md): snapshot, then events applied in id
// order by the same reducer as classroom/live/rules/state.py; reconnects resume from the
// last event id. No inline script: everything the page knows comes from data- attributes.
(function () {
  "use strict";
  var root = document.getElementById("live-room");
  if (!root) return;
  var T = JSON.parse(root.dataset.texts);
  var lessonId = root.dataset.lessonId;
  var staffPage = root.dataset.staff === "true";
  var $ = function (id) { return document.getElementById(id); };
  var CHAT_KEEP = 50;
  var state = null, you = null, roster = null, lastId = null, socket = null;
  var retries = 0, refs = 0, stopped = false, checkTimer = null;

  function t(key, params) {
    var text = T["live.js." + key] || key;
    Object.keys(params || {}).forEach(function (k) { text = text.replace("{" + k + "}", params[k]); });
    return text;
  }
  function deviceId() {
    var id = localStorage.getItem("classroom.device");
    if (!id) {
      id = (crypto.randomUUID ? crypto.randomUUID() : String(Math.random()).slice(2)).replace(/-/g, "").slice(0, 32);
      localStorage.setItem("classroom.device", id);
    }
    return id;
  }
  function status(kind, text) { var el = $("live-status"); el.dataset.state = kind; el.textContent = text; }
  function showError(text) {
    var el = $("live-error"); el.textContent = text || ""; el.hidden = !text;
  }
  function el(tag, props, children) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (k) {
      if (k === "text") node.textContent = props[k]; else if (k === "cls") node.className = props[k];
      else node.setAttribute(k, props[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }

  // --- the reducer (rules/state.py) ---------------------------------------------------------
  function drop(s, userId) {
    delete s.participants[userId];
    s.hands = s.hands.filter(function (u) { return u !== userId; });
  }
  function pollView(d, viewer) {
    var counts = d.counts;
    if (counts == null && viewer === "staff") counts = d.options.map(function () { return 0; });
    return { id: d.id, question: d.question, options: d.options.slice(), open: d.open, opened_at: d.opened_at,
             closed_at: d.closed_at || null, counts: counts == null ? null : counts.slice(), my_vote: null };
  }
  function checkView(d, viewer) {
    var staff = viewer === "staff";
    return { id: d.id, opened_at: d.opened_at, deadline_at: d.deadline_at, open: d.open, by: d.by,
             answered: staff ? null : false, answered_ids: staff ? [] : null, missed_ids: staff ? [] : null };
  }
  function presence(s, d) {
    if (d.state === "gone") drop(s, d.user_id);
    else s.participants[d.user_id] = { name: d.name, role: d.role, state: d.state };
  }
  function apply(s, kind, d, viewer) {
    switch (kind) {
      case "presence": presence(s, d); break;
      case "presence.batch": d.people.forEach(function (p) { presence(s, p); }); break;
      case "removed": drop(s, d.user_id); break;
      case "chat": s.chat.push(d); if (s.chat.length > CHAT_KEEP) s.chat.splice(0, s.chat.length - CHAT_KEEP); break;
      case "hand":
        var i = s.hands.indexOf(d.user_id);
        if (d.raised && i < 0) s.hands.push(d.user_id);
        if (!d.raised && i >= 0) s.hands.splice(i, 1);
        break;
      case "mute":
        if (d.user_id == null) s.chat_muted = !!d.muted;
        else {
          s.muted = s.muted.filter(function (u) { return u !== d.user_id; });
          if (d.muted) s.muted.push(d.user_id);
          s.muted.sort();
        }
        break;
      case "ended": s.ended_at = d.at; s.participants = {}; s.hands = []; break;
      case "poll":
        if (s.poll && s.poll.id === d.id) {
          s.poll.open = d.open; s.poll.closed_at = d.closed_at || null;
          if (d.counts != null) s.poll.counts = d.counts.slice();
        } else s.poll = pollView(d, viewer);
        break;
      case "poll.vote": if (s.poll && s.poll.id === d.poll_id) s.poll.my_vote = d.option; break;
      case "poll.tally": if (s.poll && s.poll.id === d.poll_id) s.poll.counts = d.counts.slice(); break;
      case "check":
        if (s.check && s.check.id === d.id) s.check.open = d.open; else s.check = checkView(d, viewer);
        break;
      case "check.answer": if (s.check && s.check.id === d.check_id) s.check.answered = true; break;
      case "check.status":
        if (s.check && s.check.id === d.check_id) {
          s.check.answered_ids = d.answered_ids.slice(); s.check.missed_ids = d.missed_ids.slice();
        }
        break;
      case "random_checks": s.random_checks = { enabled: d.enabled, min: d.min, max: d.max }; break;
    }
  }

  // --- rendering ----------------------------------------------------------------------------
  function viewer() { return staffPage ? "staff" : "trainee"; }
  function canWrite() { return you && !you.read_only && !state.ended_at && you.standing !== "observer"; }
  function nameOf(userId) {
    var p = state.participants[userId];
    if (p) return p.name;
    var r = (roster || []).filter(function (x) { return x.user_id === userId; })[0];
    return r ? r.name : "";
  }
  function button(label, onClick) { var b = el("button", { type: "button", text: label }); b.onclick = onClick; return b; }

  function render() {
    if (!state) return;
    var people = $("participants"); people.textContent = "";
    var ids = Object.keys(state.participants).sort(function (a, b) {
      var pa = state.participants[a], pb = state.participants[b];
      return (pa.role === "instructor" ? 0 : 1) - (pb.role === "instructor" ? 0 : 1) || pa.name.localeCompare(pb.name);
    });
    ids.forEach(function (id) {
      var p = state.participants[id];
      var li = el("li", { "data-user-id": id, cls: p.state }, [
        el("span", { text: p.name }),
        p.role === "instructor" ? el("span", { cls: "badge", text: t("instructor") }) : null,
        el("span", { cls: "muted", text: p.state === "away" ? t("away") : "" }),
        state.muted.indexOf(id) >= 0 ? el("span", { cls: "badge", text: t("muted") }) : null,
      ]);
      if (staffPage && canWrite() && p.role === "trainee") {
        var muted = state.muted.indexOf(id) >= 0;
        li.appendChild(button(muted ? t("unmute") : t("mute"), function () { send({ type: "mute", user_id: id, muted: !muted }); }));
        li.appendChild(button(t("remove"), function () { send({ type: "remove", user_id: id }); }));
      }
      people.appendChild(li);
    });
    $("present-count").textContent = "(" + ids.length + ")";
    if (roster) {
      var expected = roster.filter(function (r) { return !state.participants[r.user_id]; });
      $("expected-box").hidden = false;
      $("expected-count").textContent = "(" + expected.length + ")";
      var list = $("expected"); list.textContent = "";
      expected.forEach(function (r) { list.appendChild(el("li", { "data-user-id": r.user_id, text: r.name })); });
    }
    var hands = $("hands"); hands.textContent = "";
    state.hands.forEach(function (id) {
      var li = el("li", { "data-user-id": id }, [el("span", { text: "✋ " + nameOf(id) })]);
      if (staffPage && canWrite()) li.appendChild(button(t("lower"), function () { send({ type: "hand", raised: false, user_id: id }); }));
      hands.appendChild(li);
    });
    var mine = you && state.hands.indexOf(you.user_id) >= 0;
    $("hand-button").textContent = mine ? T["live.js.hand_down"] : T["live.js.hand"];
    $("hand-button").dataset.raised = mine ? "true" : "false";
    $("hand-button").hidden = !canWrite();
    $("leave-button").hidden = !you || !you.connection;
    renderChat(); renderCheck(); renderPoll(); renderTools();
    $("chat-form").hidden = !canWrite();
    if (state.ended_at) status("closed", t("ended"));
  }
  function renderChat() {
    var log = $("chat-log"), atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
    log.textContent = "";
    state.chat.forEach(function (m) {
      log.appendChild(el("li", { cls: m.role, "data-id": m.id }, [
        el("span", { cls: "who", text: m.name }), el("span", { cls: "text", text: m.text }),
      ]));
    });
    if (atBottom) log.scrollTop = log.scrollHeight;
    if (state.chat_muted && !staffPage) showError(t("chat_off"));
  }
  function secondsLeft(check) { return Math.max(0, Math.round((Date.parse(check.deadline_at) - Date.now()) / 1000)); }
  function renderCheck() {
    var c = state.check, box = $("check-box");
    clearInterval(checkTimer);
    if (!c) { box.hidden = true; return; }
    box.hidden = false;
    var paint = function () {
      $("check-text").textContent = c.open ? t("check_open", { s: secondsLeft(c) }) : t("check_closed");
    };
    paint();
    if (c.open) checkTimer = setInterval(paint, 1000);
    var answer = $("check-answer");
    answer.hidden = staffPage || !c.open || c.answered || !canWrite();
    answer.onclick = function () { send({ type: "check.answer", check_id: c.id }); };
    if (!staffPage && c.answered) $("check-text").textContent = t("answered");
    if (staffPage) {
      $("check-lists").textContent = t("answered") + ": " + c.answered_ids.map(nameOf).join(", ") +
        (c.open ? "" : " · " + t("missed") + ": " + c.missed_ids.map(nameOf).join(", "));
    }
  }
  function renderPoll() {
    var p = state.poll, box = $("poll-box");
    if (!p) { box.hidden = true; return; }
    box.hidden = false;
    $("poll-question").textContent = p.question + (p.open ? "" : " (" + t("poll_closed") + ")");
    var list = $("poll-options"); list.textContent = "";
    p.options.forEach(function (option, i) {
      var label = option + (p.counts ? " — " + p.counts[i] : "") + (p.my_vote === i ? " ✓" : "");
      var li = el("li", {});
      if (p.open && p.my_vote == null && !staffPage && canWrite()) {
        li.appendChild(button(option, function () { send({ type: "poll.vote", poll_id: p.id, option: i }); }));
      } else li.appendChild(el("span", { text: label }));
      list.appendChild(li);
    });
    var close = $("poll-close");
    close.hidden = !(staffPage && p.open && canWrite());
    close.onclick = function () { send({ type: "poll.close", poll_id: p.id }); };
  }
  function renderTools() {
    if (!staffPage || !$("instructor-panel")) return;
    $("instructor-panel").hidden = !canWrite();
    $("mute-all").textContent = state.chat_muted ? t("unmute_all") : t("mute_all");
    if (state.random_checks) {
      $("random-enabled").checked = state.random_checks.enabled;
      $("random-min").value = state.random_checks.min; $("random-max").value = state.random_checks.max;
    }
  }

  // --- the socket ---------------------------------------------------------------------------
  function send(message) {
    if (!socket || socket.readyState !== WebSocket.OPEN) return;
    refs += 1; message.ref = "p" + refs;
    socket.send(JSON.stringify(message));
  }
  function connect() {
    var scheme = location.protocol === "https:" ? "wss:" : "ws:";
    var query = "?device_id=" + encodeURIComponent(deviceId()) + (lastId != null ? "&last_event_id=" + lastId : "");
    status(retries ? "reconnecting" : "connecting", retries ? t("reconnecting") : t("connecting"));
    socket = new WebSocket(scheme + "//" + location.host + "/ws/lessons/" + lessonId + query);
    socket.onmessage = function (e) {
      var m = JSON.parse(e.data);
      if (m.type === "welcome") {
        you = m.you; you.connection = m.connection_id; roster = m.roster;
        retries = 0;
        status("connected", t("connected") + (you.read_only ? " · " + t("read_only") : ""));
        window.classroomWelcome = m;  // the media panel (a module, may load later) reads it
        if (window.classroomMedia) window.classroomMedia(m.media);
      } else if (m.type === "snapshot") {
        state = m.state; lastId = m.event_id; render();
      } else if (m.type === "event") {
        if (lastId != null && m.id <= lastId) return;
        apply(state, m.kind, m.data, viewer()); lastId = m.id; render();
        if (m.kind === "media" && window.classroomMediaEvent) window.classroomMediaEvent(m.data);  // media panel
      } else if (m.type === "error") {
        showError(m.message);
      } else if (m.type === "ok") {
        showError("");
      }
    };
    socket.onclose = function (e) {
      if (e.code === 4001) { stopped = true; status("closed", t("replaced")); return; }
      if (e.code === 4003) { stopped = true; status("closed", t("removed")); return; }
      if ((e.code === 4003 || e.code === 4004) && window.classroomMediaStop) window.classroomMediaStop(e.code === 4004 ? "ended" : "removed");
      if (e.code === 4004) { status("closed", t("ended")); lastId = null; setTimeout(connect, 1000); return; }
      if (stopped) return;
      retries += 1;
      status("reconnecting", t("reconnecting"));
      setTimeout(connect, Math.min(10000, 500 * Math.pow(2, Math.min(retries, 5))) * (0.75 + Math.random() / 2));
    };
  }

  $("chat-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var input = $("chat-text"), text = input.value.trim();
    if (!text) return;
    send({ type: "chat", text: text }); input.value = "";
  });
  $("hand-button").addEventListener("click", function () {
    send({ type: "hand", raised: $("hand-button").dataset.raised !== "true" });
  });
  $("leave-button").addEventListener("click", function () { stopped = true; send({ type: "leave" }); });
  if (staffPage && $("instructor-panel")) {
    $("check-open").addEventListener("click", function () { send({ type: "check.open" }); });
    $("mute-all").addEventListener("click", function () { send({ type: "mute", user_id: null, muted: !state.chat_muted }); });
    $("end-lesson").addEventListener("click", function () { if (confirm(t("end_confirm"))) send({ type: "end" }); });
    $("random-form").addEventListener("submit", function (e) {
      e.preventDefault();
      send({ type: "checks.random", enabled: $("random-enabled").checked,
             min_minutes: Number($("random-min").value), max_minutes: Number($("random-max").value) });
    });
    $("poll-form").addEventListener("submit", function (e) {
      e.preventDefault();
      var options = $("poll-new-options").value.split("\n").map(function (s) { return s.trim(); }).filter(Boolean);
      send({ type: "poll.open", question: $("poll-new-question").value, options: options });
      e.target.reset();
    });
  }
  connect();
})();
