// Media panel of the live room: audio, video and screen sharing through Janus (VideoRoom),
// with the participant's own token from the room's welcome (or POST grant_url). Everyone
// joins the room with the id of their grant (subscriptions name its private id); the
// instructor publishes camera + microphone and a screen as a second feed; trainees publish
// their camera, and their microphone once given the floor; inspectors only watch.
// Janus down: the panel says so and asks for its grant again until Janus answers.
import Janus from "./vendor/janus.es.js";

const root = document.getElementById("live-room");
const panel = document.getElementById("media-panel");
const T = root ? JSON.parse(root.dataset.texts) : {};
const staffPage = root && root.dataset.staff === "true";
const $ = (id) => document.getElementById(id);
const PAGE_SIZE = 12;

function t(key, params) {
  let text = T["media.js." + key] || key;
  Object.keys(params || {}).forEach((k) => { text = text.replace("{" + k + "}", params[k]); });
  return text;
}
function csrf() { const m = document.querySelector('meta[name="csrf-token"]'); return m ? m.content : ""; }
async function api(method, url, body) {
  const response = await fetch(url, {
    method, credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf() },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(method + " " + url + ": " + response.status);
  return response.json();
}

let grant = null, janus = null, main = null, screen = null;
let retry = 0, retryTimer = null, stopped = false, statusTimer = null;
const feeds = new Map();        // feed id -> {id, role, user, stream}
const watching = new Map();     // feed id -> subscriber handle
let page = 0, cameraOn = true, micOn = false, localVideo = null, localAudio = null;
let status = {};

function state(kind, text) {
  panel.dataset.mediaState = kind;
  $("media-message").textContent = text || "";
}
function parseDisplay(display) {
  const [role, user, stream] = String(display || "").split(":");
  return { role, user, stream };
}
function nameOf(user) {
  const w = window.classroomWelcome;
  const fromRoster = w && w.roster ? w.roster.find((r) => r.user_id === user) : null;
  if (fromRoster) return fromRoster.name;
  return status[user] ? status[user].name : "";
}

// --- lifecycle -------------------------------------------------------------------------------
function start(media) {
  if (stopped) return;
  if (!media) { state("unavailable", t("not_configured")); return; }
  grant = media;
  if (!media.available) {
    if (media.reason === "ended") { state("ended", t("ended")); return; }
    unavailable();
    return;
  }
  state("connecting", t("connecting"));
  Janus.init({
    debug: panel.dataset.debug === "true" ? "all" : false,
    dependencies: Janus.useDefaultDependencies(),
    callback: () => {
      janus = new Janus({
        server: media.server, token: media.token, iceServers: media.ice_servers,
        success: attachMain,
        error: () => { teardown(); unavailable(); },
        destroyed: () => {},
      });
    },
  });
}
function unavailable() {
  state("unavailable", t("unavailable"));
  clearTimeout(retryTimer);
  retry += 1;
  const delay = Math.min(15000, 1000 * Math.pow(2, Math.min(retry, 4))) * (0.75 + Math.random() / 2);
  retryTimer = setTimeout(async () => {
    try { start(await api("GET", grant ? grant.grant_url : location.pathname.replace(/^\/lessons\/([^/]+)\/live.*/, "/api/v1/lessons/$1/live/media"))); }
    catch (e) { unavailable(); }
  }, delay);
}
function teardown() {
  watching.forEach((h) => { try { h.detach(); } catch (e) { /* gone with Janus */ } });
  watching.clear(); feeds.clear();
  $("media-stage").textContent = ""; $("media-grid").textContent = "";
  main = null; screen = null;
  if (janus) { try { janus.destroy({ notifyDestroyed: false }); } catch (e) { /* already gone */ } }
  janus = null;
}
window.classroomMediaStop = (why) => {
  stopped = true; clearTimeout(retryTimer); clearInterval(statusTimer); teardown();
  state(why === "ended" ? "ended" : "unavailable", why === "ended" ? t("ended") : "");
};

// --- the participant's own handle: joins, publishes, lists publishers -------------------------
function attachMain() {
  janus.attach({
    plugin: "janus.plugin.videoroom",
    opaqueId: "classroom-" + grant.user_id,
    success: (handle) => {
      main = handle;
      handle.send({ message: { request: "join", ptype: "publisher", room: grant.room, id: grant.feeds.camera,
                               display: grant.displays.camera, token: grant.token } });
    },
    error: () => { teardown(); unavailable(); },
    iceState: (s) => iceWatch(main, s, true),
    onmessage: (msg, jsep) => {
      const event = msg.videoroom;
      if (event === "joined") {
        retry = 0;
        grant.private_id = msg.private_id;
        state("live", t("live"));
        (msg.publishers || []).forEach(addFeed);
        render();
        if (grant.publishes.includes("camera")) publishCamera(true);
        controls();
      } else if (event === "event") {
        (msg.publishers || []).forEach(addFeed);
        const gone = msg.unpublished || msg.leaving;
        if (gone && gone !== "ok") removeFeed(gone);
        if (msg.leaving === "ok" && msg.reason === "kicked") window.classroomMediaStop("removed");
        if (msg.publishers || gone) render();
        if (msg.error_code === 433 || msg.error_code === 403) { teardown(); unavailable(); }
      }
      if (jsep) main.handleRemoteJsep({ jsep });
    },
    onlocaltrack: (track, on) => {
      if (track.kind === "video") {
        localVideo = on ? track : localVideo;
        const self = $("media-self");
        if (on) { self.srcObject = new MediaStream([track]); self.hidden = false; }
      } else if (track.kind === "audio" && on) {
        localAudio = track;
        track.enabled = micOn && grant.audio;
      }
    },
    webrtcState: (up) => { if (!up && !stopped && janus) iceRestart(main, true); },
  });
}

function publishCamera(withVideo) {
  if (!navigator.mediaDevices || !window.isSecureContext) {  // camera needs HTTPS (or localhost)
    state("live", t("insecure")); cameraOn = false; grant.publishes = []; controls(); return;
  }
  const tracks = [{ type: "audio", capture: true, recv: false }];
  if (!withVideo) { cameraOn = false; controls(); }  // microphone only: the button must not say "turn off"
  if (withVideo) tracks.push({ type: "video", capture: true, recv: false });
  main.createOffer({
    tracks,
    success: (jsep) => main.send({ message: { request: "publish", audio: true, video: withVideo }, jsep }),
    error: (err) => {
      const name = String((err && err.name) || err);
      if (/NotAllowed|Permission/i.test(name)) state("live", t("camera_denied"));
      else if (/NotFound|Overconstrained|DevicesNotFound/i.test(name)) {
        if (withVideo) { state("live", t("camera_missing")); publishCamera(false); return; }
        state("live", t("camera_missing"));
      } else state("live", t("camera_missing"));
      cameraOn = false; controls();
    },
  });
}

function iceRestart(handle, publisher) {
  if (!handle || !janus) return;
  state("reconnecting", t("reconnecting"));
  if (publisher) {
    handle.createOffer({ iceRestart: true,
      success: (jsep) => handle.send({ message: { request: "configure", audio: true, video: true }, jsep }),
      error: () => {} });
  } else {
    handle.send({ message: { request: "configure", restart: true } });
  }
}
function iceWatch(handle, s, publisher) {
  if (s === "failed" || s === "disconnected") setTimeout(() => { if (handle.iceState !== "connected") iceRestart(handle, publisher); }, 2000);
  if (s === "connected" || s === "completed") state("live", t("live"));
}

// --- screen share (instructor): a second feed ---------------------------------------------------
function toggleScreen() {
  if (screen) { screen.hangup(); screen.detach(); screen = null; $("media-screen").textContent = t("screen"); return; }
  janus.attach({
    plugin: "janus.plugin.videoroom",
    opaqueId: "classroom-" + grant.user_id + "-screen",
    success: (handle) => {
      screen = handle;
      handle.send({ message: { request: "join", ptype: "publisher", room: grant.room, id: grant.feeds.screen,
                               display: grant.displays.screen, token: grant.token } });
    },
    onmessage: (msg, jsep) => {
      if (msg.videoroom === "joined") {
        screen.createOffer({
          tracks: [{ type: "screen", capture: true, recv: false }],
          success: (offer) => screen.send({ message: { request: "publish", audio: false, video: true }, jsep: offer }),
          error: () => { screen.detach(); screen = null; },
        });
        $("media-screen").textContent = t("screen_stop");
      }
      if (jsep) screen.handleRemoteJsep({ jsep });
    },
    onlocaltrack: (track, on) => { if (!on && screen) { screen.hangup(); } },
  });
}

// --- remote feeds ------------------------------------------------------------------------------
function addFeed(p) {
  if (p.id === grant.feeds.camera || p.id === grant.feeds.screen) return;
  const who = parseDisplay(p.display);
  feeds.set(p.id, { id: p.id, role: who.role, user: who.user, stream: who.stream });
}
function removeFeed(id) {
  feeds.delete(id);
  unwatch(id);
}
function unwatch(id) {
  const h = watching.get(id);
  if (h) { try { h.detach(); } catch (e) { /* gone */ } watching.delete(id); }
  const tile = document.querySelector('[data-feed="' + id + '"]');
  if (tile) tile.remove();
}
function wanted() {
  // Everyone receives the instructors' feeds; staff also see one page of trainees' cameras.
  const teachers = [...feeds.values()].filter((f) => f.role === "instructor");
  const trainees = [...feeds.values()].filter((f) => f.role === "trainee").sort((a, b) => nameOf(a.user).localeCompare(nameOf(b.user)));
  const pages = Math.max(1, Math.ceil(trainees.length / PAGE_SIZE));
  page = Math.min(page, pages - 1);
  const shown = staffPage ? trainees.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE) : [];
  return { teachers, shown, pages, total: trainees.length };
}
function render() {
  const { teachers, shown, pages, total } = wanted();
  const keep = new Set([...teachers, ...shown].map((f) => f.id));
  [...watching.keys()].forEach((id) => { if (!keep.has(id)) unwatch(id); });
  teachers.forEach((f) => watch(f, $("media-stage")));
  shown.forEach((f) => watch(f, $("media-grid")));
  $("media-grid").hidden = !staffPage || total === 0;
  $("media-pager").hidden = !staffPage || pages < 2;
  $("media-page").textContent = t("page", { page: page + 1, pages });
  decorate();
}
function tileFor(f, container) {
  let tile = document.querySelector('[data-feed="' + f.id + '"]');
  if (tile) return tile;
  tile = document.createElement("figure");
  tile.className = "media-tile " + (f.stream === "screen" ? "screen" : f.role);
  tile.dataset.feed = f.id; tile.dataset.user = f.user; tile.dataset.stream = f.stream;
  const video = document.createElement("video");
  video.autoplay = true; video.playsInline = true; video.muted = false;
  const caption = document.createElement("figcaption");
  caption.textContent = f.stream === "screen" ? t("screen_of") : (f.role === "instructor" ? t("instructor") : nameOf(f.user));
  const state = document.createElement("span"); state.className = "media-cam-state";
  caption.appendChild(state);
  tile.append(video, caption);
  if (staffPage && f.role === "trainee" && root.dataset.staff === "true" && window.classroomWelcome && window.classroomWelcome.you.role === "instructor") {
    const tools = document.createElement("div"); tools.className = "media-tools";
    [["floor", "floor"], ["audio_muted", "mute_audio"], ["video_muted", "mute_video"]].forEach(([field, label]) => {
      const b = document.createElement("button"); b.type = "button"; b.dataset.field = field; b.textContent = t(label);
      b.addEventListener("click", () => moderate(f.user, field));
      tools.appendChild(b);
    });
    tile.appendChild(tools);
  }
  container.appendChild(tile);
  return tile;
}
function watch(f, container) {
  tileFor(f, container);
  if (watching.has(f.id) || !janus) return;
  janus.attach({
    plugin: "janus.plugin.videoroom",
    opaqueId: "classroom-" + grant.user_id + "-watch",
    success: (handle) => {
      watching.set(f.id, handle);
      handle.send({ message: { request: "join", ptype: "subscriber", room: grant.room, streams: [{ feed: f.id }],
                               private_id: grant.private_id, token: grant.token } });
    },
    onmessage: (msg, jsep) => {
      const handle = watching.get(f.id);
      if (jsep && handle) {
        handle.createAnswer({ jsep, tracks: [{ type: "data" }],
          success: (answer) => handle.send({ message: { request: "start", room: grant.room }, jsep: answer }),
          error: () => {} });
      }
    },
    iceState: (s) => iceWatch(watching.get(f.id), s, false),
    onremotetrack: (track, mid, on) => {
      const tile = document.querySelector('[data-feed="' + f.id + '"]');
      if (!tile) return;
      const video = tile.querySelector("video");
      const stream = video.srcObject || new MediaStream();
      if (on) { stream.getTracks().filter((x) => x.kind === track.kind).forEach((x) => stream.removeTrack(x)); stream.addTrack(track); }
      else stream.getTracks().filter((x) => x.id === track.id).forEach((x) => stream.removeTrack(x));
      video.srcObject = stream;
      video.play().catch(() => { video.muted = true; video.play().catch(() => {}); });
    },
  });
}

