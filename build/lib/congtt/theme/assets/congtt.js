/* congtt: narrow the procedure catalogue by field, online level and text typed with or without tone marks,
   kept in the page's address. Without JavaScript the form stays hidden; the links to each field's and each
   online level's own page filter instead. */
(function () {
  "use strict";
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }
  function setUp(form) {
    var items = Array.prototype.slice.call(document.querySelectorAll("[data-field][data-online][data-text]"));
    var groups = Array.prototype.slice.call(document.querySelectorAll("[data-ct-group]"));
    var count = form.querySelector("[data-ct-count]");
    var empty = document.querySelector("[data-ct-empty]");
    items.forEach(function (item) { item.dataset.folded = fold(item.dataset.text); });
    function apply() {
      var words = fold(form.q.value).split(/\s+/).filter(Boolean);
      var field = form.field.value, online = form.online.value, shown = 0;
      items.forEach(function (item) {
        var match = (!field || item.dataset.field === field) && (!online || item.dataset.online === online) &&
          words.every(function (word) { return item.dataset.folded.indexOf(word) !== -1; });
        item.hidden = !match;
        if (match) { shown += 1; }
      });
      groups.forEach(function (group) { group.hidden = !group.querySelector("li:not([hidden])"); });
      count.textContent = "Hiện " + shown + "/" + items.length + " thủ tục.";
      empty.hidden = shown !== 0;
      remember();
    }
    // The choice is in the address, so that «Hộ tịch, toàn trình» can be bookmarked and shared.
    function remember() {
      var query = new URLSearchParams();
      ["q", "field", "online"].forEach(function (name) { if (form[name].value) { query.set(name, form[name].value); } });
      var text = query.toString();
      window.history.replaceState(null, "", window.location.pathname + (text ? "?" + text : "") + window.location.hash);
    }
    form.hidden = false;
    form.addEventListener("input", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
    var query = new URLSearchParams(window.location.search);
    ["q", "field", "online"].forEach(function (name) { if (query.get(name)) { form[name].value = query.get(name); } });
    apply();
  }
  var form = document.querySelector("[data-ct-filter]");
  if (form) { setUp(form); }
})();

/* congtt: the light/dark switch, the text size and the menu drawer, for the mouse and the keyboard alike.
   Material's own bundle is not loaded (weight on 3G phones), so the palette form it renders is driven
   from here, storing the choice the way Material's inline head script reads it back
   (__md_get("__palette")). */
(function () {
  "use strict";
  // A label made a button (role=button, tabindex=0) answers Enter and Space as a button does.
  function pressable(label) {
    label.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); label.click(); }
    });
  }
  function setUpPalette(form) {
    var inputs = Array.prototype.slice.call(form.querySelectorAll("input[name=__palette]"));
    var labels = Array.prototype.slice.call(form.querySelectorAll("label[for^=__palette_]"));
    function choose(index, remember) {
      var input = inputs[index], next = inputs[(index + 1) % inputs.length], color = {};
      // A pressed label hands the focus to its radio input; the switch shown next takes it back.
      var focused = labels.concat(inputs).indexOf(document.activeElement) !== -1;
      input.checked = true;
      ["media", "scheme", "primary", "accent"].forEach(function (key) {
        color[key] = input.getAttribute("data-md-color-" + key);
        document.body.setAttribute("data-md-color-" + key, color[key]);
      });
      labels.forEach(function (label) {
        label.hidden = label.htmlFor !== next.id;
        if (focused && !label.hidden) { label.focus(); }
      });
      if (remember && window.__md_set) { window.__md_set("__palette", { index: index, color: color }); }
    }
    var saved = window.__md_get ? window.__md_get("__palette") : null;
    choose(saved && inputs[saved.index] ? saved.index : 0, false);
    inputs.forEach(function (input, index) {
      input.addEventListener("change", function () { choose(index, true); });
    });
    labels.forEach(pressable);
  }
  var SIZES = { "-1": "nhỏ", "0": "mặc định", "1": "lớn", "2": "rất lớn" };
  function setUpTextSize(group) {
    var key = "congtt.textsize", root = document.documentElement;
    var buttons = Array.prototype.slice.call(group.querySelectorAll("button[data-step]"));
    var shown = group.querySelector("[data-ct-textsize-level]");
    function apply(level) {
      level = Math.max(-1, Math.min(2, level));
      if (level === 0) { root.removeAttribute("data-ct-text"); } else { root.setAttribute("data-ct-text", String(level)); }
      // The button of the size's side is pressed: A− below the default, A at it, A+ above.
      buttons.forEach(function (button) {
        button.setAttribute("aria-pressed", String(Number(button.dataset.step) === Math.sign(level)));
      });
      shown.textContent = "Cỡ chữ: " + SIZES[String(level)];
      try { window.localStorage.setItem(key, String(level)); } catch (error) { /* private mode: not remembered */ }
      return level;
    }
    var level = 0;
    try { level = parseInt(window.localStorage.getItem(key) || "0", 10) || 0; } catch (error) { level = 0; }
    level = apply(level);
    buttons.forEach(function (button) {
      button.addEventListener("click", function () {
        var step = parseInt(button.dataset.step, 10);
        level = apply(step === 0 ? 0 : level + step);
      });
    });
    group.hidden = false;
  }
  // The menu button of phones and tablets: a label for Material's drawer checkbox, opened and closed with
  // the keyboard too; Escape closes the drawer and gives the focus back to the button.
  function setUpDrawer(toggle, button) {
    function sync() { button.setAttribute("aria-expanded", String(toggle.checked)); }
    pressable(button);
    toggle.addEventListener("change", sync);
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.checked) { toggle.checked = false; sync(); button.focus(); }
    });
    sync();
  }
  var palette = document.querySelector("[data-md-component=palette]");
  if (palette) { setUpPalette(palette); }
  var textSize = document.querySelector("[data-ct-textsize]");
  if (textSize) { setUpTextSize(textSize); }
  var drawer = document.getElementById("__drawer"), menu = document.querySelector("[data-ct-menu]");
  if (drawer && menu) { setUpDrawer(drawer, menu); }
})();
