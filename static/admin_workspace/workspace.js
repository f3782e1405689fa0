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
    // Sections drawn only when opened (complaints.admin.case_parts): the first
    // opening fetches the fragment; the link inside works without JavaScript.
    root.querySelectorAll("details[data-part-url]").forEach(function (part) {
      part.addEventListener("toggle", function () {
        if (!part.open || part.dataset.loaded) { return; }
        part.dataset.loaded = "1";
        var target = part.querySelector(".wd-part-body");
        fetch(part.dataset.partUrl, {
          credentials: "same-origin",
          headers: { "X-Requested-With": "XMLHttpRequest" }
        }).then(function (response) {
          if (!response.ok) { throw new Error(String(response.status)); }
          return response.text();
        }).then(function (html) {
          target.innerHTML = html;
        }).catch(function () { delete part.dataset.loaded; });
      });
    });
    var canned = document.getElementById("wd-canned");
    var body = document.getElementById("wd-body");
    if (canned && body) {
      canned.addEventListener("change", function () {
        var option = canned.options[canned.selectedIndex];
        body.value = option && option.dataset.body ? option.dataset.body : "";
      });
    }
    // Insert an FAQ link (title and address, in the ticket's language) at the caret.
    var faq = document.getElementById("wd-faq");
    var faqInput = document.getElementById("wd-faq-q");
    var faqResults = document.getElementById("wd-faq-results");
    if (faq && faqInput && faqResults && body && !body.readOnly) {
      var faqTimer = null;
      faqResults.style.listStyle = "none";
      faqResults.style.paddingLeft = "0";
      var insertLink = function (item) {
        var line = item.title + ": " + item.absolute_url;
        var before = body.value.slice(0, body.selectionStart);
        var after = body.value.slice(body.selectionEnd);
        var gap = before && !/\s$/.test(before) ? "\n" : "";
        body.value = before + gap + line + "\n" + after;
        var caret = (before + gap + line + "\n").length;
        body.focus();
        body.setSelectionRange(caret, caret);
      };
      var showResults = function (results) {
        faqResults.replaceChildren();
        results.forEach(function (item) {
          var row = document.createElement("li");
          row.style.listStyle = "none";
          row.style.margin = "2px 0";
          var button = document.createElement("button");
          button.type = "button";
          button.className = "button";
          button.dataset.faqSlug = item.slug;
          button.textContent = item.title;
          button.addEventListener("click", function () { insertLink(item); });
          row.appendChild(button);
          faqResults.appendChild(row);
        });
      };
      faqInput.addEventListener("keydown", function (event) {
        if (event.key === "Enter") { event.preventDefault(); }
      });
      faqInput.addEventListener("input", function () {
        window.clearTimeout(faqTimer);
        faqTimer = window.setTimeout(function () {
          var query = faqInput.value.trim();
          if (query.length < 2) { showResults([]); return; }
          fetch(faq.dataset.suggestUrl + "?lang=" + encodeURIComponent(faq.dataset.language) +
                "&q=" + encodeURIComponent(query), { credentials: "same-origin" })
            .then(function (response) { return response.ok ? response.json() : { results: [] }; })
            .then(function (payload) { showResults(payload.results || []); })
            .catch(function () {});
        }, 300);
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
