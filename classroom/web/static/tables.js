// Wide tables. (1) Cards on phones: a <table class="cards"> keeps its table on wide screens; on
// narrow ones app.css lays each row out as a card of "label  value" lines, so that the last
// columns (미납액, actions…) stay on screen instead of being pushed off it. This script gives
// every body and footer cell the text of its column header as data-label (the CSS shows it
// before the value) and states the table roles explicitly, because changing the CSS display of
// table elements makes some browsers drop their table semantics for screen readers. Without the
// script the table stays a table that scrolls sideways.
// (2) A table wider than the screen scrolls inside its .table-wrap: while it does, the wrap
// takes the keyboard focus (arrow keys scroll it) and is named after the table's heading, so
// that keyboard users can reach the columns off to the side.
(function () {
  function headers(table) {
    var row = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
    var names = [];
    if (!row) return names;
    Array.prototype.forEach.call(row.cells, function (cell) {
      for (var i = 0; i < (cell.colSpan || 1); i++) names.push(cell.textContent.trim());
    });
    return names;
  }

  document.querySelectorAll("table.cards").forEach(function (table) {
    var names = headers(table);
    table.setAttribute("role", "table");
    Array.prototype.forEach.call(table.querySelectorAll("thead, tbody, tfoot"), function (group) {
      group.setAttribute("role", "rowgroup");
    });
    Array.prototype.forEach.call(table.rows, function (row) {
      row.setAttribute("role", "row");
      var column = 0;
      Array.prototype.forEach.call(row.cells, function (cell) {
        var span = cell.colSpan || 1;
        var inHead = row.parentNode === table.tHead;
        // The first cell of a body or footer row (the month, the day, the course, "합계") names
        // the row: it becomes the card's title, without a label.
        var title = !inHead && column === 0 && span < names.length;
        if (inHead) cell.setAttribute("role", "columnheader");
        else cell.setAttribute("role", cell.tagName === "TH" ? "rowheader" : "cell");
        if (title) cell.classList.add("card-title");
        else if (!inHead && span === 1 && names[column]) cell.setAttribute("data-label", names[column]);
        if (span >= names.length) cell.classList.add("card-whole");
        column += span;
      });
    });
    table.classList.add("cards-ready");
  });

  function heading(wrap) {
    var table = wrap.querySelector("table");
    if (table && table.getAttribute("aria-label")) return table.getAttribute("aria-label");
    if (table && table.caption) return table.caption.textContent.trim();
    var box = wrap.closest("section, .card, main");
    var title = box && box.querySelector("h1, h2, h3");
    return title ? title.textContent.trim() : "";
  }

  var wraps = document.querySelectorAll(".table-wrap");
  function scrollables() {
    wraps.forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        if (!wrap.hasAttribute("aria-label")) wrap.setAttribute("aria-label", heading(wrap));
      } else if (wrap.getAttribute("role") === "region") {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
      }
    });
  }
  if (wraps.length) {
    scrollables();
    window.addEventListener("resize", scrollables);
  }
})();
