// Agent workspace: fill the reply box from a canned reply, and a presence heartbeat
// that warns when someone else has the ticket open or changed it. Only POSTs write.
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }
  ready(function () {
    var root = document.getElementById("wd-workspace");
    if (!root) { return; }
    var canned = document.getElementById("wd-canned");
    var body = document.getElementById("wd-body");
    if (canned && body) {
      canned.addEventListener("change", function () {
        var option = canned.options[canned.selectedIndex];
        body.value = option && option.dataset.body ? option.dataset.body : "";
      });
    }
    var url = root.dataset.presenceUrl;
    var version = root.dataset.version;
    var tokenInput = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (!url || !tokenInput) { return; }
    function beat() {
      fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": tokenInput.value, "X-Requested-With": "XMLHttpRequest" }
      }).then(function (response) { return response.ok ? response.json() : null; })
        .then(function (state) {
          if (!state) { return; }
          var box = document.getElementById("wd-presence");
          document.getElementById("wd-presence-names").textContent = state.others.join(", ");
          box.hidden = state.others.length === 0;
          document.getElementById("wd-stale").hidden = state.version === version;
        }).catch(function () {});
    }
    beat();
    window.setInterval(beat, 30000);
  });
})();
