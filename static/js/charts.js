// Draws the portal's charts and makes their PNGs. No inline scripts: figures arrive as JSON through
// Django's json_script, and this file is the only code that reads them.
(function () {
  "use strict";

  // No mode bar: its "share" button offered to upload a chart to an outside site, and its buttons were
  // tab stops inside an image. The portal's own PNG button, outside the plot, does what is useful.
  var CONFIG = {
    responsive: true,
    displayModeBar: false,
    displaylogo: false,
    showLink: false,
    showSendToCloud: false,
    showEditInChartStudio: false,
    plotlyServerURL: "",
    showTips: false,
    scrollZoom: false,
    doubleClick: false
  };
  var PNG_WIDTH = 1200;

  function readFigure(id) {
    return JSON.parse(document.getElementById(id).textContent);
  }

  // The figure drawn at `width`: its narrow form where it has one and the chart is narrower than the
  // wide form allows; the height from its aspect when it keeps one.
  function figureFor(element, width) {
    var narrow = element.dataset.figureNarrow && width < Number(element.dataset.narrowBelow);
    if (element.dataset.figureNarrow) { element.dataset.form = narrow ? "narrow" : "wide"; }
    var figure = readFigure(narrow ? element.dataset.figureNarrow : element.dataset.figure);
    return fit(figure, width);
  }

  function fit(figure, width) {
    var layout = figure.layout;
    var meta = layout.meta || {};
    if (meta.aspect) {
      layout.height = Math.round(width * meta.aspect);
    }
    if (meta.code_text) {
      // The tile map: every tile keeps its short name where each name fits its tile at the labels' size
      // (never smaller than 14 px), and otherwise every tile writes its province's code: a map of names
      // and codes mixed would read as two kinds of place.
      var labels = figure.data[0];
      var tile = width / meta.label_columns * meta.tile;
      if (widest(labels.text, labels.textfont.size, layout.font.family) > tile - 2 * TILE_PADDING) {
        labels.text = meta.code_text;
      }
    }
    return figure;
  }

  var TILE_PADDING = 2;  // px at least between a tile's label and its edges
  var measuring = document.createElement("canvas").getContext("2d");

  // The width in px of the longest line of `labels` (plotly's "<br>" between lines) in that font.
  function widest(labels, size, family) {
    measuring.font = size + "px " + family;
    return Math.max.apply(null, labels.map(function (label) {
      return Math.max.apply(null, label.split("<br>").map(function (line) {
        return measuring.measureText(line).width;
      }));
    }));
  }

  function draw(element) {
    var width = element.clientWidth;
    var figure = figureFor(element, width);
    element.dataset.drawnWidth = String(width);
    // The placeholder kept the figure's room while the page loaded; the plot takes exactly that room.
    element.querySelectorAll(".chart-space").forEach(function (space) { space.remove(); });
    return window.Plotly.react(element, figure.data, figure.layout, CONFIG).then(function () {
      element.dataset.drawn = "true";
    });
  }

  function drawCharts() {
    var charts = document.querySelectorAll("[data-figure]");
    charts.forEach(draw);
    // A figure whose form or height follows the width is drawn again when the width changes
    // (plotly.js's own resizing keeps the height).
    var pending;
    window.addEventListener("resize", function () {
      window.clearTimeout(pending);
      pending = window.setTimeout(function () {
        charts.forEach(function (element) {
          var changes = element.dataset.figureNarrow || readFigure(element.dataset.figure).layout.meta;
          if (changes && element.dataset.drawnWidth !== String(element.clientWidth)) { draw(element); }
        });
      }, 150);
    });
  }

  // Plotly draws text as pseudo-HTML: keep "<" and "&" literal, and break lines longer than `width`
  // characters at a word (an address, with no space in it, keeps its line).
  function plotLines(text, width) {
    var lines = [];
    text.replace(/&/g, "&amp;").replace(/</g, "&lt;").split(" ").forEach(function (word) {
      var last = lines.length - 1;
      if (last >= 0 && (lines[last] + " " + word).length <= width) {
        lines[last] += " " + word;
      } else {
        lines.push(word);
      }
    });
    return lines;
  }

  // The chart as a PNG that can be cited on its own: what, where and when on top, then its source, the
  // portal's name and the page's address; always the wide form, with its legend.
  function pngFigure(element, button) {
    var figure = fit(readFigure(element.dataset.figure), PNG_WIDTH);
    var layout = figure.layout;
    var title = plotLines(button.dataset.heading, 80);
    var signed = button.dataset.portal + " · " + window.location.href;
    var notes = plotLines(button.dataset.source, 130).concat(
      signed.length <= 130 ? plotLines(signed, 130) : plotLines(button.dataset.portal, 130).concat(plotLines(window.location.href, 130))
    );
    var header = 24 + 26 * title.length + 18 * notes.length;
    var legend = layout.meta && layout.meta.aspect ? 48 : 0;  // the tile map's legend is text on the page
    var margin = layout.margin || {};
    layout.title = {
      text: title.join("<br>"),
      font: { size: 20 },
      x: 0, xref: "container", xanchor: "left", y: 1, yref: "container", yanchor: "top",
      pad: { t: 14, l: 16 },
      subtitle: { text: notes.join("<br>"), font: { size: 13, color: "#5b6573" } }
    };
    layout.margin = Object.assign({}, margin, { t: (margin.t || 16) + header, b: (margin.b || 16) + legend });
    layout.showlegend = layout.showlegend || Boolean(legend);
    layout.height = (layout.height || 450) + header + legend;
    layout.width = PNG_WIDTH;
    return { data: figure.data, layout: layout };
  }

  function wireDownloads() {
    document.querySelectorAll("[data-download-png]").forEach(function (button) {
      button.addEventListener("click", function () {
        var element = document.getElementById(button.dataset.downloadPng);
        var png = pngFigure(element, button);
        window.Plotly.downloadImage(png, {
          format: "png", filename: button.dataset.filename, width: PNG_WIDTH, height: png.layout.height, scale: 2
        });
      });
    });
  }

  function start() {
    if (window.Plotly) { drawCharts(); }
    wireDownloads();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
