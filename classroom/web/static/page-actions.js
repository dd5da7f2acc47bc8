// Small page behaviours declared in the markup with data- attributes, so that no template needs
// inline script or on* handlers (the Content-Security-Policy allows scripts from /static only):
//   <form data-confirm="…">        asks in a dialog before submitting (templates/_confirm.html);
//   <button data-print>            prints the page;
//   <input data-select-on-focus>   selects its whole value when clicked (copyable addresses).
(function () {
  // The confirmation: the message names the object and the consequence; "{field}" in it is the
  // current value of the form's field of that name. Without this script the form carries a
  // required checkbox (.confirm-check) with the same words; with it the checkbox is hidden and
  // ticked when the dialog is accepted.
  var template = document.getElementById("confirm-dialog");

  function messageFor(form, text) {
    return text.replace(/\{([a-z_]+)\}/g, function (whole, name) {
      var field = form.elements.namedItem(name);
      return field && "value" in field && field.value ? field.value : whole;
    });
  }

  function ask(text, onOk) {
    if (!template || typeof HTMLDialogElement === "undefined") {
      if (window.confirm(text)) onOk();
      return;
    }
    var dialog = template.content.firstElementChild.cloneNode(true);
    dialog.querySelector(".confirm-message").textContent = text;
    document.body.appendChild(dialog);
    dialog.addEventListener("close", function () {
      var ok = dialog.returnValue === "ok";
      dialog.remove();
      if (ok) onOk();
    });
    dialog.showModal();
    dialog.querySelector(".confirm-cancel").focus();
  }

  function guard(form, text) {
    var check = form.querySelector(".confirm-check");
    var box = check ? check.querySelector("input[type=checkbox]") : null;
    if (check) {
      check.hidden = true;
      box.required = false;
    }
    var confirmed = false;
    form.addEventListener("submit", function (event) {
      if (confirmed) return;
      event.preventDefault();
      var submitter = event.submitter;
      ask(messageFor(form, text), function () {
        confirmed = true;
        if (box) box.checked = true;
        if (form.requestSubmit) form.requestSubmit(submitter || undefined);
        else form.submit();
        confirmed = false;
      });
    });
  }

  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    guard(form, form.getAttribute("data-confirm"));
  });
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
  document.querySelectorAll("[data-select-on-focus]").forEach(function (input) {
    input.addEventListener("click", function () { input.select(); });
    input.addEventListener("focus", function () { input.select(); });
  });
})();
