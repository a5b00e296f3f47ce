/* Filters the decisions table by year, support form, municipality and text. The table is complete and
   readable without this script; it only hides rows. No network, no storage. */
(function () {
  "use strict";
  var form = document.getElementById("filter");
  var table = document.getElementById("beslut");
  var shown = document.getElementById("visas");
  if (!form || !table || !shown) { return; }
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var texts = rows.map(function (row) { return row.textContent.toLowerCase(); });
  function apply() {
    var year = form.elements.ar.value;
    var support = form.elements.stodform.value;
    var kommun = form.elements.kommun.value;
    var query = form.elements.q.value.trim().toLowerCase();
    var count = 0;
    rows.forEach(function (row, i) {
      var ok = (!year || row.getAttribute("data-ar") === year) &&
        (!support || row.getAttribute("data-stodform") === support) &&
        (!kommun || (" " + row.getAttribute("data-kommun") + " ").indexOf(" " + kommun + " ") >= 0) &&
        (!query || texts[i].indexOf(query) >= 0);
      row.hidden = !ok;
      if (ok) { count += 1; }
    });
    shown.textContent = String(count);
  }
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.hidden = false;
  apply();
}());
