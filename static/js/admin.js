/* What the admin's own scripts leave unnamed, named (WCAG 4.1.2), without forking them:
 * - an autocomplete field (select2) is a combobox labelled by its empty "rendered" span until a value is
 *   chosen: it is named by the field's <label> and then its value;
 * - the filter boxes of a many-to-many field (SelectFilter2) put an aria-label on a plain span, which
 *   ARIA does not allow: it becomes an image with that name.
 * Both scripts draw after the page has loaded, so this looks again whenever the admin adds elements. */
(function () {
  "use strict";

  // The element that names `field`: its <label>, or in an inline's table a hidden span holding the
  // aria-label the server gave it ("Source, row 2").
  function labelOf(field) {
    var label = field.id && document.querySelector('label[for="' + field.id + '"]');
    if (!label && field.getAttribute("aria-label")) {
      label = document.getElementById(field.id + "-name");
      if (!label) {
        label = document.createElement("span");
        label.hidden = true;
        label.id = field.id + "-name";
        label.textContent = field.getAttribute("aria-label");
        field.parentNode.insertBefore(label, field);
      }
    }
    if (!label) { return null; }
    if (!label.id) { label.id = field.id + "-label"; }
    return label;
  }

  function nameComboboxes(root) {
    root.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var container = select.nextElementSibling;
      var label = labelOf(select);
      if (!label || !container || !container.classList.contains("select2")) { return; }
      var combobox = container.querySelector('.select2-selection[role="combobox"]');
      var rendered = container.querySelector(".select2-selection__rendered");
      if (combobox && rendered) {
        if (!rendered.id) { rendered.id = select.id + "-rendered"; }
        combobox.setAttribute("aria-labelledby", label.id + " " + rendered.id);
        rendered.setAttribute("aria-labelledby", label.id);
      }
    });
  }

  function nameFilterIcons(root) {
    root.querySelectorAll("span.help-tooltip[aria-label]:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
  }

  function fix() {
    nameComboboxes(document);
    nameFilterIcons(document);
  }

  var pending = false;
  function later() {
    if (pending) { return; }
    pending = true;
    window.requestAnimationFrame(function () { pending = false; fix(); });
  }

  function start() {
    fix();
    new MutationObserver(later).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
  window.addEventListener("load", fix);
}());
