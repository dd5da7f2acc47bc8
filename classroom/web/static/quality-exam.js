// The exam page: a countdown from the server's remaining seconds (kept on the monotonic clock,
// so a phone's own clock does not matter, and re-synchronised by every save), autosave of each
// answer as it changes, answers kept in localStorage while the connection is down (and sent
// when it is back, or after a reload), and focus / connection evidence. Without this script the
// page is a plain form that submits every answer at once.
(function () {
  "use strict";
  var form = document.getElementById("exam-form");
  if (!form) return;
  var api = form.getAttribute("data-api");
  var csrf = form.getAttribute("data-csrf");
  var after = form.getAttribute("data-after");
  var storeKey = "exam:" + form.getAttribute("data-attempt");
  var stateEl = document.getElementById("save-state");
  var countdown = document.getElementById("countdown");
  var remaining = parseInt(countdown.getAttribute("data-remaining"), 10) || 0;
  var since = performance.now();
  var pending = {};
  var queue = [];
  var timers = {};
  var closed = false;
  var away = false;
  var offlineSince = null;

  try { pending = JSON.parse(window.localStorage.getItem(storeKey) || "{}") || {}; } catch (e) { pending = {}; }

  function show(state) {
    stateEl.textContent = stateEl.getAttribute("data-" + state);
    stateEl.className = "save-state " + state;
  }
  function left() { return remaining - Math.floor((performance.now() - since) / 1000); }
  function sync(seconds) { remaining = seconds; since = performance.now(); }
  function persist() {
    try { window.localStorage.setItem(storeKey, JSON.stringify(pending)); } catch (e) { /* private mode */ }
  }
  function finish() {
    if (closed) return;
    closed = true;
    show("late");
    window.setTimeout(function () { window.location.href = after; }, 1200);
  }
  function tick() {
    var s = Math.max(0, left());
    countdown.textContent = Math.floor(s / 60) + ":" + ("0" + (s % 60)).slice(-2);
    countdown.classList.toggle("low", s <= 300);
    if (s <= 0) finish();
  }
  function call(method, url, body) {
    return window.fetch(url, {
      method: method,
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: body === undefined ? undefined : JSON.stringify(body)
    });
  }
  function bodyOf(fieldset) {
    var kind = fieldset.getAttribute("data-kind");
    if (kind === "single" || kind === "multiple") {
      var picked = [];
      fieldset.querySelectorAll("input:checked").forEach(function (input) { picked.push(parseInt(input.value, 10)); });
      return { choices: picked };
    }
    return { text: fieldset.querySelector("input[type=text], textarea").value };
  }
  function apply(fieldset, body) {
    if (body.choices) {
      fieldset.querySelectorAll("input").forEach(function (input) {
        if (input.type === "radio" || input.type === "checkbox") input.checked = body.choices.indexOf(parseInt(input.value, 10)) !== -1;
      });
    } else {
      var field = fieldset.querySelector("input[type=text], textarea");
      if (field) field.value = body.text || "";
    }
  }
  function saveOne(id) {
    var body = pending[id];
    return call("PUT", api + "/answers/" + id, body).then(function (response) {
      if (response.status === 200) {
        if (pending[id] === body) { delete pending[id]; persist(); }
        return response.json().then(function (data) { sync(data.remaining_seconds); });
      }
      if (response.status === 409) { delete pending[id]; persist(); finish(); return; }
      throw new Error("save failed");
    });
  }
  function flush() {
    var ids = Object.keys(pending);
    if (!ids.length) { show("saved"); return; }
    if (!navigator.onLine) { show("offline"); return; }
    show("saving");
    Promise.all(ids.map(saveOne)).then(function () {
      show(Object.keys(pending).length ? "saving" : "saved");
    }).catch(function () { show("offline"); });
  }
  function changed(fieldset, delay) {
    var id = fieldset.getAttribute("data-question");
    pending[id] = bodyOf(fieldset);
    persist();
    window.clearTimeout(timers[id]);
    timers[id] = window.setTimeout(flush, delay);
  }
  function sendEvents() {
    if (!navigator.onLine) return;
    while (queue.length) {
      var body = queue.shift();
      call("POST", api + "/events", body).catch((function (b) { return function () { queue.unshift(b); }; })(body));
    }
  }
  function report(kind, seconds) {
    var body = { kind: kind };
    if (seconds !== undefined) body.seconds = seconds;
    queue.push(body);
    sendEvents();
  }
  function lost() { if (!away && !closed) { away = true; report("focus_lost"); } }
  function back() { if (away && !closed) { away = false; report("focus_back"); } }

  form.querySelectorAll("fieldset.question").forEach(function (fieldset) {
    var id = fieldset.getAttribute("data-question");
    if (pending[id]) apply(fieldset, pending[id]);  // typed while offline, before a reload
    fieldset.addEventListener("change", function () { changed(fieldset, 0); });
    fieldset.addEventListener("input", function (event) {
      if (event.target.tagName === "TEXTAREA" || event.target.type === "text") changed(fieldset, 800);
    });
  });
  document.addEventListener("visibilitychange", function () { if (document.hidden) { lost(); } else { back(); } });
  window.addEventListener("blur", lost);
  window.addEventListener("focus", back);
  window.addEventListener("offline", function () { offlineSince = Date.now(); show("offline"); });
  window.addEventListener("online", function () {
    if (offlineSince !== null) { report("offline", Math.round((Date.now() - offlineSince) / 1000)); offlineSince = null; }
    flush();
    sendEvents();
  });
  form.addEventListener("submit", function (event) {
    var button = document.getElementById("submit-exam");
    if (!window.confirm(button.getAttribute("data-confirm"))) { event.preventDefault(); return; }
    try { window.localStorage.removeItem(storeKey); } catch (e) { /* nothing kept */ }
  });
  if (form.getAttribute("data-resumed") === "yes") report("resume");
  window.setInterval(tick, 1000);
  tick();
  flush();
})();
