// The ☰ menu on phones. Without this script the navigation is simply shown (nothing is hidden
// that cannot be shown again); with it, narrow screens get the menu collapsed behind a real
// button whose aria-expanded says whether the menu (aria-controls) is open. Enter/Space toggle it
// (it is a <button>), Escape closes it and gives the focus back to the button.
(function () {
  var button = document.getElementById("menu-button");
  var topbar = button && button.closest(".topbar");
  var menu = button && document.getElementById(button.getAttribute("aria-controls"));
  if (!topbar || !menu) return;

  function setOpen(open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    topbar.classList.toggle("menu-open", open);
  }

  topbar.classList.add("menu-ready");
  setOpen(false);
  button.addEventListener("click", function () {
    setOpen(button.getAttribute("aria-expanded") !== "true");
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || button.getAttribute("aria-expanded") !== "true") return;
    if (!topbar.contains(document.activeElement)) return;
    setOpen(false);
    button.focus();
  });
})();