// --- the participant's controls ------------------------------------------------------------------
function controls() {
  const box = $("media-controls");
  const publishes = grant && grant.publishes.length > 0;
  box.hidden = !publishes;
  if (!publishes) return;
  const camera = $("media-camera-toggle");
  camera.textContent = cameraOn ? t("camera_off") : t("camera_on");
  camera.disabled = !cameraOn && !localVideo;  // no camera (missing, refused): nothing to turn on
  const mic = $("media-mic-toggle");
  mic.disabled = !grant.audio;
  mic.textContent = !grant.audio ? t("mic_locked") : (micOn ? t("mic_off") : t("mic_on"));
  if ($("media-screen")) $("media-screen").hidden = !grant.publishes.includes("screen");
  if (localAudio) localAudio.enabled = micOn && grant.audio;
}
async function setCamera(on) {
  cameraOn = on;
  const pc = main && main.webrtcStuff && main.webrtcStuff.pc;
  if (pc) {
    // Sending nothing (not black frames): Janus sees the camera stop, which is the evidence.
    const sender = pc.getSenders().find((s) => (s.track && s.track.kind === "video") || (s.__classroomVideo));
    if (sender) { sender.__classroomVideo = true; await sender.replaceTrack(on ? localVideo : null); }
  }
  if (localVideo) localVideo.enabled = on;
  controls();
}
async function pickDevice(kind, deviceId) {
  const pc = main && main.webrtcStuff && main.webrtcStuff.pc;
  if (!pc || !deviceId) return;
  const stream = await navigator.mediaDevices.getUserMedia(kind === "video" ? { video: { deviceId: { exact: deviceId } } } : { audio: { deviceId: { exact: deviceId } } });
  const track = stream.getTracks()[0];
  const sender = pc.getSenders().find((s) => (s.track && s.track.kind === kind) || (kind === "video" && s.__classroomVideo));
  if (!sender) return;
  const old = kind === "video" ? localVideo : localAudio;
  await sender.replaceTrack(kind === "video" && !cameraOn ? null : track);
  if (old) old.stop();
  if (kind === "video") { localVideo = track; $("media-self").srcObject = new MediaStream([track]); }
  else { localAudio = track; track.enabled = micOn && grant.audio; }
}
function listDevices() {
  Janus.listDevices((devices) => {
    [["videoinput", "media-camera-select"], ["audioinput", "media-mic-select"]].forEach(([kind, id]) => {
      const select = $(id); select.textContent = "";
      devices.filter((d) => d.kind === kind).forEach((d, i) => {
        const option = document.createElement("option");
        option.value = d.deviceId; option.textContent = d.label || (kind === "videoinput" ? t("camera") : t("microphone")) + " " + (i + 1);
        select.appendChild(option);
      });
    });
  });
}

