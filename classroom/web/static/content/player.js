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

  // `position` ends the segment that began at `segmentStart`; `played` says whether the player
  // was really playing through it and `shown` whether the page was visible meanwhile.
  function send(position, played, shown) {
    var body = {
      position: position || 0,
      segment_start: segmentStart,
      playing: played,
      visible: shown,
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
      if (bar) { bar.style.width = answer.percent + "%"; bar.parentNode.setAttribute("aria-valuenow", answer.percent); }
      if (text) {
        text.textContent = line.replace("{p}", answer.percent).replace("{w}", clock(answer.watched_seconds))
          .replace("{r}", answer.required_seconds ? clock(answer.required_seconds) : "–");
      }
      document.body.dataset.progress = String(answer.percent);
    }).catch(function () { /* the next heartbeat carries on */ });
  }

  function visible() { return document.visibilityState === "visible"; }
  var lastTime = video.currentTime || 0;  // the position before a seek moves it
  var playing = false;
  var timer = null;
  video.addEventListener("timeupdate", function () { if (!video.seeking) { lastTime = video.currentTime; } });
  video.addEventListener("play", function () {
    playing = true;
    segmentStart = video.currentTime;
    send(video.currentTime, false, visible());  // an anchor: nothing was played before it
    if (timer === null) {
      timer = setInterval(function () { if (playing) { send(video.currentTime, true, visible()); } }, 15000);
    }
  });
  video.addEventListener("pause", function () {
    if (playing && !video.seeking) { send(video.currentTime, true, visible()); }
    playing = false;
  });
  video.addEventListener("ended", function () {
    if (playing) { send(video.duration, true, visible()); }
    playing = false;
  });
  video.addEventListener("seeking", function () {
    if (playing) { send(lastTime, true, visible()); }  // what was played up to the jump
  });
  video.addEventListener("seeked", function () { segmentStart = lastTime = video.currentTime; });
  document.addEventListener("visibilitychange", function () {
    // Going hidden: the segment so far was seen; coming back: it was not.
    if (playing) { send(video.currentTime, true, !visible()); }
  });
  window.addEventListener("pagehide", function () { if (playing) { send(video.currentTime, true, visible()); } });
})();
