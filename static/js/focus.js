/* Put the focus back where the visitor acted. Sorting a table, turning its page, applying a filter or
 * choosing a year reloads the page at an address ending in the control's id (#sort-ranking-value,
 * #ranking-region, #ranking-apply, #year-picker): the browser scrolls there, and this moves the keyboard
 * focus there too, so the next Tab goes on from the control and a screen reader reads from it. A form sent
 * back with errors puts the focus on the summary of its errors (templates/_error_summary.html). */
(function () {
  "use strict";

  function focusTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    // After a failed submit, the summary of what went wrong, above the form.
    var target = document.querySelector("[data-error-summary]") || (id && document.getElementById(id));
    if (!target) {
      return;
    }
    if (target.tabIndex < 0 && !target.hasAttribute("tabindex")) {
      target.setAttribute("tabindex", "-1");
    }
    target.focus();
  }

  // A line of the summary leads to its field: the browser scrolls there, and the focus follows.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-error-summary] a[href^='#']");
    var field = link && document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (field) {
      event.preventDefault();
      field.focus();
      field.scrollIntoView({ block: "center" });
    }
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusTarget);
  } else {
    focusTarget();
  }
}());
