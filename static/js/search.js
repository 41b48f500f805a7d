/* A search field that suggests places as one types: an ARIA 1.2 combobox with a list box.
 *
 * Every <input data-place-search="/cari/tempat.json"> gets it. The list of places is fetched once from the
 * portal (no request leaves it) and matched here the way indices/reads/places.py `find_places` matches on the
 * server: accents, punctuation and case ignored, a leading "Kab."/"Kabupaten"/"Kota"/"Prov."/"Provinsi" taken
 * as the kind, a Kemendagri code typed with or without its dot. Arrow keys move through the suggestions, Enter
 * opens the one chosen (or, with data-choose="submit", submits its code with the form), Escape closes them.
 * Without JavaScript the field is a plain GET form field: the server answers the same search.
 */
(function () {
  "use strict";

  var KIND_WORDS = {
    kabupaten: "kabupaten", kab: "kabupaten", kota: "kota",
    provinsi: "provinsi", propinsi: "provinsi", prov: "provinsi"
  };
  var KIND_ORDER = { kementerian: 0, lembaga: 1, provinsi: 2, kabupaten: 3, kota: 4 };
  var SHOWN = 8;
  var indexes = {};

  function fold(text) {
    var plain = text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
    return (plain.match(/[a-z0-9]+/g) || []).join(" ");
  }

  // A leading "Kab."/"Kota"/"Prov." names the kind; elsewhere it is part of a name ("Lima Puluh Kota").
  function parse(text) {
    var words = fold(text).split(" ").filter(Boolean);
    if (words.length > 1 && KIND_WORDS[words[0]]) {
      return { kind: KIND_WORDS[words[0]], words: words.slice(1) };
    }
    return { kind: null, words: words };
  }

  function asCode(text) {
    var digits = fold(text).replace(/ /g, "");
    if (/^[0-9]+$/.test(digits) && (digits.length === 2 || digits.length === 4)) {
      return digits.length === 2 ? digits : digits.slice(0, 2) + "." + digits.slice(2);
    }
    return text.trim().toLowerCase();
  }

  function find(text, places) {
    if (!text.trim()) {
      return [];
    }
    var code = asCode(text);
    var exact = places.filter(function (place) { return place.code === code; });
    if (exact.length) {
      return exact;
    }
    var query = parse(text);
    if (!query.words.length) {
      return [];
    }
    var whole = query.words.join("");
    var found = [];
    places.forEach(function (place) {
      if (query.kind && place.kind !== query.kind) {
        return;
      }
      var closeness = 3;
      place.keys.forEach(function (key) {
        var all = query.words.every(function (word) { return key.indexOf(word) !== -1; });
        if (all) {
          closeness = Math.min(closeness, key === whole ? 0 : key.indexOf(whole) === 0 ? 1 : 2);
        }
      });
      if (closeness < 3) {
        found.push({ closeness: closeness, place: place });
      }
    });
    found.sort(function (a, b) {
      return a.closeness - b.closeness ||
        KIND_ORDER[a.place.kind] - KIND_ORDER[b.place.kind] ||
        (a.place.name < b.place.name ? -1 : a.place.name > b.place.name ? 1 : 0);
    });
    return found.map(function (item) { return item.place; });
  }

  function load(url) {
    if (!indexes[url]) {
      indexes[url] = fetch(url, { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (data) { return data.places; });
    }
    return indexes[url];
  }

  function Combobox(input) {
    this.input = input;
    this.form = input.form;
    this.matches = [];
    this.active = -1;
    this.list = document.createElement("ul");
    this.list.id = input.id + "-suggestions";
    this.list.className = "suggestions";
    this.list.setAttribute("role", "listbox");
    this.list.hidden = true;
    var label = input.labels && input.labels[0];
    if (label) {
      if (!label.id) {
        label.id = input.id + "-label";
      }
      this.list.setAttribute("aria-labelledby", label.id);
    }
    this.status = document.createElement("div");
    this.status.className = "visually-hidden";
    this.status.setAttribute("role", "status");
    var holder = document.createElement("div");
    holder.className = "combobox";
    input.parentNode.insertBefore(holder, input);
    holder.appendChild(input);
    holder.appendChild(this.list);
    holder.appendChild(this.status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", this.list.id);
    input.addEventListener("input", this.update.bind(this));
    input.addEventListener("focus", function () { load(input.dataset.placeSearch); });
    input.addEventListener("keydown", this.key.bind(this));
    input.addEventListener("blur", this.close.bind(this));
    // Keep the focus in the field while an option is pressed, so a click chooses before blur closes.
    this.list.addEventListener("mousedown", function (event) { event.preventDefault(); });
    this.list.addEventListener("click", this.click.bind(this));
  }

  Combobox.prototype.update = function () {
    var self = this;
    var text = this.input.value;
    load(this.input.dataset.placeSearch).then(function (places) {
      if (self.input.value !== text) {
        return;  // the visitor typed on meanwhile
      }
      self.matches = find(text, places);
      self.render();
    });
  };

  Combobox.prototype.render = function () {
    var self = this;
    this.list.textContent = "";
    this.active = -1;
    this.input.removeAttribute("aria-activedescendant");
    this.matches.slice(0, SHOWN).forEach(function (place, index) {
      var option = document.createElement("li");
      option.id = self.list.id + "-" + index;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.dataset.index = String(index);
      var name = document.createElement("span");
      name.className = "suggestion-name";
      name.textContent = place.name;
      var about = document.createElement("span");
      about.className = "suggestion-about";
      about.textContent = [place.kind_label, place.within, place.code].filter(Boolean).join(" · ");
      option.appendChild(name);
      option.appendChild(document.createTextNode(" "));
      option.appendChild(about);
      self.list.appendChild(option);
    });
    var open = this.matches.length > 0;
    this.list.hidden = !open;
    this.input.setAttribute("aria-expanded", open ? "true" : "false");
    this.say();
  };

  Combobox.prototype.say = function () {
    var data = this.input.dataset;
    var count = this.matches.length;
    var words = !this.input.value.trim() ? "" :
      count === 0 ? data.textNone :
      count === 1 ? data.textOne :
      data.textMany.replace("{count}", String(count));
    if (count > SHOWN) {
      words += " " + data.textMore;
    }
    this.status.textContent = words;
  };

  Combobox.prototype.move = function (step) {
    var options = this.list.children;
    if (!options.length) {
      return;
    }
    if (this.active >= 0) {
      options[this.active].setAttribute("aria-selected", "false");
    }
    this.active = (this.active + step + options.length) % options.length;
    var option = options[this.active];
    option.setAttribute("aria-selected", "true");
    option.scrollIntoView({ block: "nearest" });
    this.input.setAttribute("aria-activedescendant", option.id);
  };

  Combobox.prototype.key = function (event) {
    var open = !this.list.hidden;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!open && this.matches.length) {
        this.render();
      }
      this.move(event.key === "ArrowDown" ? 1 : -1);
    } else if (event.key === "Enter" && open && this.active >= 0) {
      event.preventDefault();
      this.choose(this.matches[this.active]);
    } else if (event.key === "Escape") {
      if (open) {
        event.preventDefault();
        this.close();
      }
    }
  };

  Combobox.prototype.click = function (event) {
    var option = event.target.closest("[role=option]");
    if (option) {
      this.choose(this.matches[Number(option.dataset.index)]);
    }
  };

  Combobox.prototype.choose = function (place) {
    this.close();
    if (this.input.dataset.choose === "submit") {
      this.input.value = place.code;
      this.form.submit();
    } else {
      window.location.assign(place.url);
    }
  };

  Combobox.prototype.close = function () {
    this.list.hidden = true;
    this.active = -1;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
  };

  function start() {
    if (!window.fetch || !String.prototype.normalize) {
      return;  // an old browser keeps the plain form
    }
    Array.prototype.forEach.call(document.querySelectorAll("input[data-place-search]"), function (input) {
      return new Combobox(input);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
