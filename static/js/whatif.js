/* The workspace's what-if: change a level, see the index, domain and aspect values, predicate and target
 * gap at once. It computes what indices/scoring.py computes (values roll up the tree by weight; the index
 * is the sum of weight x value over the first level, divided by 100) from the same weights, sent by the
 * page through json_script, in exact fractions (BigInt) so that it rounds like the server: half up. The
 * target gap is index - target in the page's words (the payload's gap_words), as on every other page.
 * The scenario lives in the URL (?i23=2), so it can be shared; without JavaScript the same form asks the
 * server. tests/browser/test_whatif.py runs this and the server's function side by side. */
(function () {
  "use strict";

  function gcd(a, b) {
    a = a < 0n ? -a : a;
    b = b < 0n ? -b : b;
    while (b) { [a, b] = [b, a % b]; }
    return a || 1n;
  }

  function fraction(n, d) {
    if (d < 0n) { n = -n; d = -d; }
    const g = gcd(n, d);
    return { n: n / g, d: d / g };
  }

  function add(x, y) { return fraction(x.n * y.d + y.n * x.d, x.d * y.d); }
  function times(x, k) { return fraction(x.n * k, x.d); }

  // "2.75" -> 275n (hundredths); null for anything that is not a plain decimal with at most two places.
  function hundredths(text) {
    const match = /^\s*(\d+)(?:[.,](\d{0,2}))?\s*$/.exec(String(text));
    if (!match) { return null; }
    return BigInt(match[1]) * 100n + BigInt((match[2] || "").padEnd(2, "0"));
  }

  function rollUp(nodes, known) {
    const children = new Map();
    nodes.forEach(function (node) {
      const key = node.parent === null ? "index" : node.parent;
      if (!children.has(key)) { children.set(key, []); }
      children.get(key).push(node);
    });
    const values = new Map(known);
    function valueOf(key) {
      if (values.has(key)) { return values.get(key); }
      const members = children.get(key) || [];
      if (!members.length || members.some(function (m) { return m.weight === null; })) { return null; }
      let total = { n: 0n, d: 1n };
      let weight = 0n;
      for (const member of members) {
        const value = valueOf(member.id);
        if (value === null) { return null; }
        const w = hundredths(member.weight);
        total = add(total, times(value, w));
        weight += w;
      }
      const result = fraction(total.n, total.d * (key === "index" ? 10000n : weight));
      values.set(key, result);
      return result;
    }
    nodes.forEach(function (node) { valueOf(node.id); });
    valueOf("index");
    return values;
  }

  // Half up, as the server's indices.formatting.rounded does; `places` decimals; a decimal comma in Indonesian.
  function format(value, places, separator) {
    const scale = 10n ** BigInt(places);
    const negative = value.n < 0n;
    const n = negative ? -value.n : value.n;
    const q = (2n * n * scale + value.d) / (2n * value.d);
    const whole = (q / scale).toString();
    const decimals = (q % scale).toString().padStart(places, "0");
    return (negative ? "−" : "") + whole + separator + decimals;
  }

  // A change as indices.formatting.signed writes it: +0,18, −0,05 (a true minus sign), ±0,00 for none.
  function signed(value, separator) {
    const text = format(value, 2, separator);
    const zero = "0" + separator + "00";
    if (text === zero || text === "−" + zero) { return "±" + zero; }
    return text.startsWith("−") ? text : "+" + text;
  }

  // Index minus target in the page's words, as indices.formatting.target_gap gives it: what rounds to
  // 0,00 is on the target, otherwise short of it or above it by the rounded distance.
  function gapInWords(gap, separator, words) {
    const text = format({ n: gap.n < 0n ? -gap.n : gap.n, d: gap.d }, 2, separator);
    if (text === "0" + separator + "00") { return words.on; }
    return (gap.n < 0n ? words.short : words.above).replace("%(gap)s", text);
  }

  // The exact values of a scenario: a Map of node id -> fraction, and "index".
  function evaluate(data, levels) {
    const known = new Map();
    const byNumber = new Map();
    data.nodes.forEach(function (node) { if (node.indicator) { byNumber.set(String(node.number), node); } });
    const low = hundredths(data.scale[0]);
    byNumber.forEach(function (node, number) {
      const given = levels[number] !== undefined ? levels[number] : data.basis[number];
      const h = given === null || given === undefined ? low : hundredths(given);
      known.set(node.id, fraction(h === null ? low : h, 100n));
    });
    return rollUp(data.nodes, known);
  }

  function compute(data, levels, separator) {
    const values = evaluate(data, levels);
    const result = { values: {}, index: null, band: null, gap: null };
    data.nodes.forEach(function (node) {
      const value = values.get(node.id);
      if (!node.indicator && value) { result.values[node.id] = format(value, 2, separator); }
    });
    const index = values.get("index");
    if (index) {
      result.index = format(index, 2, separator);
      data.bands.forEach(function (band) {
        if (index.n * 100n >= hundredths(band.lower) * index.d) { result.band = band.predicate; }
      });
      if (data.target !== null) {
        const target = fraction(hundredths(data.target), 100n);
        result.gap = gapInWords(add(index, times(target, -1n)), separator, data.gap_words);
      }
    }
    return result;
  }

  // The scenario's index less the basis's (every level as entered), signed: "+0,18".
  function change(data, levels, separator) {
    const scenario = evaluate(data, levels).get("index");
    const basis = evaluate(data, {}).get("index");
    if (!scenario || !basis) { return null; }
    return signed(add(scenario, times(basis, -1n)), separator);
  }

  function separatorOf(lang) { return lang === "en" ? "." : ","; }

  window.spbeWhatIf = {
    compute: function (data, levels, lang) { return compute(data, levels, separatorOf(lang)); },
    change: function (data, levels, lang) { return change(data, levels, separatorOf(lang)); },
  };

  const source = document.getElementById("whatif-data");
  const form = document.getElementById("whatif");
  if (!source || !form) { return; }
  const data = JSON.parse(source.textContent);
  const separator = separatorOf(document.documentElement.lang);
  const low = hundredths(data.scale[0]);
  const high = hundredths(data.scale[1]);

  function scenario() {
    const levels = {};
    form.querySelectorAll("[data-indicator]").forEach(function (field) {
      const h = hundredths(field.value);
      const valid = h !== null && h >= low && h <= high;
      field.setAttribute("aria-invalid", valid ? "false" : "true");
      if (valid) { levels[field.dataset.indicator] = field.value.replace(",", "."); }
    });
    return levels;
  }

  function show(name, text) {
    document.querySelectorAll('[data-whatif="' + name + '"]').forEach(function (element) {
      element.textContent = text === null ? "—" : text;
    });
  }

  // One sentence for a screen reader, written only when it differs from the last: a key press fires both
  // "input" and "change", and each figure of its own would be read as a bare "2,71".
  const status = document.querySelector('[data-whatif="sentence"]');
  function announce(result, levels) {
    if (!status || result.index === null) { return; }
    const sentence = status.dataset.sentence
      .replace("{index}", result.index)
      .replace("{band}", result.band || "—")
      .replace("{change}", change(data, levels, separator));
    if (status.textContent !== sentence) { status.textContent = sentence; }
  }

  function update() {
    const levels = scenario();
    const result = compute(data, levels, separator);
    show("index", result.index);
    show("band", result.band);
    show("gap", result.gap);
    Object.keys(result.values).forEach(function (id) { show("node-" + id, result.values[id]); });
    announce(result, levels);
    const params = new URLSearchParams();
    Object.keys(levels).forEach(function (number) {
      const basis = data.basis[number] === null ? data.scale[0] : data.basis[number];
      if (hundredths(levels[number]) !== hundredths(basis)) { params.set("i" + number, levels[number]); }
    });
    const query = params.toString();
    const url = window.location.pathname + (query ? "?" + query : "") + "#simulasi";
    window.history.replaceState(null, "", url);
    document.querySelectorAll('[data-whatif="share"]').forEach(function (link) { link.href = url; });
  }

  // Focus never hidden under the sticky figures (WCAG 2.4.11): the page's scroll-padding is their height,
  // so that the browser scrolls a field into view below them, and a field the browser still leaves under
  // them (Shift+Tab upwards) is scrolled clear.
  const panel = document.getElementById("whatif-results");
  function panelHeight() { return panel.getBoundingClientRect().height + 8; }
  function pad() {
    document.documentElement.style.setProperty("--whatif-height", panelHeight() + "px");
  }
  if (panel) {
    pad();
    if (window.ResizeObserver) { new ResizeObserver(pad).observe(panel); }
    form.addEventListener("focusin", function (event) {
      const box = event.target.getBoundingClientRect();
      const covered = panel.getBoundingClientRect().bottom + 4 - box.top;
      if (covered > 0 && event.target !== panel) { window.scrollBy(0, -covered); }
    });
  }

  form.addEventListener("input", update);
  form.addEventListener("change", update);
  form.addEventListener("reset", function () { window.setTimeout(update, 0); });
}());
