/* Frontline map layers: draws the GeoJSON that layers/render.py embeds.
 *
 * Feature properties carry _s (index into data.styles), _tip, _popup, _t0/_t1 and _arrows.
 * Every string shown to the reader (tooltips, popups) arrives already HTML-escaped by Python;
 * this file never builds HTML from feature data. Points are canvas circle markers so that
 * 10,000 events stay fluid; lines and areas are SVG so that contested areas can be hatched.
 * window.frontline.layers[name] keeps each layer's features for the time control and for tests.
 */
(function () {
  "use strict";
  var FL = (window.frontline = window.frontline || {});
  FL.layers = FL.layers || {};

  /* A circle marker drawn a few pixels away from its point (the offset is in screen pixels, so it
   * holds at every zoom): events at the same town fan out instead of hiding one another. Defined on
   * first use, so this file may load before Leaflet. */
  var OffsetMarker = null;
  function offsetMarker(latlng, options) {
    OffsetMarker = OffsetMarker || L.CircleMarker.extend({
      /* points get their own canvas in a pane above the SVG lines and areas (Leaflet stacks SVG
       * over canvas in one pane, which would tint every marker inside a filled area) */
      beforeAdd: function (map) {
        if (!map.getPane("flPoints")) { map.createPane("flPoints").style.zIndex = 450; }
        map._flCanvas = map._flCanvas || L.canvas({ padding: 0.5, pane: "flPoints" });
        this.options.renderer = map._flCanvas;
        L.CircleMarker.prototype.beforeAdd.call(this, map);
      },
      _project: function () {
        L.CircleMarker.prototype._project.call(this);
        var o = this.options.offset;
        if (o) { this._point = this._point.add(L.point(o[0], o[1])); this._updateBounds(); }
      },
      /* the event type's symbol, drawn over the circle (canvas renderer only) */
      _updatePath: function () {
        L.CircleMarker.prototype._updatePath.call(this);
        var ctx = this._renderer._ctx, glyph = this.options.symbol;
        if (!ctx || !glyph || this._empty()) { return; }
        ctx.save();
        ctx.fillStyle = "#ffffff";
        ctx.font = "bold " + Math.round(this._radius * 1.3) + "px sans-serif";
        ctx.textAlign = "center";
        ctx.textBaseline = "middle";
        ctx.fillText(glyph, this._point.x, this._point.y + 0.5);
        ctx.restore();
      }
    });
    return new OffsetMarker(latlng, options);
  }

  function hatchFill(path, colour) {
    var svg = path._path && path._path.ownerSVGElement;
    if (!svg) { return; }
    var id = "fl-hatch-" + colour.replace(/[^0-9a-zA-Z]/g, "");
    if (!svg.querySelector("#" + id)) {
      var ns = "http://www.w3.org/2000/svg";
      var defs = svg.querySelector("defs") || svg.insertBefore(document.createElementNS(ns, "defs"), svg.firstChild);
      var pattern = document.createElementNS(ns, "pattern");
      pattern.setAttribute("id", id);
      pattern.setAttribute("patternUnits", "userSpaceOnUse");
      pattern.setAttribute("width", "8");
      pattern.setAttribute("height", "8");
      pattern.setAttribute("patternTransform", "rotate(45)");
      var stripe = document.createElementNS(ns, "line");
      stripe.setAttribute("x1", "0"); stripe.setAttribute("y1", "0");
      stripe.setAttribute("x2", "0"); stripe.setAttribute("y2", "8");
      stripe.setAttribute("stroke", colour);
      stripe.setAttribute("stroke-width", "3");
      pattern.appendChild(stripe);
      defs.appendChild(pattern);
    }
    path._path.setAttribute("fill", "url(#" + id + ")");
  }

  function arrowMarkers(arrows, colour) {
    return arrows.map(function (a) {
      var html = '<div class="fl-arrow" style="transform:rotate(' + Number(a[2]) + "deg);border-bottom-color:" +
        colour + '"></div>';
      return L.marker([a[0], a[1]], {
        icon: L.divIcon({ className: "fl-arrow-icon", html: html, iconSize: [14, 14], iconAnchor: [7, 7] }),
        interactive: false, keyboard: false
      });
    });
  }

  /* Add a FeatureCollection to a FeatureGroup; feature properties carry _s, _tip, _popup,
   * _t0/_t1 (days since 1970, null = open), _o (pixel offset of a point), _label (a permanent
   * tooltip) and, for routes, _arrows [[lat, lon, bearing], ...]. */
  FL.addFeatures = function (group, name, data) {
    var entry = (FL.layers[name] = { group: group, features: [], items: [] });
    var styles = data.styles || [];
    function styleOf(feature) { return styles[feature.properties._s] || {}; }
    L.geoJSON(data, {
      pointToLayer: function (feature, latlng) {
        var options = L.extend({ offset: feature.properties._o }, styleOf(feature));
        return offsetMarker(latlng, options);
      },
      style: styleOf,
      onEachFeature: function (feature, layer) {
        var p = feature.properties;
        if (p._tip) {
          layer.bindTooltip(p._tip, p._label ? { permanent: true, direction: "right", className: "fl-label", offset: [6, 0] }
            : { sticky: !(layer instanceof L.CircleMarker), offset: p._o ? [p._o[0], p._o[1]] : [0, 0] });
        }
        if (p._popup) { layer.bindPopup(p._popup, { maxWidth: 380, className: "fl-popup" }); }
        var parts = [layer];
        if (p._arrows) { parts = parts.concat(arrowMarkers(p._arrows, styleOf(feature).color || "#333")); }
        if (p._hatch) {
          layer.on("add", function () { hatchFill(layer, p._hatch); });
        }
        entry.features.push(layer);
        parts.forEach(function (part) {
          entry.items.push({ layer: part, t0: p._t0 == null ? null : p._t0, t1: p._t1 == null ? null : p._t1 });
          group.addLayer(part);
        });
      }
    });
    return entry;
  };

  /* Number of a layer's features currently drawn (arrows are not counted). */
  FL.count = function (name) {
    var entry = FL.layers[name];
    if (!entry) { return 0; }
    return entry.features.filter(function (layer) { return entry.group.hasLayer(layer) && !!layer._map; }).length;
  };

})();
