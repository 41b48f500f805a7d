// Draws the portal's charts and wires the small page helpers. No inline scripts: figures arrive
// as JSON through Django's json_script, and this file is the only code that reads them.
(function () {
  "use strict";

  var CONFIG = {
    responsive: true,
    displaylogo: false,
    scrollZoom: false,
    modeBarButtonsToRemove: [
      "zoom2d", "pan2d", "select2d", "lasso2d", "zoomIn2d", "zoomOut2d",
      "autoScale2d", "resetScale2d", "toggleSpikelines", "hoverClosestCartesian", "hoverCompareCartesian"
    ],
    toImageButtonOptions: { format: "png", scale: 2 }
  };

  // Figures whose layout.meta asks for it keep their aspect ratio and hide labels on narrow screens.
  function fitToWidth(figure, width) {
    var meta = figure.layout.meta || {};
    if (meta.aspect && width) {
      figure.layout.height = Math.max(160, Math.round(width * meta.aspect)) + (meta.legend_height || 0);
    }
    if (meta.labels_from_width && width < meta.labels_from_width) {
      figure.data.forEach(function (trace) {
        if (trace.textfont) { trace.textfont.color = "rgba(0,0,0,0)"; }
      });
    }
    return figure;
  }

  function drawCharts() {
    document.querySelectorAll("[data-figure]").forEach(function (element) {
      var source = document.getElementById(element.dataset.figure);
      if (!source) { return; }
      var figure = fitToWidth(JSON.parse(source.textContent), element.clientWidth);
      var config = Object.assign({}, CONFIG, {
        toImageButtonOptions: Object.assign({}, CONFIG.toImageButtonOptions, { filename: element.id })
      });
      window.Plotly.newPlot(element, figure.data, figure.layout, config).then(function () {
        element.dataset.drawn = "true";
      });
    });
  }

  function wireDownloads() {
    document.querySelectorAll("[data-download-png]").forEach(function (button) {
      button.addEventListener("click", function () {
        var element = document.getElementById(button.dataset.downloadPng);
        window.Plotly.downloadImage(element, { format: "png", filename: button.dataset.filename, width: 1200, height: 650 });
      });
    });
  }

  // A text box that narrows a long <select>: options (and whole province groups) that do not
  // match are hidden, chosen options always stay visible.
  function wireSearchableSelects() {
    document.querySelectorAll("[data-filter-for]").forEach(function (input) {
      var select = document.getElementById(input.dataset.filterFor);
      if (!select) { return; }
      input.addEventListener("input", function () {
        var query = input.value.trim().toLowerCase();
        select.querySelectorAll("optgroup").forEach(function (group) {
          var groupMatches = group.label.toLowerCase().indexOf(query) !== -1;
          var anyVisible = false;
          group.querySelectorAll("option").forEach(function (option) {
            var show = !query || groupMatches || option.selected ||
              option.textContent.toLowerCase().indexOf(query) !== -1;
            option.hidden = !show;
            anyVisible = anyVisible || show;
          });
          group.hidden = !anyVisible;
        });
      });
    });
  }

  function start() {
    if (window.Plotly) { drawCharts(); }
    wireDownloads();
    wireSearchableSelects();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
