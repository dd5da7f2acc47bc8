// Viewing heartbeats: about every 15 s while playing, and on play, pause, seek and end. Each
// says where continuous playback began (the last heartbeat's position, or where a seek
// landed), so the server credits only what was really watched, at real time. Resumes from the
// last position the server kept.
(function () {
  "use strict";
  var video = document.getElementById("player");
  if (!video) { return; }
  var d = video.dataset;
  var resume = parseFloat(d.resume || "0");
  video.addEventListener("loadedmetadata", function () {
    if (resume > 1 && resume < (video.duration || Infinity) - 1) { video.currentTime = resume; }
  }, { once: true });
  if (d.watch !== "yes") { return; }

  var csrf = (document.querySelector("meta[name=csrf-token]") || {}).content || "";
  var device = localStorage.getItem("classroom.device_id");
  if (!device) {
    device = (crypto.randomUUID ? crypto.randomUUID() : String(Math.random()).slice(2));
    localStorage.setItem("classroom.device_id", device);
  }
  var playback = crypto.randomUUID ? crypto.randomUUID() : String(Date.now());
  var seq = 0;
  var segmentStart = resume;
  var bar = document.querySelector("#progress-bar span");
  var text = document.getElementById("progress-text");
  var line = d.labelLine || "{p}%";

  function clock(seconds) {
    seconds = Math.floor(seconds || 0);
    var m = Math.floor(seconds / 60), s = seconds % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }

  function send(reason) {
    var body = {
      position: video.currentTime || 0,
      segment_start: segmentStart,
      playing: !video.paused && !video.ended && reason !== "pause" && reason !== "seeking",
      visible: document.visibilityState === "visible",
      rate: video.playbackRate || 1,
      playback: playback,
      seq: seq++,
      version_id: d.version,
      device_id: device
    };
    segmentStart = body.position;
    return fetch(d.progressUrl, {
      method: "POST",
      credentials: "same-origin",
      keepalive: true,
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify(body)
    }).then(function (r) { return r.ok ? r.json() : null; }).then(function (answer) {
      if (!answer) { return; }
      if (bar) { bar.style.width = answer.percent + "%"; }
      if (text) {
        text.textContent = line.replace("{p}", answer.percent).replace("{w}", clock(answer.watched_seconds))
          .replace("{r}", answer.required_seconds ? clock(answer.required_seconds) : "–");
      }
      document.body.dataset.progress = String(answer.percent);
    }).catch(function () { /* the next heartbeat carries on */ });
  }

  var timer = null;
  video.addEventListener("play", function () {
    segmentStart = video.currentTime;
    send("play");
    if (timer === null) { timer = setInterval(function () { if (!video.paused) { send("tick"); } }, 15000); }
  });
  video.addEventListener("pause", function () { send("pause"); });
  video.addEventListener("ended", function () { send("ended"); });
  video.addEventListener("seeking", function () { send("seeking"); });
  video.addEventListener("seeked", function () { segmentStart = video.currentTime; });
  document.addEventListener("visibilitychange", function () { if (!video.paused) { send("visibility"); } });
  window.addEventListener("pagehide", function () { if (!video.paused) { send("pagehide"); } });
})();
