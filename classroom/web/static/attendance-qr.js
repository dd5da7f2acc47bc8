// QR display: fetch the next code right when the current one rotates, and the roster every 3 s.
// No inline script (CSP); the page passes its URLs in data- attributes.
(function () {
  "use strict";
  var root = document.getElementById("qr-display");
  if (!root) return;
  var codeUrl = root.dataset.codeUrl, rosterUrl = root.dataset.rosterUrl;
  var rotatesAt = Date.parse(root.dataset.rotatesAt);
  var labels = {};
  document.querySelectorAll("#status-labels").forEach(function (tpl) {
    tpl.content.querySelectorAll("[data-status]").forEach(function (el) { labels[el.dataset.status] = el.textContent; });
  });
  function time(iso) {
    if (!iso) return "";
    return new Date(iso).toLocaleTimeString("ko-KR", { hour: "2-digit", minute: "2-digit", timeZone: "Asia/Seoul", hour12: false });
  }
  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    });
  }
  function refreshCode() {
    getJSON(codeUrl).then(function (data) {
      document.getElementById("qr-image").innerHTML = data.svg;
      var link = document.getElementById("qr-url");
      link.href = data.url; link.textContent = data.url; link.dataset.url = data.url;
      rotatesAt = Date.parse(data.rotates_at);
      schedule();
    }).catch(function () { setTimeout(refreshCode, 1000); });
  }
  function schedule() {
    // 50 ms after the server's rotation: the new code is current and the old one still in grace.
    setTimeout(refreshCode, Math.max(rotatesAt - Date.now() + 50, 200));
  }
  function tick() {
    var left = Math.max(0, Math.ceil((rotatesAt - Date.now()) / 1000));
    document.getElementById("qr-countdown").textContent = "(" + left + "s)";
  }
  function refreshRoster() {
    getJSON(rosterUrl).then(function (data) {
      var body = document.getElementById("roster-body");
      body.textContent = "";
      data.lines.forEach(function (line) {
        var tr = document.createElement("tr");
        tr.dataset.trainee = line.trainee_id; tr.dataset.status = line.status;
        [line.name, labels[line.status] || line.status, time(line.checked_in_at), time(line.checked_out_at)].forEach(function (text) {
          var td = document.createElement("td"); td.textContent = text; tr.appendChild(td);
        });
        body.appendChild(tr);
      });
      document.getElementById("roster-count").textContent = data.present + " / " + data.enrolled;
    }).catch(function () {});
  }
  schedule();
  setInterval(tick, 500);
  refreshRoster();
  setInterval(refreshRoster, 3000);
})();
