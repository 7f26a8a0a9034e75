/* Frontline time control: a date slider that shows only the features whose [start, end]
 * window contains the chosen day. Works on the layers registered by frontline.js; features
 * without dates are always shown. Days are integers (days since 1970-01-01, UTC).
 */
(function () {
  "use strict";
  var FL = (window.frontline = window.frontline || {});

  function iso(day) { return new Date(day * 86400000).toISOString().slice(0, 10); }

  function visible(item, day) {
    if (day === null) { return true; }
    return (item.t0 === null || item.t0 <= day) && (item.t1 === null || day <= item.t1);
  }

  /* Show the features of the named layers that are current on `day` (null = every date). */
  FL.showDay = function (names, day) {
    names.forEach(function (name) {
      var entry = FL.layers[name];
      if (!entry) { return; }
      entry.items.forEach(function (item) {
        var want = visible(item, day), has = entry.group.hasLayer(item.layer);
        if (want && !has) { entry.group.addLayer(item.layer); }
        if (!want && has) { entry.group.removeLayer(item.layer); }
      });
    });
    FL.day = day;
  };

  FL.timeline = function (map, options) {
    var names = options.layers, first = options.start, last = options.end;
    var control = L.control({ position: options.position || "bottomleft" });
    control.onAdd = function () {
      var box = L.DomUtil.create("div", "fl-timeline leaflet-bar");
      var all = L.DomUtil.create("input", "", L.DomUtil.create("label", "fl-all", box));
      all.type = "checkbox";
      all.checked = true;
      all.parentNode.appendChild(document.createTextNode(" all dates"));
      var slider = L.DomUtil.create("input", "fl-slider", box);
      slider.type = "range";
      slider.min = String(first);
      slider.max = String(last);
      slider.step = "1";
      slider.value = String(last);
      var label = L.DomUtil.create("span", "fl-day", box);
      function update() {
        box.classList.toggle("fl-off", all.checked);
        label.textContent = all.checked ? iso(first) + " – " + iso(last) : iso(Number(slider.value));
        FL.showDay(names, all.checked ? null : Number(slider.value));
      }
      all.addEventListener("change", update);
      slider.addEventListener("input", function () { all.checked = false; update(); });
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      FL.timelineInputs = { all: all, slider: slider, label: label, update: update };
      update();
      return box;
    };
    control.addTo(map);
    return control;
  };
})();
