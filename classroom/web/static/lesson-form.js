// Show only the fields that apply to the chosen lesson mode (room for classroom, host company
// and supervisor for on-site practice, link for live). The server ignores the others anyway.
(function () {
  function sync(form) {
    var select = form.querySelector(".mode-select");
    if (!select) return;
    form.querySelectorAll("[data-for-modes]").forEach(function (el) {
      var modes = el.getAttribute("data-for-modes").split(" ");
      el.hidden = modes.indexOf(select.value) === -1;
    });
  }
  document.querySelectorAll("form.lesson-form").forEach(function (form) {
    var select = form.querySelector(".mode-select");
    if (select) select.addEventListener("change", function () { sync(form); });
    sync(form);
  });
})();
