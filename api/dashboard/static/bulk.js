/* Bulk booking pages, progressively enhanced: without this script the calendar's hours are
   plain checkboxes and the progress page reloads itself. */
(function () {
  "use strict";

  // --- picking hours by clicking or dragging across the calendar -------------------------
  var grid = document.querySelector("table.planner.picking");
  if (grid) {
    var counter = document.getElementById("picked-count");
    var dragging = false;
    var target = true;
    var boxOf = function (cell) { return cell && cell.querySelector("input[name=slot]"); };
    var show = function () {
      var n = grid.querySelectorAll("input[name=slot]:checked").length;
      if (counter) { counter.textContent = n + " picked"; }
    };
    var set = function (cell, on) {
      var box = boxOf(cell);
      if (!box) { return; }
      box.checked = on;
      cell.classList.toggle("picked", on);
    };
    grid.addEventListener("mousedown", function (event) {
      var cell = event.target.closest("td.pick");
      if (!cell || event.button !== 0) { return; }
      event.preventDefault();  // no text selection while dragging
      dragging = true;
      target = !boxOf(cell).checked;
      set(cell, target);
      show();
    });
    grid.addEventListener("mouseover", function (event) {
      if (!dragging) { return; }
      var cell = event.target.closest("td.pick");
      if (cell) { set(cell, target); show(); }
    });
    document.addEventListener("mouseup", function () { dragging = false; });
    grid.addEventListener("click", function (event) {
      // A mouse click was handled on mousedown; a keyboard one (detail 0) toggles as usual.
      if (event.detail > 0 && event.target.closest("td.pick")) { event.preventDefault(); }
    });
    grid.addEventListener("change", function (event) {
      var cell = event.target.closest("td.pick");
      if (cell) { cell.classList.toggle("picked", event.target.checked); show(); }
    });
  }

  // --- following a batch ---------------------------------------------------------------------
  var box = document.getElementById("bulk-progress");
  if (box && box.dataset.final !== "true") {
    var bar = document.getElementById("batch-bar");
    var summary = document.getElementById("batch-summary");
    var status = document.getElementById("batch-status");
    var later = function () { window.setTimeout(tick, 1000); };
    var apply = function (p) {
      bar.value = p.percent;
      bar.textContent = p.percent + "%";
      bar.setAttribute("aria-valuetext", p.summary);
      summary.textContent = p.summary;
      status.textContent = p.status.replace(/_/g, " ");
      status.className = "status status-" + p.status;
      p.phases.forEach(function (phase) {
        var li = box.querySelector('[data-phase="' + phase.key + '"]');
        if (!li) { return; }
        li.className = "phase-" + phase.state;
        if (phase.state === "current") { li.setAttribute("aria-current", "step"); }
        else { li.removeAttribute("aria-current"); }
      });
      p.items.forEach(function (item) {
        var row = document.querySelector('#items tr[data-index="' + item.index + '"]');
        if (!row) { return; }
        var cell = row.querySelector(".item-status");
        cell.textContent = item.status.replace(/_/g, " ");
        cell.className = "item-status status status-" + item.status;
        row.querySelector(".item-fate").textContent = item.fate;
        row.querySelector(".item-when").textContent = item.when;
        row.querySelector(".item-creator").textContent = item.creator;
      });
    };
    var tick = function () {
      fetch(box.dataset.poll, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (p) {
          if (!p) { return later(); }
          apply(p);
          if (p.final) {
            box.dataset.final = "true";
            var follow = document.getElementById("batch-follow");
            if (follow) { follow.hidden = true; }
            return;
          }
          later();
        })
        .catch(later);
    };
    later();
  }
}());
