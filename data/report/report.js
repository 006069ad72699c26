/* global document */
// Sorting and filtering for the threat-model HTML report. Reads only the DOM (textContent and
// data-* attributes); never builds HTML from strings, so report text cannot become markup.
(function () {
  "use strict";

  function sortKey(cell) {
    var value = cell.getAttribute("data-sort");
    return value !== null ? value : (cell.textContent || "").trim().toLowerCase();
  }

  function compare(a, b) {
    var x = Number(a);
    var y = Number(b);
    if (a !== "" && b !== "" && !isNaN(x) && !isNaN(y)) return x - y;
    return a < b ? -1 : a > b ? 1 : 0;
  }

  function makeSortable(table) {
    var head = table.tHead && table.tHead.rows[0];
    var body = table.tBodies[0];
    if (!head || !body) return;
    Array.prototype.forEach.call(head.cells, function (th, index) {
      th.tabIndex = 0;
      function sort() {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(head.cells, function (other) {
          other.removeAttribute("aria-sort");
        });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (r1, r2) {
          var result = compare(sortKey(r1.cells[index]), sortKey(r2.cells[index]));
          return ascending ? result : -result;
        });
        rows.forEach(function (row) {
          body.appendChild(row);
        });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          sort();
        }
      });
    });
  }

  function makeFilterable(container) {
    var table = document.getElementById(container.getAttribute("data-table"));
    if (!table) return;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var search = container.querySelector("input[type=search]");
    var selects = Array.prototype.slice.call(container.querySelectorAll("select[data-field]"));
    var count = container.querySelector(".count");
    function apply() {
      var needle = search ? search.value.trim().toLowerCase() : "";
      var shown = 0;
      rows.forEach(function (row) {
        var visible = needle === "" || (row.textContent || "").toLowerCase().indexOf(needle) >= 0;
        selects.forEach(function (select) {
          if (
            select.value !== "" &&
            row.getAttribute("data-" + select.getAttribute("data-field")) !== select.value
          )
            visible = false;
        });
        row.hidden = !visible;
        if (visible) shown++;
      });
      if (count) count.textContent = shown + " of " + rows.length + " shown";
    }
    if (search) search.addEventListener("input", apply);
    selects.forEach(function (select) {
      select.addEventListener("change", apply);
    });
    apply();
  }

  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), makeSortable);
  Array.prototype.forEach.call(document.querySelectorAll(".filters[data-table]"), makeFilterable);
  document.documentElement.setAttribute("data-report-ready", "true");
})();
