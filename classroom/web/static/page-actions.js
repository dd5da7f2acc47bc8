// Small page behaviours declared in the markup with data- attributes, so that no template needs
// inline script or on* handlers (the Content-Security-Policy allows scripts from /static only):
//   <form data-confirm="Delete?">  asks before submitting;
//   <button data-print>            prints the page;
//   <input data-select-on-focus>   selects its whole value when clicked (copyable addresses).
(function () {
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) event.preventDefault();
    });
  });
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
  document.querySelectorAll("[data-select-on-focus]").forEach(function (input) {
    input.addEventListener("click", function () { input.select(); });
    input.addEventListener("focus", function () { input.select(); });
  });
})();