// --- staff: camera state of each trainee, moderation -------------------------------------------------
async function refreshStatus() {
  if (!grant || !grant.status_url) return;
  try {
    const body = await api("GET", grant.status_url);
    status = {};
    body.participants.forEach((p) => { status[p.user_id] = p; });
    decorate(Date.parse(body.now));
  } catch (e) { /* the room's own status line tells about connectivity */ }
}
function decorate(now) {
  document.querySelectorAll(".media-tile[data-user]").forEach((tile) => {
    const s = status[tile.dataset.user];
    const label = tile.querySelector(".media-cam-state");
    if (!s || !label || tile.dataset.stream === "screen") return;
    const minutes = s.since ? Math.max(0, Math.floor(((now || Date.now()) - Date.parse(s.since)) / 60000)) : 0;
    label.textContent = " · " + (s.camera === "on" ? t("cam_on") : s.camera === "off" ? t("cam_off_for", { minutes }) : t("cam_none"));
    tile.dataset.camera = s.camera;
    tile.querySelectorAll(".media-tools button").forEach((b) => {
      const on = !!s[b.dataset.field];
      b.dataset.on = String(on);
      b.textContent = b.dataset.field === "floor" ? (on ? t("floor_take") : t("floor"))
        : b.dataset.field === "audio_muted" ? (on ? t("unmute_audio") : t("mute_audio"))
        : (on ? t("unmute_video") : t("mute_video"));
    });
  });
}
async function moderate(user, field) {
  const current = status[user] ? !!status[user][field] : false;
  await api("POST", grant.grant_url + "/moderate", { user_id: user, [field]: !current });
  await refreshStatus();
}

