// Drag-and-drop uploads over tus (tus-js-client, vendored): progress, speed, cancel, and resume
// after a reload or a dropped connection (the client remembers unfinished uploads by file).
(function () {
  "use strict";
  var zone = document.getElementById("dropzone");
  if (!zone || !window.tus) { return; }
  var input = document.getElementById("file-input");
  var list = document.getElementById("upload-list");
  var csrf = (document.querySelector("meta[name=csrf-token]") || {}).content || "";
  var d = zone.dataset;

  function speed(bytes, seconds) {
    if (seconds <= 0) { return ""; }
    var mb = bytes / seconds / (1024 * 1024);
    return mb.toFixed(1) + " MB/s";
  }

  function start(file) {
    var item = document.createElement("li");
    item.className = "upload";
    var name = document.createElement("span");
    name.textContent = file.name;
    var bar = document.createElement("progress");
    bar.max = 100;
    bar.value = 0;
    var status = document.createElement("span");
    status.className = "small status";
    status.textContent = d.labelUploading;
    var cancel = document.createElement("button");
    cancel.type = "button";
    cancel.className = "small";
    cancel.textContent = d.labelCancel;
    item.append(name, bar, status, cancel);
    list.appendChild(item);

    var metadata = { filename: file.name, filetype: file.type, course_id: d.course };
    if (d.content) { metadata.content_id = d.content; }
    var began = performance.now();
    var from = null;
    var upload = new tus.Upload(file, {
      endpoint: d.endpoint,
      retryDelays: [0, 1000, 3000, 5000, 10000, 20000],
      chunkSize: 8 * 1024 * 1024,
      metadata: metadata,
      headers: { "X-CSRF-Token": csrf },
      removeFingerprintOnSuccess: true,
      onProgress: function (sent, total) {
        if (from === null) { from = sent; began = performance.now(); }
        bar.value = total ? Math.floor((sent / total) * 100) : 0;
        status.textContent = d.labelUploading + " " + bar.value + "% · " +
          speed(sent - from, (performance.now() - began) / 1000);
      },
      onAfterResponse: function (req, res) {
        var id = res.getHeader("Classroom-Content-Id");
        if (id) { item.dataset.content = id; }
      },
      onSuccess: function () {
        bar.value = 100;
        status.textContent = d.labelDone;
        cancel.remove();
        item.classList.add("done");
        setTimeout(function () { window.location.reload(); }, 600);
      },
      onError: function (error) {
        var detail = "";
        try { detail = JSON.parse(error.originalResponse.getBody()).detail; } catch (e) { detail = String(error.message || error); }
        status.textContent = d.labelFailed + ": " + detail;
        item.classList.add("failed");
        cancel.remove();
      }
    });
    cancel.addEventListener("click", function () {
      upload.abort(true).then(function () {
        status.textContent = d.labelCancelled;
        cancel.remove();
      });
    });
    upload.findPreviousUploads().then(function (previous) {
      if (previous.length) { upload.resumeFromPreviousUpload(previous[0]); }
      upload.start();
    });
  }

  function take(files) {
    for (var i = 0; i < files.length; i++) { start(files[i]); }
  }
  // The zone is a drop target; keyboards and screen readers use the labelled file input in it
  // (a role=button around an input would nest two controls). A click elsewhere in the zone
  // opens the same picker; the input and its label open it themselves.
  zone.addEventListener("click", function (e) { if (e.target !== input && !e.target.closest("label")) { input.click(); } });
  input.addEventListener("change", function () { take(input.files); input.value = ""; });
  zone.addEventListener("dragover", function (e) { e.preventDefault(); zone.classList.add("over"); });
  zone.addEventListener("dragleave", function () { zone.classList.remove("over"); });
  zone.addEventListener("drop", function (e) {
    e.preventDefault();
    zone.classList.remove("over");
    take(e.dataTransfer.files);
  });
})();
