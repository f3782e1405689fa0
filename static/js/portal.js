/* Walletdesk portal: the little JavaScript the pages need; they work without it. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // The language menu switches on change; the button is there for no-JS visitors.
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });

  // One click, one submission: the server also ignores a repeated submission key.
  document.querySelectorAll("form[data-submit-once]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.submitted === "1") {
        event.preventDefault();
        return;
      }
      form.dataset.submitted = "1";
      form.querySelectorAll("button[type=submit]").forEach(function (button) {
        button.disabled = true;
        if (button.dataset.busyLabel) {
          button.textContent = button.dataset.busyLabel;
        }
      });
    });
  });

  // The app hand-off page presses its own button: the GET that showed it changed
  // nothing, so a link preview cannot spend the one-time link.
  document.querySelectorAll("form[data-handoff]").forEach(function (form) {
    form.requestSubmit();
  });

  // FAQ answers that match what the customer is typing; "This solved it" posts a
  // deflection from a separate form, so the ticket form itself is never sent.
  document.querySelectorAll("[data-faq-suggest]").forEach(function (box) {
    var form = box.closest("form");
    var list = box.querySelector("[data-faq-list]");
    if (!form || !list || !window.fetch) { return; }
    var fields = [form.elements.subject, form.elements.description].filter(Boolean);
    var timer = null;
    var lastQuery = "";
    var controller = null;

    function typed() {
      return fields.map(function (field) { return field.value; }).join(" ").trim();
    }

    function deflect(slug) {
      var post = document.createElement("form");
      post.method = "post";
      post.action = box.dataset.faqDeflect;
      post.hidden = true;
      var values = {
        csrfmiddlewaretoken: form.elements.csrfmiddlewaretoken.value,
        article: slug,
        query: typed().slice(0, 2000),
        situation: box.dataset.situation || ""
      };
      Object.keys(values).forEach(function (name) {
        var input = document.createElement("input");
        input.type = "hidden";
        input.name = name;
        input.value = values[name];
        post.appendChild(input);
      });
      document.body.appendChild(post);
      post.submit();
    }

    function render(results) {
      list.replaceChildren();
      results.forEach(function (item) {
        var row = document.createElement("li");
        row.className = "list-group-item d-flex gap-3 justify-content-between align-items-start";
        row.dataset.test = "faq-suggestion";
        var text = document.createElement("div");
        var link = document.createElement("a");
        link.href = item.url;
        link.target = "_blank";
        link.rel = "noopener";
        link.lang = item.language;
        link.className = "fw-semibold";
        link.textContent = item.title;
        text.appendChild(link);
        if (item.summary) {
          var summary = document.createElement("div");
          summary.className = "small text-muted";
          summary.lang = item.language;
          summary.textContent = item.summary;
          text.appendChild(summary);
        }
        var button = document.createElement("button");
        button.type = "button";
        button.className = "btn btn-sm btn-success flex-shrink-0";
        button.dataset.test = "faq-solved";
        button.textContent = box.dataset.solvedLabel;
        button.addEventListener("click", function () {
          button.disabled = true;
          deflect(item.slug);
        });
        row.appendChild(text);
        row.appendChild(button);
        list.appendChild(row);
      });
      box.hidden = results.length === 0;
    }

    function lookup() {
      var query = typed();
      if (query.length < 2) {
        lastQuery = "";
        render([]);
        return;
      }
      if (query === lastQuery) { return; }
      lastQuery = query;
      if (controller) { controller.abort(); }
      controller = window.AbortController ? new AbortController() : null;
      fetch(box.dataset.faqSuggest + "?q=" + encodeURIComponent(query.slice(0, 1000)), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        signal: controller ? controller.signal : undefined
      }).then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (payload) { render(payload.results || []); })
        .catch(function () {});
    }

    fields.forEach(function (field) {
      field.addEventListener("input", function () {
        window.clearTimeout(timer);
        timer = window.setTimeout(lookup, 350);
      });
    });
    if (typed()) { lookup(); }
  });
})();