// The participant hears the instructor's decisions about them (room event `media`).
window.classroomMediaEvent = (data) => {
  if (!grant || data.user_id !== grant.user_id) return;
  const hadAudio = grant.audio;
  Object.assign(grant, { floor: data.floor, audio_muted: data.audio_muted, video_muted: data.video_muted, audio: data.audio });
  if (!grant.audio) micOn = false;
  controls();
  if (data.audio_muted) state("live", t("muted_by_instructor"));
  else if (data.video_muted) state("live", t("video_muted_by_instructor"));
  else if (!hadAudio && grant.audio) state("live", t("floor_given"));
};

// Bytes received per watched feed (getStats of each subscription): shown nowhere, read by
// support staff from the console and by the browser tests.
window.classroomMediaStats = async () => {
  const out = {};
  for (const [id, handle] of watching) {
    const pc = handle.webrtcStuff && handle.webrtcStuff.pc;
    if (!pc) continue;
    let bytes = 0;
    (await pc.getStats()).forEach((r) => { if (r.type === "inbound-rtp" && r.kind === "video") bytes += r.bytesReceived || 0; });
    out[id] = bytes;
  }
  return out;
};

if (root && panel) {
  $("media-camera-toggle").addEventListener("click", () => setCamera(!cameraOn));
  $("media-mic-toggle").addEventListener("click", () => { micOn = !micOn; controls(); });
  if ($("media-screen")) $("media-screen").addEventListener("click", toggleScreen);
  $("media-prev").addEventListener("click", () => { page = Math.max(0, page - 1); render(); });
  $("media-next").addEventListener("click", () => { page += 1; render(); });
  $("media-camera-select").addEventListener("change", (e) => pickDevice("video", e.target.value));
  $("media-mic-select").addEventListener("change", (e) => pickDevice("audio", e.target.value));
  window.classroomMedia = (media) => {
    if (janus || stopped) return;  // a room reconnect keeps the media session going
    start(media);
    if (media && media.available) listDevices();
    if (staffPage && !statusTimer) { statusTimer = setInterval(refreshStatus, 10000); setTimeout(refreshStatus, 1500); }
  };
  if (window.classroomWelcome) window.classroomMedia(window.classroomWelcome.media);
}
