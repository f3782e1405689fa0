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
})();
