/* congtt: narrow the procedure catalogue by field, online level and text typed with or without tone marks.
   Without JavaScript the form stays hidden and the full list is shown. */
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
