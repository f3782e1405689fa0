/* Ticket exports: poll the status of running exports; reload the page when one
   finishes so its download link shows. Reads only (GET); no words live here. */
(function () {
  "use strict";
  var rows = document.querySelectorAll("[data-export-status]");
  if (!rows.length) {
    return;
  }
  function poll() {
    var pending = 0;
    var finished = false;
    var checks = Array.prototype.map.call(rows, function (row) {
      return fetch(row.getAttribute("data-export-status"), { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (status) {
          var state = row.querySelector("[data-test=export-state]");
          var progress = row.querySelector("[data-test=export-progress]");
          if (state) { state.textContent = status.state_label; }
          if (progress) {
            progress.textContent = progress.textContent.replace(/^\d+/, status.rows_done)
              .replace(/\(\d+/, "(" + status.percent);
          }
          if (status.state === "queued" || status.state === "running") {
            pending += 1;
          } else {
            finished = true;
          }
        })
        .catch(function () { pending += 1; });
    });
    Promise.all(checks).then(function () {
      if (finished) {
        window.location.reload();
      } else if (pending) {
        window.setTimeout(poll, 2000);
      }
    });
  }
  window.setTimeout(poll, 2000);
})();
