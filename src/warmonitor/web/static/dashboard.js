// The overview's map and timeline. Data comes from the JSON API with the page's own filters
// (read from a data- attribute, never from an inline script); every string from the data is
// put into the page with textContent, never as HTML.
"use strict";
(function () {
  var root = document.getElementById("overview");
  if (!root) return;
  var query = root.dataset.query || "";
  var PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b",
                 "#e377c2", "#17becf", "#bcbd22", "#7f7f7f"];
  var colours = {};

  function colourOf(type) {
    if (!(type in colours)) colours[type] = PALETTE[Object.keys(colours).length % PALETTE.length];
    return colours[type];
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function apiUrl(path, extra) {
    var parts = [query, extra].filter(function (p) { return p; });
    return path + (parts.length ? "?" + parts.join("&") : "");
  }

  // ------------------------------------------------------------------ map
  var map = null, countryLayer = null, countryIndex = {};
  if (typeof L !== "undefined" && document.getElementById("map")) {
    map = L.map("map", { preferCanvas: true, worldCopyJump: true, attributionControl: true })
      .setView([30, 20], 2);
    map.attributionControl.addAttribution("Outlines: Natural Earth");
    // "Only this area": the map's bounds become the bbox filter, as in the API.
    var AreaControl = L.Control.extend({
      onAdd: function () {
        var form = document.getElementById("filters");
        var box = el("div", "leaflet-bar area-control");
        var keep = el("button", null, "Only this area");
        keep.type = "button";
        keep.id = "keep-area";
        keep.addEventListener("click", function () {
          var b = map.getBounds();
          var clamp = function (v, lim) { return Math.max(-lim, Math.min(lim, v)).toFixed(3); };
          form.elements.bbox.value = [clamp(b.getWest(), 180), clamp(b.getSouth(), 90),
                                      clamp(b.getEast(), 180), clamp(b.getNorth(), 90)].join(",");
          form.submit();
        });
        box.appendChild(keep);
        if (form.elements.bbox.value) {
          var all = el("button", null, "Any area");
          all.type = "button";
          all.addEventListener("click", function () { form.elements.bbox.value = ""; form.submit(); });
          box.appendChild(all);
        }
        L.DomEvent.disableClickPropagation(box);
        return box;
      }
    });
    new AreaControl({ position: "topright" }).addTo(map);
    fetch("/static/countries.geojson").then(function (r) { return r.json(); }).then(function (data) {
      countryLayer = L.geoJSON(data, {
        style: { color: "#8a9bb0", weight: 0.7, fillColor: "#f4f1ea", fillOpacity: 1 },
        interactive: false,
        onEachFeature: function (feature, layer) {
          if (feature.properties.iso) countryIndex[feature.properties.iso] = layer;
        }
      }).addTo(map);
      countryLayer.bringToBack();
    }).catch(function () { /* the markers still show without outlines */ });
  }

  function radiusFor(fatalities) {
    return 4 + Math.min(16, Math.sqrt(Math.max(0, fatalities || 0)) * 2);
  }

  function popupFor(p, id) {
    var box = el("div");
    var link = el("a", "popup-title", (p.map.event_type || "").replace(/_/g, " "));
    link.href = "/incidents/" + encodeURIComponent(id);
    box.appendChild(link);
    box.appendChild(el("div", null, [p.map.date || "date unknown", p.map.location || ""].join(" · ")));
    if (p.map.fatalities !== null && p.map.fatalities !== undefined) {
      box.appendChild(el("div", null, p.map.fatalities + " killed"));
    }
    var how = { 1: "at this place", 2: "near this place", 3: "somewhere in this region" };
    box.appendChild(el("div", "hint", "location: " + (how[p.map.precision] || "approximate")));
    return box;
  }

  // A town is a dot; "near" a dashed ring of ~10 km; a province a wide dashed ring; a
  // country-level location lights up the country outline instead of pretending to a point.
  function drawFeature(f, bounds) {
    var p = f.properties, colour = colourOf(p.map.event_type);
    if (!f.geometry) return;
    var ll = [f.geometry.coordinates[1], f.geometry.coordinates[0]];
    var precision = p.map.precision || 3;
    var layers = [];
    if (p.map.feature === "country" && countryIndex[p.map.country]) {
      countryIndex[p.map.country].setStyle({ fillColor: colour, fillOpacity: 0.25 });
    } else if (precision >= 3) {
      layers.push(L.circle(ll, { radius: 50000, color: colour, weight: 1, dashArray: "4 4", fillOpacity: 0.06 }));
    } else if (precision === 2) {
      layers.push(L.circle(ll, { radius: 10000, color: colour, weight: 1, dashArray: "3 3", fillOpacity: 0.1 }));
    }
    layers.push(L.circleMarker(ll, { radius: radiusFor(p.map.fatalities), color: "#fff", weight: 1,
                                     fillColor: colour, fillOpacity: precision === 1 ? 0.9 : 0.55 }));
    layers.forEach(function (layer) {
      layer.bindPopup(popupFor(p, f.id));
      layer.addTo(map);
    });
    bounds.push(ll);
  }

  function drawLegend() {
    var legend = document.getElementById("legend");
    if (!legend) return;
    Object.keys(colours).forEach(function (type) {
      var item = el("span", "legend-item", " " + type.replace(/_/g, " ") + " ");
      var swatch = el("b", null, "●");
      swatch.style.color = colours[type];
      item.insertBefore(swatch, item.firstChild);
      legend.appendChild(item);
    });
  }

  // Pages of the list arrive one after another, so the first markers show before the rest.
  var MAX_MARKERS = 20000;
  function loadMarkers(url, bounds, drawn) {
    return fetch(url).then(function (r) { return r.json(); }).then(function (page) {
      (page.features || []).forEach(function (f) { drawFeature(f, bounds); });
      drawn += (page.features || []).length;
      if (page.next && drawn < MAX_MARKERS) {
        var next = new URL(page.next);
        return loadMarkers(next.pathname + next.search, bounds, drawn);
      }
      return bounds;
    });
  }
  if (map) {
    loadMarkers(apiUrl("/api/incidents", "format=geojson&limit=1000&fields=event_id_cnty"), [], 0)
      .then(function (bounds) {
        if (bounds.length) map.fitBounds(bounds, { maxZoom: 8, padding: [20, 20] });
        drawLegend();
        root.dataset.loaded = "true";
      }).catch(function () { root.dataset.loaded = "error"; });
  }

  // ------------------------------------------------------------------ timeline
  var svg = document.getElementById("timeline");
  var NS = "http://www.w3.org/2000/svg";
  function svgEl(tag, attrs) {
    var node = document.createElementNS(NS, tag);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }
  function dayNumber(iso) { return Math.floor(Date.parse(iso + "T00:00:00Z") / 86400000); }
  function isoOf(day) { return new Date(day * 86400000).toISOString().slice(0, 10); }

  function drawTimeline(byDay) {
    var days = Object.keys(byDay).filter(function (d) { return d !== "unknown"; }).sort();
    if (!svg || !days.length) return;
    var first = dayNumber(days[0]), last = dayNumber(days[days.length - 1]);
    var span = Math.max(1, last - first + 1);
    var width = svg.clientWidth || 800, height = svg.clientHeight || 90, base = height - 16;
    var bins = Math.min(span, Math.max(1, Math.floor(width / 3)));
    var perBin = span / bins, counts = new Array(bins).fill(0);
    days.forEach(function (d) {
      counts[Math.min(bins - 1, Math.floor((dayNumber(d) - first) / perBin))] += byDay[d];
    });
    var top = Math.max.apply(null, counts);
    var since = root.dataset.since ? dayNumber(root.dataset.since) : null;
    var until = root.dataset.until ? dayNumber(root.dataset.until) : null;
    var barWidth = width / bins;
    counts.forEach(function (n, i) {
      if (!n) return;
      var h = Math.max(2, (base - 4) * n / top);
      var lo = first + Math.floor(i * perBin), hi = first + Math.floor((i + 1) * perBin) - 1;
      var inside = (since === null || hi >= since) && (until === null || lo <= until);
      var bar = svgEl("rect", { x: i * barWidth, y: base - h, width: Math.max(1, barWidth - 1), height: h,
                                "class": "bar" + (inside ? " in" : "") });
      var title = svgEl("title", {});
      title.textContent = isoOf(lo) + (hi > lo ? " – " + isoOf(hi) : "") + ": " + n;
      bar.appendChild(title);
      svg.appendChild(bar);
    });
    [[0, "start"], [width, "end"]].forEach(function (pair, k) {
      var label = svgEl("text", { x: pair[0], y: height - 3, "class": "axis", "text-anchor": pair[1] });
      label.textContent = isoOf(k ? last : first);
      svg.appendChild(label);
    });

    function dayAt(x) { return first + Math.floor(Math.max(0, Math.min(width - 1, x)) / width * span); }
    var brush = null, startX = null;
    svg.addEventListener("mousedown", function (ev) {
      startX = ev.offsetX;
      brush = svgEl("rect", { x: startX, y: 0, width: 1, height: base, "class": "brush" });
      svg.appendChild(brush);
    });
    svg.addEventListener("mousemove", function (ev) {
      if (brush === null) return;
      brush.setAttribute("x", Math.min(startX, ev.offsetX));
      brush.setAttribute("width", Math.max(1, Math.abs(ev.offsetX - startX)));
    });
    window.addEventListener("mouseup", function (ev) {
      if (brush === null) return;
      var rect = svg.getBoundingClientRect(), endX = ev.clientX - rect.left;
      var a = dayAt(Math.min(startX, endX)), b = dayAt(Math.max(startX, endX));
      if (Math.abs(endX - startX) < 3) { a = dayAt(startX - barWidth / 2); b = dayAt(startX + barWidth / 2); }
      brush = null;
      var form = document.getElementById("filters");
      form.elements.since.value = isoOf(a);
      form.elements.until.value = isoOf(b);
      form.submit();
    });
  }
  var withoutDates = query.split("&").filter(function (p) {
    return p && p.indexOf("since=") !== 0 && p.indexOf("until=") !== 0;
  }).join("&");
  fetch("/api/stats" + (withoutDates ? "?" + withoutDates : "")).then(function (r) { return r.json(); })
    .then(function (stats) { drawTimeline(stats.by_day || {}); }).catch(function () {});
})();
