/* Put the focus back where the visitor acted. Sorting a table, turning its page, applying a filter or
 * choosing a year reloads the page at an address ending in the control's id (#sort-ranking-value,
 * #ranking-region, #ranking-apply, #year-picker): the browser scrolls there, and this moves the keyboard
 * focus there too, so the next Tab goes on from the control and a screen reader reads from it. */
(function () {
  "use strict";

  function focusTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (!target) {
      return;
    }
    if (target.tabIndex < 0 && !target.hasAttribute("tabindex")) {
      target.setAttribute("tabindex", "-1");
    }
    target.focus();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusTarget);
  } else {
    focusTarget();
  }
}());
